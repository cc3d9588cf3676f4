// Inline SVG charts, no library: a rate bar and a bar chart with one titled bar per value.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/** A 0..1 share as a thin bar; null draws the empty track. */
export function rateBar(value, label) {
  const width = value === null || value === undefined ? 0 : Math.max(0, Math.min(1, value)) * 100;
  const colour = value === null || value === undefined ? '#ccc' : value >= 0.9 ? '#1f8a4c' : value >= 0.7 ? '#f59f00' : '#c62828';
  return svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', role: 'img', 'aria-label': label || '' },
    svg('rect', { x: 0, y: 0, width: 100, height: 8, rx: 4, fill: '#e9ecf1' }),
    svg('rect', { x: 0, y: 0, width, height: 8, rx: 4, fill: colour }));
}

/** A small horizontal bar for a count out of the largest in its column. */
export function countBar(value, max, label) {
  const width = max > 0 ? (value / max) * 60 : 0;
  return svg('svg', { width: 64, height: 10, viewBox: '0 0 64 10', role: 'img', 'aria-label': label || String(value) },
    svg('rect', { x: 0, y: 1, width: Math.max(width, value > 0 ? 2 : 0), height: 8, rx: 2, fill: '#1c64d1' }));
}

/** Bars for [{label, value}], labels under them, the value in each bar's title (hover) and aria-label. */
export function barChart(points, label) {
  const w = 560, hgt = 90, pad = 18;
  const max = Math.max(1, ...points.map(p => p.value || 0));
  const step = (w - 8) / Math.max(1, points.length);
  const chart = svg('svg', { class: 'spark', viewBox: `0 0 ${w} ${hgt}`, role: 'img', 'aria-label': label });
  points.forEach((p, i) => {
    const bh = ((p.value || 0) / max) * (hgt - pad - 14);
    const x = 4 + i * step + step * 0.15;
    const bar = svg('rect', { x, y: hgt - pad - bh, width: step * 0.7, height: Math.max(bh, 1), rx: 3, fill: '#1c64d1' },
      svg('title', {}, document.createTextNode(`${p.label}: ${p.value ?? 0}`)));
    chart.append(bar);
    chart.append(svg('text', { x: x + step * 0.35, y: hgt - pad - bh - 3, 'text-anchor': 'middle', 'font-size': 11, fill: '#1d2330' },
      document.createTextNode(String(p.value ?? 0))));
    chart.append(svg('text', { x: x + step * 0.35, y: hgt - 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#5f6878' },
      document.createTextNode(p.label)));
  });
  return chart;
}
