// The Kefu agent console (docs/console.md): sign-in, presence, the inbox, the live stream, a buyer's conversation,
// the customer panel and the KPIs, over the gateway's agent API. Plain ES modules, no framework, no build.
import { h, clear, $, elapsed, time, debounce, claims, locale } from './util.js';
import * as api from './api.js';
import { AgentStream } from './stream.js';
import { t, lang, setLang, translatePage, LANGUAGES } from './i18n.js';
import { rateBar, countBar, barChart } from './charts.js';
import { conversationTranscript, caseTranscript, asEvidence, release } from './evidence.js';

const KINDS = ['AWAITING_REPLY', 'CASE', 'FOLLOW_UP_VISIT', 'BAD_REVIEW', 'DELAYED_SHIPMENT', 'AT_RISK'];
const STAGES = ['pre-sale', 'in-sale', 'after-sale', 'review'];
const CASE_KINDS = ['COMPLAINT', 'RETURN', 'REFUND', 'EXCHANGE'];
const OUTCOMES = ['REFUNDED', 'RETURNED', 'EXCHANGED', 'COMPENSATED', 'EXPLAINED'];
const EXPLANATION_MAX = 500;                          // review-service: code points, not UTF-16 units
const EXPLANATION_WINDOW_MS = 30 * 24 * 3600 * 1000;  // a review is explained within 30 days of it
const NEW_WORK = new Set(['message.received', 'conversation-assigned', 'complaint-opened', 'shipment-delayed',
  'review-posted', 'sla-breached']);

const state = {
  me: null,              // the token's claims: shop, sub, roles, exp
  desk: null,            // GET /api/agents/me
  inbox: { items: [], next: null },
  buyer: null,           // the open conversation's buyer
  view: null,            // GET /api/conversations/{buyer}
  overview: null,        // GET /api/customers/{buyer}/overview
  file: null,            // the customer file (from the overview, or GET .../file)
  scripts: {},           // stage → scripts
  stage: 'pre-sale',
  unseen: 0,
  range: 'today',
  stream: null,
  tab: 'desk',
  picked: null,          // the script put in the composer: {key, text}; sent by key while unchanged
  evidence: new Map(),   // 'conversation' or 'case:<id>' → a transcript shown: {loading} | {error} | asEvidence()
  search: { q: '', items: [], next: null },
};

/** A label for a value the server may extend (reasons): the dictionary's, else the value itself. */
const labelOr = (key, raw) => (t(key) === key ? raw : t(key));
const isSupervisor = () => (state.me?.roles || []).some(r => r === 'supervisor' || r === 'admin');
/** A named control's value (never the form's own properties: a control named `role` would meet `form.role`). */
const val = (form, name) => form.elements.namedItem(name).value;
const problemText = e => (e instanceof api.ApiError ? e.message : String(e?.message || e));

// ---------------------------------------------------------------------------------------------------- start, language

function fillLanguageSwitches() {
  for (const select of document.querySelectorAll('.lang-switch')) {
    clear(select, Object.keys(LANGUAGES).map(code => h('option', { value: code, selected: code === lang() }, t(`lang.${code}`))));
  }
}

function applyLanguage(code) {
  setLang(code);
  fillLanguageSwitches();
  translatePage();
  renderKindFilters();
  if (state.me) {
    renderWho();
    renderPresenceState();
    renderInbox();
    renderConversation();
    renderCustomer();
    renderSearch();
    if (!$('#scripts').hidden) renderScripts();
    if (state.tab === 'kpis') loadKpis();
  }
}

document.addEventListener('change', e => {
  if (e.target.classList?.contains('lang-switch')) applyLanguage(e.target.value);
});

function boot() {
  setLang(lang());
  fillLanguageSwitches();
  translatePage();
  api.whenUnauthorized(() => signOut(t('signin.expired')));
  const token = api.token.get();
  const c = token && claims(token);
  if (c && (!c.exp || c.exp * 1000 > Date.now())) enter(token);
  else showSignIn(token ? t('signin.expired') : '');
}

// ---------------------------------------------------------------------------------------------------- sign-in

async function showSignIn(message) {
  $('#app').hidden = true;
  $('#signin').hidden = false;
  $('#signin-error').textContent = message || '';
  const dev = await api.devTokensAvailable();
  $('#dev-fields').hidden = !dev;
  $('#paste-hint').textContent = dev ? t('signin.pasteHint') : `${t('signin.noDev')} ${t('signin.pasteHint')}`;
  (dev ? $('#signin-agent') : $('#signin-token')).focus();
}

$('#signin-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const button = $('#signin-submit');
  $('#signin-error').textContent = '';
  button.disabled = true;
  try {
    let token = val(form, 'token').trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      token = await api.devToken(val(form, 'shop').trim(), val(form, 'agent').trim(), [val(form, 'role')]);
    }
    const c = claims(token);
    if (!c || !c.shop) throw new Error('not a Kefu agent token (no shop claim)');
    api.token.set(token);
    form.elements.namedItem('token').value = '';
    enter(token);
  } catch (err) {
    const fields = err.problem?.errors?.map(x => `${x.field} ${x.reason}`).join('; ');
    $('#signin-error').textContent = fields || problemText(err);
  } finally {
    button.disabled = false;
  }
});

function enter(token) {
  state.me = claims(token);
  $('#signin').hidden = true;
  $('#app').hidden = false;
  translatePage();
  renderKindFilters();
  renderWho();
  $('#presence-role').querySelector('[value=SUPERVISOR]').hidden = !isSupervisor();
  loadPresence();
  loadInbox();
  state.stream = new AgentStream(() => api.token.get(), {
    onEvent: onStreamEvent,
    onState: s => {
      const dot = $('#stream-state');
      dot.className = `live-dot ${s}`;
      dot.title = `${t('stream.label')}: ${t(`stream.${s}`)}`;
      dot.setAttribute('aria-label', dot.title);
      dot.dataset.state = s;
    },
    onUnauthorized: () => signOut(t('signin.expired')),
  });
  state.stream.start();
  if (state.me.exp) setTimeout(() => signOut(t('signin.expired')), Math.max(0, state.me.exp * 1000 - Date.now()));
}

function renderWho() {
  $('#who').textContent = t('who', { agent: state.me.sub, shop: state.me.shop });
}

async function signOut(message) {
  if (state.stream) state.stream.stop();
  if (!message && state.desk && state.desk.status !== 'OFFLINE') {
    try {
      await api.put('/api/agents/me/presence', { status: 'OFFLINE' });
    } catch { /* signing out anyway */ }
  }
  api.token.clear();
  forgetEvidence();
  Object.assign(state, { me: null, desk: null, buyer: null, view: null, overview: null, file: null, inbox: { items: [], next: null },
    search: { q: '', items: [], next: null } });
  $('#search-q').value = '';
  renderSearch();
  // the next person to sign in sees nothing of this one's buyer
  renderConversation();
  renderCustomer();
  document.title = t('app.title');
  showSignIn(message);
}
$('#signout').addEventListener('click', () => signOut());

// ---------------------------------------------------------------------------------------------------- presence

async function loadPresence() {
  try {
    state.desk = await api.get('/api/agents/me');
  } catch (e) {
    state.desk = null; // 404: no presence yet, offline
  }
  const form = $('#presence');
  const status = state.desk?.status || 'OFFLINE';
  form.querySelector(`input[name=status][value=${status}]`).checked = true;
  if (state.desk?.role) $('#presence-role').value = state.desk.role;
  if (state.desk?.capacity !== undefined) $('#presence-capacity').value = state.desk.capacity;
  renderPresenceState();
}

function renderPresenceState() {
  const d = state.desk;
  $('#presence-state').textContent = d && d.status !== 'OFFLINE' ? t('presence.state', { assigned: d.assigned ?? 0, free: d.free ?? 0 }) : '';
}

async function savePresence() {
  const form = $('#presence');
  const body = { status: form.querySelector('input[name=status]:checked').value, role: val(form, 'role') };
  const capacity = Number(val(form, 'capacity'));
  if (Number.isInteger(capacity)) body.capacity = capacity;
  try {
    state.desk = await api.put('/api/agents/me/presence', body);
    renderPresenceState();
    toast(t('presence.saved', { status: t(`presence.${state.desk.status}`) }));
    refreshInbox();
  } catch (e) {
    const fields = e.problem?.errors?.map(x => `${x.field} ${x.reason}`).join('; ');
    toast(t('error.generic', { detail: fields || problemText(e) }), 'bad');
    loadPresence();
  }
}
$('#presence').addEventListener('change', e => {
  if (e.target.classList.contains('lang-switch')) return;
  savePresence();
});

/**
 * Still here: while the agent is online or away the desk says so every 30 s (and when the tab is shown again), so
 * the server takes them offline when the tab is closed or the laptop sleeps (kefu.desk.presence-ttl, 2 min).
 */
const HEARTBEAT_MS = 30_000;
async function heartbeat() {
  if (!state.me || !state.desk || state.desk.status === 'OFFLINE') return;
  try {
    state.desk = await api.post('/api/agents/me/heartbeat', {});
    if (state.desk.status === 'OFFLINE') {
      loadPresence(); // the server took us offline while the tab slept: show it
      toast(t('presence.lapsed'), 'bad');
    }
  } catch { /* the next beat tries again */ }
}
setInterval(heartbeat, HEARTBEAT_MS);
document.addEventListener('visibilitychange', () => { if (!document.hidden) heartbeat(); });
$('#presence').addEventListener('submit', e => {
  e.preventDefault();
  savePresence();
});

// ---------------------------------------------------------------------------------------------------- inbox

function renderKindFilters() {
  const box = $('#inbox-kinds');
  const checked = new Set([...box.querySelectorAll('input:checked')].map(i => i.value));
  const key = JSON.stringify([lang(), state.inbox.counts, [...checked]]);
  if (box.dataset.rendered === key) return;
  box.dataset.rendered = key;
  clear(box, h('legend.sr-only', t('inbox.kinds')), KINDS.map(kind => {
    const count = state.inbox.counts?.[kind];
    return h('label', h('input', { type: 'checkbox', value: kind, checked: checked.has(kind), onchange: () => loadInbox() }),
      t(`kind.${kind}`), count ? h('span.count', String(count)) : null);
  }));
}

function inboxQuery(cursor) {
  const params = new URLSearchParams({ assignee: $('#inbox-assignee').value, limit: '25' });
  const kinds = [...$('#inbox-kinds').querySelectorAll('input:checked')].map(i => i.value);
  if (kinds.length) params.set('kind', kinds.join(','));
  if (cursor) params.set('cursor', cursor);
  return `/api/inbox?${params}`;
}

async function loadInbox(more = false) {
  try {
    const page = await api.get(inboxQuery(more ? state.inbox.next : null));
    state.inbox = {
      items: more ? state.inbox.items.concat(page.items) : page.items,
      next: page.next, counts: page.counts, unavailable: page.unavailable || [],
    };
    renderKindFilters();
    renderInbox();
  } catch (e) {
    if (e.status !== 401) toast(t('error.generic', { detail: problemText(e) }), 'bad');
  }
}
const refreshInbox = debounce(() => loadInbox(), 400);
$('#inbox-assignee').addEventListener('change', () => loadInbox());
$('#inbox-refresh').addEventListener('click', () => loadInbox());
$('#inbox-more').addEventListener('click', () => loadInbox(true));

function priorityClass(p) {
  return p >= 80 ? 'p-high' : p >= 50 ? 'p-mid' : '';
}

let renderedInbox = null;

function renderInbox() {
  const list = $('#inbox-list');
  // Unchanged data is not redrawn: a stream event refreshes the inbox often, and the agent's focus stays put.
  const key = JSON.stringify([lang(), state.buyer, state.inbox.items, state.inbox.next, state.inbox.unavailable]);
  if (key === renderedInbox) return;
  renderedInbox = key;
  const focused = document.activeElement?.closest?.('.item')?.dataset.key;
  const { items, unavailable } = state.inbox;
  $('#inbox-unavailable').hidden = !unavailable?.length;
  $('#inbox-unavailable').textContent = unavailable?.length ? t('inbox.unavailable', { services: unavailable.join(', ') }) : '';
  $('#inbox-more').hidden = !state.inbox.next;
  if (!items.length) {
    clear(list, h('li.empty', t('inbox.empty')));
    return;
  }
  clear(list, items.map(item => {
    const key = `${item.kind}:${item.ref}`;
    const label = `${t(`kind.${item.kind}`)} ${item.buyerId || item.ref}, ${t('inbox.priority', { p: item.priority })}`;
    const li = h('li.item', { dataset: { key, kind: item.kind, buyer: item.buyerId || '' },
      class: item.buyerId && item.buyerId === state.buyer ? 'selected' : '' },
    h('button', { type: 'button', 'aria-label': label, onclick: () => item.buyerId && openBuyer(item.buyerId) },
      h('span.row', h('span.who-line', h('span.chip.info', t(`kind.${item.kind}`)), ' ', item.buyerId || item.ref),
        h('span.prio', { class: priorityClass(item.priority), title: t('inbox.priority', { p: item.priority }) }, item.priority)),
      h('span.row', h('span', (item.reasons || []).map(r => h('span.chip', { class: r.includes('missed') ? 'bad' : r.includes('soon') ? 'warn' : '' },
        labelOr(`reason.${r}`, r)))),
      item.since ? h('span.timer', { dataset: { since: item.since, due: item.due || '', age: item.kind === 'AWAITING_REPLY' ? '' : 'true' } }) : null),
      item.summary || item.assignee ? h('span.row.muted', h('span', item.summary || ''),
        item.assignee ? h('span', t('inbox.assignedTo', { agent: item.assignee })) : null) : null));
    return li;
  }));
  tick();
  if (focused) list.querySelector(`[data-key="${CSS.escape(focused)}"] button`)?.focus();
}

$('#inbox-list').addEventListener('keydown', e => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...$('#inbox-list').querySelectorAll('.item button')];
  const at = buttons.indexOf(document.activeElement);
  const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
  if (next) {
    e.preventDefault();
    next.focus();
  }
});

/** Every second: waiting timers count up; past the item's due time (the shop's response target) they turn red. */
function tick() {
  const now = Date.now();
  for (const node of document.querySelectorAll('.timer[data-since]')) {
    const since = Date.parse(node.dataset.since);
    const due = node.dataset.due ? Date.parse(node.dataset.due) : null;
    node.classList.toggle('late', due !== null && now > due);
    node.classList.toggle('soon', due !== null && now <= due && due - now < 60000);
    node.textContent = due !== null && now > due
      ? `${t('inbox.waiting', { t: elapsed((now - since) / 1000) })} · ${t('inbox.overdue', { t: elapsed((now - due) / 1000) })}`
      : t(node.dataset.age ? 'inbox.age' : 'inbox.waiting', { t: elapsed((now - since) / 1000) });
    if (due !== null) node.title = due > now ? t('inbox.dueIn', { t: elapsed((due - now) / 1000) }) : t('inbox.overdue', { t: elapsed((now - due) / 1000) });
  }
}
setInterval(tick, 1000);

// ---------------------------------------------------------------------------------------------------- message search

/** The shop's messages holding every word of q, newest first (conversation-service), paged with its cursor. */
async function loadSearch(more = false) {
  const params = new URLSearchParams({ q: state.search.q, limit: '20' });
  if (more && state.search.next) params.set('cursor', state.search.next);
  $('#search-error').textContent = '';
  try {
    const page = await api.get(`/api/messages?${params}`);
    state.search = { ...state.search, items: more ? state.search.items.concat(page.items) : page.items, next: page.next || null, done: true };
  } catch (e) {
    state.search = { ...state.search, items: more ? state.search.items : [], next: null, done: true };
    $('#search-error').textContent = e.problem?.errors?.map(x => `${x.field}: ${x.reason}`).join('; ') || problemText(e);
  }
  renderSearch();
}

function renderSearch() {
  const { q, items, next, done } = state.search;
  $('#search-results').hidden = !q;
  $('#search-more').hidden = !next;
  if (!q) return;
  $('#search-title').textContent = t('search.results', { q });
  clear($('#search-list'), done && !items.length && !$('#search-error').textContent ? h('li.empty', t('search.none')) : null,
    items.map(m => h('li.item.hit', { dataset: { buyer: m.buyerId, message: m.messageId } },
      h('button', { type: 'button', onclick: () => openBuyer(m.buyerId) },
        h('span.row', h('span.who-line', m.buyerId), h('time', { datetime: m.sentAt }, time(m.sentAt, lang()))),
        h('span.row.muted', m.author === 'AGENT' ? t('author.AGENT', { agent: m.agentId || '' }) : t(`author.${m.author}`),
          m.orderId ? h('span', m.orderId) : null),
        h('span.text', m.text)))));
}

$('#search').addEventListener('submit', e => {
  e.preventDefault();
  state.search = { q: $('#search-q').value.trim(), items: [], next: null, done: false };
  renderSearch();
  if (state.search.q) loadSearch();
});
$('#search-more').addEventListener('click', () => loadSearch(true));
$('#search-clear').addEventListener('click', () => {
  $('#search-q').value = '';
  $('#search-error').textContent = '';
  state.search = { q: '', items: [], next: null };
  renderSearch();
  $('#search-q').focus();
});

// ---------------------------------------------------------------------------------------------------- the live stream

const refreshConversation = debounce(() => loadConversation(), 250);
const refreshCustomer = debounce(() => loadCustomer(), 300);
const refreshPresence = debounce(() => loadPresence(), 500);

function onStreamEvent({ type, data }) {
  if (type === 'ready' || type === 'message') return;
  if (type === 'reset') {
    toast(t('toast.reset'));
    reloadAll();
    return;
  }
  const buyer = data?.buyerId;
  refreshInbox();
  if (state.buyer && (!buyer || buyer === state.buyer)) {
    if (type.startsWith('message') || type === 'conversation-assigned' || type === 'sla-breached') refreshConversation();
    if (buyer === state.buyer) refreshCustomer();
  }
  const mine = type === 'conversation-assigned' && data?.agentId === state.me?.sub;
  if (type === 'conversation-assigned' && (mine || data?.previousAgentId === state.me?.sub)) refreshPresence();
  if (mine) toast(t('toast.assigned', { buyer }));
  if (type === 'shipment-delayed') toast(t('toast.delay', { order: `${data.orderId} (${t(`delay.${data.reason}`)})` }), 'bad');
  if (type === 'complaint-opened') toast(t('toast.case', { buyer }));
  if (document.hidden && NEW_WORK.has(type) && (type !== 'conversation-assigned' || mine)) {
    state.unseen += 1;
    document.title = `(${state.unseen}) ${t('app.title')}`;
  }
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    state.unseen = 0;
    document.title = t('app.title');
  }
});

function reloadAll() {
  loadInbox();
  loadPresence();
  if (state.buyer) {
    loadConversation();
    loadCustomer();
  }
}

// ---------------------------------------------------------------------------------------------------- conversation

function openBuyer(buyerId) {
  forgetEvidence();
  state.buyer = buyerId;
  state.view = null;
  state.overview = null;
  state.file = null;
  $('#composer-text').value = '';
  state.picked = null;
  $('#composer-error').replaceChildren();
  closeScripts();
  for (const li of document.querySelectorAll('#inbox-list .item')) li.classList.toggle('selected', li.dataset.buyer === buyerId);
  renderConversation();
  renderCustomer();
  loadConversation();
  loadCustomer();
  if (window.matchMedia('(max-width: 760px)').matches) $('#conversation').scrollIntoView({ block: 'start' });
}

async function loadConversation() {
  const buyer = state.buyer;
  if (!buyer) return;
  try {
    const view = await api.get(`/api/conversations/${api.enc(buyer)}?limit=50`);
    if (buyer === state.buyer) state.view = view;
  } catch (e) {
    if (buyer === state.buyer) state.view = { missing: true, error: e.status === 404 ? null : problemText(e) };
  }
  renderConversation();
}

function buyerLanguage() {
  return state.view?.conversation?.language || 'zh';
}

function renderConversation() {
  const view = state.view;
  const title = $('#conv-title');
  const meta = $('#conv-meta');
  const list = $('#messages');
  $('#composer').hidden = !state.buyer;
  if (!state.buyer) {
    title.textContent = t('conv.empty');
    clear(meta);
    clear(list);
    clear($('#suggestions'));
    renderConversationEvidence();
    return;
  }
  title.textContent = t('conv.title', { buyer: state.buyer });
  if (!view || view.missing) {
    clear(meta, view?.error ? h('span.error', view.error) : null);
    clear(list);
    clear($('#suggestions'));
    return;
  }
  const c = view.conversation;
  const langCode = c.language || 'zh';
  clear(meta,
    h('span.chip.info', { 'data-buyer-language': langCode }, t('conv.language', { lang: t(`lang.${langCode}`) })),
    c.assignee ? h('span.chip', t('conv.assignee', { agent: c.assignee })) : h('span.chip', t('conv.unassigned')),
    c.queuedFor ? h('span.chip.warn', t('conv.queued', { role: t(`role.${c.queuedFor}`) })) : null,
    c.awaitingReplySince ? h('span.timer', { dataset: { since: c.awaitingReplySince, due: c.responseDue || '' } }) : null,
    h('button.link', { type: 'button', id: 'conv-transcript', onclick: loadConversationTranscript }, t('evidence.transcript')),
    c.assignee && (c.assignee === state.me.sub || isSupervisor())
      ? h('button.link', { type: 'button', onclick: closeConversation }, t('conv.close')) : null,
    isSupervisor() ? h('button.link', { type: 'button', id: 'conv-transfer', onclick: toggleTransfer }, t('conv.transfer')) : null);
  renderConversationEvidence();
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  clear(list, view.messages.map(renderMessage));
  if (atBottom || !list.dataset.buyer || list.dataset.buyer !== state.buyer) list.scrollTop = list.scrollHeight;
  list.dataset.buyer = state.buyer;
  renderSuggestions();
  tick();
}

function renderMessage(m) {
  const by = m.author === 'AGENT' ? t('author.AGENT', { agent: m.agentId || '' }) : t(`author.${m.author}`);
  return h('li.msg', { class: m.author, dataset: { id: m.id, status: m.status || '' } },
    h('div.by', h('span', by, m.scriptKey ? ` · ${m.scriptKey}` : ''), h('time', { datetime: m.sentAt }, time(m.sentAt, lang()))),
    h('div.text', { lang: m.language || null }, m.text),
    m.author === 'BUYER' && m.intents?.length
      ? h('div', { 'aria-label': t('conv.intents') }, m.intents.map(i => h('span.chip', t(`intent.${i}`))),
        m.mood === 'NEGATIVE' ? h('span.chip.bad', '☹') : null)
      : null,
    m.status ? deliveryTick(m) : null);
}

function deliveryTick(m) {
  const marks = { QUEUED: '✓', DELIVERED: '✓✓', FAILED: '✗', SUGGESTED: '✎' };
  const text = t(`status.${m.status}`, { reason: m.statusReason || '' });
  return h('div.tick', { class: m.status, title: text },
    h('span', { 'aria-hidden': 'true' }, marks[m.status] || ''), ' ',
    h('span', { class: m.status === 'FAILED' ? '' : 'sr-only' }, text));
}

function renderSuggestions() {
  const box = $('#suggestions');
  const suggestions = state.view?.suggestions || {};
  const waiting = state.view.messages.filter(m => m.author === 'BUYER' && suggestions[m.id]?.length);
  if (!waiting.length) {
    clear(box);
    return;
  }
  const latest = waiting[waiting.length - 1];
  clear(box, h('h3', t('conv.suggestions')), suggestions[latest.id].map(s =>
    h('button.suggestion', { type: 'button', dataset: { script: s.scriptKey }, onclick: () => fillComposer(s.text) },
      h('span.key', `${s.scriptKey}${s.intent ? ' · ' + t(`intent.${s.intent}`) : ''}`), s.text)));
}

function fillComposer(text, scriptKey) {
  const area = $('#composer-text');
  state.picked = scriptKey ? { key: scriptKey, text } : null;
  area.value = text;
  $('#composer-error').replaceChildren();
  area.focus();
  const blank = text.search(/\{\w+}/);
  if (blank >= 0) area.setSelectionRange(blank, text.indexOf('}', blank) + 1);
  else area.setSelectionRange(text.length, text.length);
}

/**
 * A supervisor hands the conversation to another agent who is not offline (a transfer may exceed their capacity):
 * the agents online or away, by id, to pick from.
 */
async function toggleTransfer() {
  const tools = $('#conv-tools');
  if (tools.querySelector('.mini-form')) {
    closeForm(tools.querySelector('.mini-form'));
    return;
  }
  const buyer = state.buyer;
  let agents = [];
  try {
    const [online, away] = await Promise.all(['ONLINE', 'AWAY'].map(status =>
      api.get(`/api/agents?status=${status}&limit=200`)));
    agents = [...online.items, ...away.items].filter(a => a.agentId !== state.view?.conversation?.assignee)
      .sort((a, b) => a.agentId.localeCompare(b.agentId));
  } catch (e) {
    toast(t('error.generic', { detail: problemText(e) }), 'bad');
    return;
  }
  const select = h('select', { name: 'agent', required: true },
    agents.map(a => h('option', { value: a.agentId }, t('conv.transferTo', { agent: a.agentId, status: t(`presence.${a.status}`),
      free: a.free ?? 0 }))));
  const form = miniForm('transfer', agents.length ? field('conv.transferAgent', select) : h('p.muted', t('conv.noAgents')),
    async f => {
      await api.post(`/api/conversations/${api.enc(buyer)}/transfer`, { agentId: val(f, 'agent') });
      toast(t('conv.transferred', { agent: val(f, 'agent') }));
      loadConversation();
      refreshInbox();
    });
  toggleForm(tools, form);
}

async function closeConversation() {
  try {
    await api.post(`/api/conversations/${api.enc(state.buyer)}/close`);
    toast(t('conv.closed'));
    loadConversation();
    refreshInbox();
    refreshPresence();
  } catch (e) {
    toast(t('error.generic', { detail: problemText(e) }), 'bad');
  }
}

// ---------------------------------------------------------------------------------------------------- transcripts

/** Reads a transcript into state.evidence[key], redrawing its view while loading and once read. */
async function loadEvidence(key, read, filename, redraw) {
  const buyer = state.buyer;
  release(state.evidence.get(key));
  state.evidence.set(key, { loading: true });
  redraw();
  let evidence;
  try {
    evidence = asEvidence(await read(), filename);
  } catch (e) {
    evidence = { error: problemText(e) };
  }
  if (buyer !== state.buyer) return release(evidence); // another buyer opened meanwhile
  state.evidence.set(key, evidence);
  redraw();
}

function forgetEvidence() {
  for (const evidence of state.evidence.values()) release(evidence);
  state.evidence.clear();
}

function loadConversationTranscript() {
  const buyer = state.buyer;
  loadEvidence('conversation', () => conversationTranscript(buyer), `transcript-${buyer}.json`, renderConversationEvidence);
}

function loadCaseTranscript(c) {
  loadEvidence(`case:${c.caseId}`, () => caseTranscript(c.caseId), `transcript-${c.caseId}.json`, () => {
    renderedCustomer = null; // the card shows it: draw the panel again
    renderCustomer();
  });
}

function renderConversationEvidence() {
  const evidence = state.buyer && state.evidence.get('conversation');
  clear($('#conv-evidence'), evidence ? renderEvidence(evidence) : null);
}

/** ✓ verified with its entry count, or ✗ where the chain breaks (seq, entry, reason); and the JSON to download. */
function renderEvidence(evidence) {
  if (evidence.loading) return h('div.evidence.muted', { role: 'status' }, t('evidence.loading'));
  if (evidence.error) return h('div.evidence', { role: 'alert' }, h('span.error', t('error.generic', { detail: evidence.error })));
  const v = evidence.verification;
  return h('div.evidence', { role: 'status', dataset: { verified: String(v.verified) } },
    v.verified
      ? h('span.chip.ok', t('evidence.verified', { n: evidence.count }))
      : h('span.chip.bad', t('evidence.broken', { seq: v.brokenAtSeq ?? '?', entry: v.brokenEntryId || '?', reason: v.reason || '' })),
    ' ', h('a', { href: evidence.url, download: evidence.filename }, t('evidence.download')));
}

// ---------------------------------------------------------------------------------------------------- composer

$('#composer-text').addEventListener('keydown', e => {
  // Enter sends; Shift+Enter is a new line; an IME composing Chinese or Korean keeps its Enter.
  if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    $('#composer').requestSubmit();
  }
});

$('#composer').addEventListener('submit', async e => {
  e.preventDefault();
  const area = $('#composer-text');
  const errors = $('#composer-error');
  const text = area.value.trim();
  if (!text || !state.buyer) return;
  // A script sent as picked is filled by the server (shop, agent, the order's values); an edited one is plain text.
  const picked = state.picked && state.picked.text.trim() === text ? state.picked : null;
  const blanks = picked ? null : text.match(/\{\w+}/g);
  if (blanks) {
    clear(errors, t('composer.placeholders', { names: [...new Set(blanks)].join(' ') }));
    fillComposer(area.value);
    return;
  }
  const send = $('#composer-send');
  send.disabled = true;
  send.textContent = t('composer.sending');
  errors.replaceChildren();
  try {
    const orderId = state.overview?.orders?.[0]?.orderId;
    const body = picked ? { scriptKey: picked.key, ...(orderId ? { orderId } : {}) } : { text };
    await api.post(`/api/conversations/${api.enc(state.buyer)}/messages`, body);
    area.value = '';
    state.picked = null;
    await loadConversation();
    refreshInbox();
  } catch (err) {
    showSendError(err);
  } finally {
    send.disabled = false;
    send.textContent = t('composer.send');
    area.focus();
  }
});

function showSendError(err) {
  const box = $('#composer-error');
  const p = err.problem || {};
  if (p.violations?.length) {
    clear(box, h('strong', t('composer.conduct')), p.violations.map(v =>
      h('div.violation', { dataset: { rule: v.rule } }, h('strong', t(`rule.${v.rule}`)), ' — ',
        t('rule.matched', { words: '' }), v.matched.map(w => h('mark', w)))));
  } else if (err.status === 400 && p.errors?.length) {
    clear(box, t('composer.invalid', { errors: p.errors.map(x => `${x.field}: ${x.reason}`).join('; ') }));
  } else {
    clear(box, t('composer.failed', { detail: problemText(err) }));
  }
}

// ---------------------------------------------------------------------------------------------------- scripts

async function openScripts() {
  $('#scripts').hidden = false;
  $('#scripts-open').setAttribute('aria-expanded', 'true');
  await renderScripts();
  $('#scripts-stages').querySelector('[aria-selected=true]')?.focus();
}

function closeScripts() {
  if ($('#scripts').hidden) return false;
  $('#scripts').hidden = true;
  $('#scripts-open').setAttribute('aria-expanded', 'false');
  return true;
}

async function renderScripts() {
  const code = buyerLanguage();
  $('#scripts-title').textContent = t('scripts.title', { lang: t(`lang.${code}`) });
  clear($('#scripts-stages'), STAGES.map(stage => h('button', { type: 'button', role: 'tab', 'aria-selected': String(stage === state.stage),
    onclick: () => { state.stage = stage; renderScripts(); } }, t(`stage.${stage}`))));
  const list = $('#scripts-list');
  if (!state.scripts[state.stage]) {
    try {
      state.scripts[state.stage] = await api.get(`/api/scripts?stage=${api.enc(state.stage)}`);
    } catch (e) {
      clear(list, h('li.error', problemText(e)));
      return;
    }
  }
  clear(list, state.scripts[state.stage].map(s => {
    const text = s.text[code] || s.text.zh || Object.values(s.text)[0] || '';
    return h('li', h('button', { type: 'button', dataset: { script: s.key }, lang: code, onclick: () => {
      closeScripts();
      fillComposer(text, s.key);
    } }, h('span.key', s.key), text));
  }));
}
$('#scripts-open').addEventListener('click', () => ($('#scripts').hidden ? openScripts() : closeScripts()));
$('#scripts-close').addEventListener('click', () => {
  closeScripts();
  $('#scripts-open').focus();
});

// ---------------------------------------------------------------------------------------------------- customer panel

async function loadCustomer() {
  const buyer = state.buyer;
  if (!buyer) return;
  let overview = null;
  let file = null;
  try {
    overview = await api.get(`/api/customers/${api.enc(buyer)}/overview`);
  } catch (e) {
    overview = { missing: true, error: e.status === 404 ? null : problemText(e) };
  }
  if (overview.file !== undefined) {
    file = overview.file;
  } else {
    try {
      file = await api.get(`/api/customers/${api.enc(buyer)}/file`);
    } catch {
      file = null; // no file yet (404), or no route to it
    }
  }
  if (buyer !== state.buyer) return;
  state.overview = overview;
  state.file = file;
  renderCustomer();
}

let renderedCustomer = null;
let customerPending = false;

function renderCustomer() {
  const body = $('#customer-body');
  const o = state.overview;
  const key = JSON.stringify([lang(), state.buyer, o, state.file]);
  if (key === renderedCustomer) return;
  // A live update never pulls a form from under the agent's fingers: it is drawn once the form is closed.
  if (body.querySelector('.mini-form')) {
    customerPending = true;
    return;
  }
  customerPending = false;
  renderedCustomer = key;
  if (!state.buyer) {
    clear(body, h('p.muted', t('cust.empty')));
    return;
  }
  if (!o) return;
  if (o.missing) {
    clear(body, h('p.muted', o.error || t('cust.empty')), renderFile());
    return;
  }
  const returning = o.returning === true || (o.returning && typeof o.returning === 'object');
  const languages = Array.isArray(o.languages) ? o.languages : [];
  clear(body,
    h('div.block',
      h('h3', h('span', o.buyerId), o.risk ? h('span.chip', { class: { HIGH: 'bad', MEDIUM: 'warn', LOW: 'ok' }[o.risk.level] || '' },
        t('cust.risk', { level: t(`risk.${o.risk.level}`) })) : null),
      returning ? h('span.chip.ok', { 'data-returning': '' }, t('cust.returning'),
        o.returning?.benefit ? ` · ${o.returning.benefit}` : '') : null,
      languages.length ? h('span.chip.info', t('cust.languages', { langs: languages.map(l => t(`lang.${l?.language || l}`)).join(', ') })) : null,
      o.risk?.signals?.length ? h('ul.notes', o.risk.signals.map(x => h('li', t(`risk.signal.${x.code}`, { n: x.count }))))
        : o.risk?.reasons?.length ? h('ul.notes', o.risk.reasons.map(r => h('li', r))) : null,
      o.unavailable?.length ? h('p.warn', t('cust.unavailable', { services: o.unavailable.join(', ') })) : null),
    h('div.block', { id: 'cust-orders' }, h('h3', t('cust.orders')),
      o.orders?.length ? o.orders.map(renderOrder) : h('p.muted', t('cust.noOrders'))),
    h('div.block', { id: 'cust-cases' }, h('h3', h('span', t('cust.cases')),
      h('button', { type: 'button', id: 'case-open', onclick: e => toggleForm(e.target.closest('.block'), openCaseForm()) }, t('case.open'))),
    o.openCases?.length ? o.openCases.map(renderCase) : h('p.muted', t('cust.noCases'))),
    h('div.block', { id: 'cust-reviews' }, h('h3', t('cust.reviews')),
      o.reviews?.length ? o.reviews.map(renderReview) : h('p.muted', t('cust.noReviews'))),
    renderFile());
}

function renderOrder(order) {
  const scan = order.trace?.[0];
  const lastFee = order.feeChanges?.at(-1);
  const card = h('div.order', { dataset: { order: order.orderId, delay: order.delayReported || '' } },
    h('div.head', h('span', order.orderId), h('span.chip', t(`order.status.${order.status}`))),
    order.amount ? h('div', `${order.amount} ${order.currency || ''}`) : null,
    order.items?.length ? h('ul', order.items.map(i => h('li', `${i.title || i.sku} × ${i.quantity}`))) : null,
    order.delayReported ? h('div.delay', { role: 'status' }, '⚠ ', t(`delay.${order.delayReported}`)) : null,
    order.trackingNo ? h('div.muted', t('order.tracking', { carrier: order.carrier || '', no: order.trackingNo })) : null,
    scan ? h('div.muted', t('order.scan', { what: scan.description || scan.action, where: scan.location || '—', when: time(scan.occurredAt, lang()) }))
      : order.shipBy && !order.shippedAt ? h('div.muted', t('order.shipBy', { when: time(order.shipBy, lang()) })) : null,
    lastFee ? h('div.muted', { dataset: { feeChange: lastFee.status } },
      t('order.feeChange', { total: lastFee.newTotal, status: t(`feeChange.${lastFee.status}`) })) : null);
  if (order.status === 'CREATED') {
    card.append(h('div.actions', h('button', { type: 'button', dataset: { action: 'fee-change' },
      onclick: () => toggleForm(card, feeChangeForm(order)) }, t('order.changeFee'))));
  }
  return card;
}

/**
 * 改价 of an unpaid order within the shop's fee policy: the new total and, optionally, the shipping fee in it (0 for
 * 包邮). A refusal names its rule inline; the key makes a double click one change.
 */
function feeChangeForm(order) {
  const key = crypto.randomUUID();
  return miniForm('fee-change', [
    field('order.newTotal', h('input', { name: 'newTotal', inputmode: 'decimal', required: true, value: order.amount || '' })),
    field('order.shippingFee', h('input', { name: 'shippingFee', inputmode: 'decimal' })),
    field('order.feeReason', h('input', { name: 'reason', required: true }))], async f => {
    const body = { newTotal: val(f, 'newTotal'), reason: val(f, 'reason') };
    if (val(f, 'shippingFee')) body.shippingFee = val(f, 'shippingFee');
    await api.post(`/api/orders/${api.enc(order.orderId)}/fee-changes`, body, { headers: { 'Idempotency-Key': key } });
    toast(t('order.feeRequested', { order: order.orderId }));
    loadCustomer();
  });
}

function renderCase(c) {
  const late = c.resolutionDue && Date.parse(c.resolutionDue) < Date.now();
  const card = h('div.case', { dataset: { case: c.caseId, status: c.status } },
    h('div.head', h('span', `${labelOr(`case.kind.${c.kind}`, c.kind)} · ${c.caseId}`), h('span.chip', { class: ['ESCALATED', 'WAITING_FOR_APPROVAL'].includes(c.status) ? 'warn' : '' }, t(`case.status.${c.status}`))),
    c.reason ? h('div', c.reason) : null,
    c.resolutionDue ? h('div', { class: late ? 'delay' : 'muted' }, t('case.due', { when: time(c.resolutionDue, lang()) })) : null,
    c.notes?.length ? h('ul.notes', c.notes.slice(-3).map(n => h('li', `${n.text}`, h('span.muted', ` — ${n.author || ''}`)))) : null);
  const pending = c.status === 'WAITING_FOR_APPROVAL' && c.approval;
  if (pending) {
    card.append(h('div.warn', { dataset: { approval: '' } },
      t('case.approval', { amount: c.approval.amount, limit: c.approval.limit, by: c.approval.requestedBy })));
  }
  const button = (key, onclick) => h('button', { type: 'button', dataset: { action: key.split('.')[1] }, onclick }, t(key));
  const form = action => () => toggleForm(card, caseForm(c, action));
  const working = ['OPEN', 'IN_PROGRESS', 'WAITING_FOR_BUYER', 'ESCALATED'].includes(c.status);
  card.append(h('div.actions',
    working && c.assignee !== state.me?.sub && (c.status !== 'ESCALATED' || isSupervisor())
      ? button('case.take', () => caseAction(c, 'assign', {})) : null,
    button('case.note', form('note')),
    working && c.status !== 'ESCALATED' ? button('case.escalate', form('escalate')) : null,
    c.status === 'OPEN' || c.status === 'IN_PROGRESS' ? button('case.wait', form('wait')) : null,
    c.status === 'WAITING_FOR_BUYER' ? button('case.resume', () => caseAction(c, 'resume', {})) : null,
    working ? button('case.resolve', form('resolve')) : null,
    // a supervisor decides another's request; their own shows who decides instead
    pending && isSupervisor() && c.approval.requestedBy !== state.me.sub
      ? button('case.approve', () => caseAction(c, 'approval', { decision: 'APPROVE' })) : null,
    pending && isSupervisor() && c.approval.requestedBy !== state.me.sub ? button('case.deny', form('deny')) : null,
    pending && c.approval.requestedBy === state.me.sub ? h('span.muted', t('case.ownRequest')) : null,
    working ? button('case.close', form('close')) : null,
    button('evidence.transcript', () => loadCaseTranscript(c))));
  const evidence = state.evidence.get(`case:${c.caseId}`);
  if (evidence) card.append(renderEvidence(evidence));
  return card;
}

/** A case action without a form; a refusal (409 naming the status, 403) is shown as a notice. */
async function caseAction(c, action, body) {
  try {
    await api.post(`/api/cases/${api.enc(c.caseId)}/${action}`, body);
    loadCustomer();
    refreshInbox();
  } catch (err) {
    toast(problemText(err));
  }
}

/** One small form at a time per card; Esc or Cancel closes it. */
function toggleForm(container, form) {
  const open = container.querySelector('.mini-form');
  if (open) closeForm(open);
  if ((open && open.dataset.form === form.dataset.form) || !container.isConnected) return;
  container.append(form);
  form.querySelector('input, select, textarea')?.focus();
}

function closeForm(form) {
  form.remove();
  if (customerPending) renderCustomer();
}

function miniForm(name, fields, submit) {
  const error = h('p.error', { role: 'alert' });
  const form = h('form.mini-form', { dataset: { form: name } }, fields,
    error, h('div.row', h('button', { type: 'button', onclick: () => closeForm(form) }, t('form.cancel')),
      h('button.primary', { type: 'submit' }, t('form.save'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await submit(form);
      closeForm(form);
    } catch (err) {
      error.textContent = err.problem?.errors?.map(x => `${x.field}: ${x.reason}`).join('; ') || problemText(err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

let fieldIds = 0;
function field(labelKey, control) {
  const id = `f${++fieldIds}`;
  control.id = id;
  return [h('label', { for: id }, t(labelKey)), control];
}

function caseForm(c, action) {
  const path = `/api/cases/${api.enc(c.caseId)}`;
  const done = () => { loadCustomer(); refreshInbox(); };
  if (action === 'note') {
    return miniForm('note', field('case.noteText', h('textarea', { name: 'text', rows: 2, required: true })), async f => {
      await api.post(`${path}/notes`, { text: val(f, 'text') });
      done();
    });
  }
  if (action === 'escalate') {
    return miniForm('escalate', field('case.reason', h('input', { name: 'reason', required: true })), async f => {
      await api.post(`${path}/escalate`, { reason: val(f, 'reason') });
      done();
    });
  }
  if (action === 'wait' || action === 'close' || action === 'deny') {
    const key = action === 'deny' ? 'case.decisionReason' : 'case.reason';
    return miniForm(action, field(key, h('input', { name: 'reason', required: true })), async f => {
      const body = action === 'deny' ? { decision: 'DENY', reason: val(f, 'reason') } : { reason: val(f, 'reason') };
      await api.post(`${path}/${action === 'deny' ? 'approval' : action}`, body);
      done();
    });
  }
  return miniForm('resolve', [
    field('case.outcome', h('select', { name: 'outcome' }, OUTCOMES.map(o => h('option', { value: o }, t(`outcome.${o}`))))),
    field('case.resolution', h('textarea', { name: 'resolution', rows: 2, required: true })),
    field('case.compensation', h('input', { name: 'compensation', inputmode: 'decimal', pattern: '[0-9]+(\\.[0-9]{1,2})?' }))], async f => {
    const body = { outcome: val(f, 'outcome'), resolution: val(f, 'resolution') };
    if (val(f, 'compensation')) body.compensation = val(f, 'compensation');
    await api.post(`${path}/resolve`, body);
    done();
  });
}

function openCaseForm() {
  const orders = state.overview?.orders || [];
  return miniForm('open-case', [
    field('case.kind', h('select', { name: 'kind' }, CASE_KINDS.map(k => h('option', { value: k }, t(`case.kind.${k}`))))),
    field('case.order', h('select', { name: 'order' }, h('option', { value: '' }, t('case.noOrder')),
      orders.map((o, i) => h('option', { value: o.orderId, selected: i === 0 }, o.orderId)))),
    field('case.reason', h('input', { name: 'reason', required: true }))], async f => {
    const order = orders.find(o => o.orderId === val(f, 'order'));
    const body = { buyerId: state.buyer, platform: order?.platform || state.view?.conversation?.platform || 'taobao',
      kind: val(f, 'kind'), reason: val(f, 'reason') };
    if (val(f, 'order')) body.orderId = val(f, 'order');
    const opened = await api.post('/api/cases', body);
    toast(t('case.opened', { id: opened.caseId }));
    loadCustomer();
    refreshInbox();
  });
}

function renderReview(r) {
  const card = h('div.review', { dataset: { review: r.reviewId, followUp: r.followUp || '' } },
    h('div.head', h('span.stars', { 'aria-label': `${r.rating}/5` }, '★'.repeat(r.rating) + '☆'.repeat(Math.max(0, 5 - r.rating))),
      h('span.chip', { class: r.sentiment === 'NEGATIVE' ? 'bad' : '' }, t('review.followUp', { status: t(`followup.${r.followUp || 'NONE'}`) }))),
    h('div', r.content || ''),
    r.reasons?.length ? h('div', r.reasons.map(x => h('span.chip.warn', String(x).toLowerCase()))) : null);
  if (r.followable && (r.followUp === 'NONE' || !r.followUp)) {
    const followUp = () => miniForm('follow-up', field('review.note', h('textarea', { name: 'note', rows: 2, required: true })), async f => {
      await api.post(`/api/reviews/${api.enc(r.reviewId)}/follow-ups`, { status: 'CONTACTED', note: val(f, 'note') });
      loadCustomer();
      refreshInbox();
    });
    card.append(h('div.actions', h('button', { type: 'button', onclick: () => toggleForm(card, followUp()) }, t('review.contacted'))));
  }
  renderExplanation(card, r);
  return card;
}

// The seller's public explanation (解释): drafted and edited until published, once, within 30 days of the review.

const codePoints = text => [...text].length; // as review-service counts: 500 汉字 or 500 emoji

function explainable(r) {
  return !r.explanation?.publishedAt && (!r.postedAt || Date.parse(r.postedAt) + EXPLANATION_WINDOW_MS > Date.now());
}

function renderExplanation(card, r) {
  const ex = r.explanation;
  if (ex?.text) {
    card.append(h('div.explanation', { dataset: { explanation: ex.publishedAt ? 'published' : 'draft' } },
      h('span.chip', { class: ex.publishedAt ? 'ok' : '' }, ex.publishedAt
        ? t('explanation.published', { when: time(ex.publishedAt, lang()) }) : t('explanation.draft')),
      h('div', ex.text)));
  }
  if (!explainable(r)) return;
  const act = (action, key, onclick) => h('button', { type: 'button', dataset: { action }, onclick }, t(key));
  card.append(h('div.actions',
    act('explain', ex?.text ? 'explanation.edit' : 'explanation.write', () => toggleForm(card, explanationForm(r))),
    ex?.text ? act('publish', 'explanation.publish', () => publishExplanation(r)) : null));
}

function explanationForm(r) {
  const area = h('textarea', { name: 'text', rows: 3, required: true });
  area.value = r.explanation?.text || '';
  const counter = h('span.counter', { 'aria-live': 'polite' });
  const count = () => {
    const n = codePoints(area.value);
    counter.textContent = t('explanation.count', { n, max: EXPLANATION_MAX });
    counter.classList.toggle('over', n > EXPLANATION_MAX);
  };
  area.addEventListener('input', count);
  count();
  // no maxlength: it counts UTF-16 units (an emoji is two); the server's 400 names the field instead
  return miniForm('explanation', [field('explanation.text', area), counter], async f => {
    await api.put(`/api/reviews/${api.enc(r.reviewId)}/explanation`, { text: val(f, 'text') });
    loadCustomer();
  });
}

/** Publishing is final (a review has one explanation): a refusal (409: published, too late) is a notice. */
async function publishExplanation(r) {
  try {
    await api.post(`/api/reviews/${api.enc(r.reviewId)}/explanation/publish`);
    toast(t('explanation.sent'));
    loadCustomer();
  } catch (err) {
    toast(t('error.generic', { detail: problemText(err) }), 'bad');
  }
}

function renderFile() {
  const f = state.file;
  const block = h('div.block', { id: 'cust-file' }, h('h3', t('cust.file')));
  if (!f) {
    block.append(h('p.muted', t('cust.noFile')));
    return block;
  }
  const spent = Object.entries(f.totalSpent || {}).map(([cur, amount]) => `${amount} ${cur}`).join(' + ') || '0';
  block.append(h('div',
    h('div.muted', t('file.orders', { n: f.paidOrders ?? 0, spent })),
    h('div', { 'aria-label': t('file.tags') }, (f.tags || []).map(tag => h('span.chip.info', tag))),
    f.specialRequests?.length ? [h('strong', t('file.requests')), h('ul.notes', f.specialRequests.map(x => h('li', x.text)))] : null,
    f.notes?.length ? [h('strong', t('file.notes')), h('ul.notes', f.notes.map(x => h('li', x.text, h('span.muted', ` — ${x.by || ''}`))))] : null,
    h('div.actions',
      h('button', { type: 'button', onclick: () => toggleForm(block, fileForm('tag')) }, t('file.addTag')),
      h('button', { type: 'button', onclick: () => toggleForm(block, fileForm('note')) }, t('file.addNote')))));
  return block;
}

function fileForm(kind) {
  const key = kind === 'tag' ? 'file.addTag' : 'file.addNote';
  return miniForm(`file-${kind}`, field(key, kind === 'tag' ? h('input', { name: 'value', maxlength: 20, required: true })
    : h('textarea', { name: 'value', rows: 2, maxlength: 500, required: true })), async f => {
    const edit = kind === 'tag' ? { addTags: [val(f, 'value')] } : { addNotes: [val(f, 'value')] };
    state.file = await api.patch(`/api/customers/${api.enc(state.buyer)}/file`, edit);
    renderCustomer();
  });
}

// ---------------------------------------------------------------------------------------------------- KPIs

function showTab(tab) {
  state.tab = tab;
  $('#tab-desk').setAttribute('aria-pressed', String(tab === 'desk'));
  $('#tab-kpis').setAttribute('aria-pressed', String(tab === 'kpis'));
  $('#main').hidden = tab !== 'desk';
  $('#kpis').hidden = tab !== 'kpis';
  if (tab === 'kpis') loadKpis();
}
$('#tab-desk').addEventListener('click', () => showTab('desk'));
$('#tab-kpis').addEventListener('click', () => showTab('kpis'));
for (const [id, range] of [['#kpi-today', 'today'], ['#kpi-week', 'week']]) {
  $(id).addEventListener('click', () => {
    state.range = range;
    $('#kpi-today').setAttribute('aria-pressed', String(range === 'today'));
    $('#kpi-week').setAttribute('aria-pressed', String(range === 'week'));
    loadKpis();
  });
}

function dayStart(offsetDays) {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + offsetDays);
  return d;
}

const kpiUrl = (from, to) => `/api/kpis?from=${api.enc(from.toISOString())}&to=${api.enc(to.toISOString())}`;

async function loadKpis() {
  const body = $('#kpi-body');
  const from = dayStart(state.range === 'today' ? 0 : -6);
  const to = dayStart(1);
  try {
    const kpis = await api.get(kpiUrl(from, to));
    const own = kpis.agents?.[state.me.sub];
    const figures = isSupervisor() && kpis.shop ? kpis.shop : own;
    const parts = [];
    if (kpis.unavailable?.length) parts.push(h('p.warn', t('inbox.unavailable', { services: kpis.unavailable.join(', ') })));
    parts.push(h('h3', isSupervisor() && kpis.shop ? t('kpi.shop') : t('kpi.mine')));
    parts.push(figures ? h('div.kpi-grid', Object.entries(figures).map(([k, v]) => kpiCard(k, v))) : h('p.muted', t('kpi.none')));
    if (state.range === 'week') parts.push(await perDay(from));
    if (isSupervisor() && kpis.agents && Object.keys(kpis.agents).length) parts.push(teamTable(kpis.agents));
    clear(body, parts);
  } catch (e) {
    clear(body, h('p.error', problemText(e)));
  }
}

function formatFigure(key, value) {
  if (value === null || value === undefined) return '—';
  if (key.endsWith('Seconds')) return elapsed(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

function kpiCard(key, value) {
  const isRate = value && typeof value === 'object' && 'of' in value;
  const label = t(`kpi.${key}`);
  return h('div.kpi', { dataset: { kpi: key } }, h('div.label', label),
    isRate ? [h('div.value', value.value === null ? '—' : `${Math.round(value.value * 100)}%`),
      h('div.sub', `${value.count} / ${value.of}`), rateBar(value.value, label)]
      : h('div.value', formatFigure(key, value)));
}

async function perDay(from) {
  const days = [];
  for (let i = 0; i < 7; i++) {
    const start = new Date(from);
    start.setDate(from.getDate() + i);
    const end = new Date(start);
    end.setDate(start.getDate() + 1);
    days.push({ start, end });
  }
  const answers = await Promise.all(days.map(d => api.get(kpiUrl(d.start, d.end)).catch(() => null)));
  const fmt = new Intl.DateTimeFormat(locale(lang()), { month: 'numeric', day: 'numeric' });
  const points = answers.map((a, i) => {
    const f = isSupervisor() && a?.shop ? a.shop : a?.agents?.[state.me.sub];
    return { label: fmt.format(days[i].start), value: f?.conversationsHandled ?? 0 };
  });
  return h('section.kpi-section', h('h3', t('kpi.perDay')), barChart(points, t('kpi.perDay')));
}

function teamTable(agents) {
  const rows = Object.entries(agents);
  const max = Math.max(0, ...rows.map(([, f]) => f.conversationsHandled || 0));
  const pct = r => (r && r.value !== null && r.value !== undefined ? `${Math.round(r.value * 100)}%` : '—');
  return h('section.kpi-section', h('h3', t('kpi.team')), h('table.team',
    h('thead', h('tr', ['kpi.agent', 'kpi.conversationsHandled', 'kpi.threeMinuteResponseRate', 'kpi.firstResponseAverageSeconds',
      'kpi.inquiryConversionRate', 'kpi.casesResolved', 'kpi.csatAverage'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', rows.map(([agent, f]) => h('tr', { dataset: { agent } },
      h('th', { scope: 'row' }, agent),
      h('td.num', `${f.conversationsHandled ?? 0} `, countBar(f.conversationsHandled || 0, max)),
      h('td.num', pct(f.threeMinuteResponseRate)),
      h('td.num', formatFigure('firstResponseAverageSeconds', f.firstResponseAverageSeconds)),
      h('td.num', pct(f.inquiryConversionRate)),
      h('td.num', formatFigure('casesResolved', f.casesResolved)),
      h('td.num', formatFigure('csatAverage', f.csatAverage)))))));
}

// ---------------------------------------------------------------------------------------------------- toasts, keys

function toast(text, tone) {
  const box = $('#toasts');
  if ([...box.children].some(n => n.firstChild.textContent === text)) return; // the same news once
  const node = h('div.toast', { class: tone || '', role: tone === 'bad' ? 'alert' : 'status' }, h('span', text),
    h('button', { type: 'button', 'aria-label': t('toast.close'), onclick: () => node.remove() }, '✕'));
  box.append(node);
  while (box.children.length > 4) box.firstElementChild.remove();
  setTimeout(() => node.remove(), 8000);
}

document.addEventListener('keydown', e => {
  if (e.key === 'Escape') {
    if (closeScripts()) {
      $('#scripts-open').focus();
      return;
    }
    const form = document.activeElement?.closest?.('.mini-form');
    if (form) {
      const card = form.parentElement;
      closeForm(form);
      card?.querySelector('button')?.focus();
      return;
    }
    $('#toasts').replaceChildren();
    return;
  }
  if (!e.altKey || !state.me) return;
  if (e.code === 'KeyI') {
    e.preventDefault();
    showTab('desk');
    ($('#inbox-list .item.selected button') || $('#inbox-list .item button') || $('#inbox-assignee')).focus();
  } else if (e.code === 'KeyC' && state.buyer) {
    e.preventDefault();
    $('#composer-text').focus();
  } else if (e.code === 'KeyS' && state.buyer) {
    e.preventDefault();
    openScripts();
  }
});

boot();
