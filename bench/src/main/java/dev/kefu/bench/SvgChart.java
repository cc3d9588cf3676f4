package dev.kefu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as a self-contained SVG (no script, no external font or style): panels stacked under one title, each
 * with its own y axis from 0, all sharing the x axis (seconds). Written by the bench so a rerun redraws the chart
 * without any tool beyond the JDK.
 */
public final class SvgChart {

    static final int WIDTH = 960;
    static final int PANEL_HEIGHT = 210;
    private static final int LEFT = 70;
    private static final int RIGHT = 250; // the legend: "conversation-service applied/s" whole
    private static final int TOP = 40;
    private static final int GAP = 50;

    /** A line: its name in the legend, a CSS colour, dashed or not, and (x, y) points; NaN y breaks the line. */
    public record Series(String name, String color, boolean dashed, List<double[]> points) {
    }

    public record Panel(String title, String unit, List<Series> series) {
    }

    private SvgChart() {
    }

    public static String render(String title, String xLabel, List<Panel> panels) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int height = TOP + panels.size() * (PANEL_HEIGHT + GAP) + 10;
        double xMax = niceCeiling(panels.stream().flatMap(p -> p.series().stream())
                .flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(1));
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int top = TOP + p * (PANEL_HEIGHT + GAP) + 20;
            int bottom = top + PANEL_HEIGHT - 20;
            double yMax = niceCeiling(panel.series().stream().flatMap(s -> s.points().stream())
                    .mapToDouble(pt -> pt[1]).filter(Double::isFinite).max().orElse(1));
            b.append(String.format(Locale.ROOT, "<g class=\"panel\"><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s"
                    + " (%s)</text>%n", LEFT, top - 8, escape(panel.title()), escape(panel.unit())));
            for (int t = 0; t <= 4; t++) {
                double y = bottom - (bottom - top) * t / 4.0;
                b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotWidth, y,
                        LEFT - 6, y + 4, escape(tick(yMax * t / 4))));
            }
            for (int t = 0; t <= 6; t++) {
                double x = LEFT + plotWidth * t / 6.0;
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, bottom, x, bottom + 4, x,
                        bottom + 16, escape(tick(xMax * t / 6))));
            }
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#888\"/>%n", LEFT, top, plotWidth, bottom - top));
            for (int s = 0; s < panel.series().size(); s++) {
                Series series = panel.series().get(s);
                for (String points : segments(series.points(), xMax, yMax, LEFT, plotWidth, top, bottom)) {
                    b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                                    + "points=\"%s\"><title>%s</title></polyline>%n", escape(series.color()),
                            series.dashed() ? " stroke-dasharray=\"6 4\"" : "", points, escape(series.name())));
                }
                int ly = top + 6 + s * 18;
                int lx = LEFT + plotWidth + 12;
                b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                                + "stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, lx + 22, ly,
                        escape(series.color()), series.dashed() ? " stroke-dasharray=\"6 4\"" : "", lx + 28, ly + 4,
                        escape(series.name())));
            }
            b.append("</g>\n");
            if (p == panels.size() - 1) {
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        LEFT + plotWidth / 2, bottom + 34, escape(xLabel)));
            }
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** The polyline point lists of a series: a NaN or infinite y ends one and starts the next. */
    private static List<String> segments(List<double[]> points, double xMax, double yMax, int left, int width,
                                         int top, int bottom) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (double[] pt : points) {
            if (!Double.isFinite(pt[1])) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                continue;
            }
            double x = left + width * pt[0] / xMax;
            double y = bottom - (bottom - top) * Math.min(pt[1], yMax) / yMax;
            current.append(current.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** A round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above {@code v}: where an axis ends. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= v * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** An axis label: thousands separated, at most two decimals, no trailing zeros ("0", "62.5", "1,500"). */
    static String tick(double v) {
        String s = String.format(Locale.ROOT, "%,.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
