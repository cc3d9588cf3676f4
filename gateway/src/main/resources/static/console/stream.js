// The agent stream (GET /api/stream, docs/events.md "Agent stream") read with fetch and a ReadableStream: EventSource
// cannot send the Authorization header. Reconnects with Last-Event-ID after a drop (1 s, 2 s, 4 s ... 15 s), so
// nothing is lost within the gateway's retention; a `reset` event tells the views to reload.

export class AgentStream {
  /**
   * @param tokenOf () => the current bearer token
   * @param handlers {onEvent(event), onState('connecting'|'live'|'retrying'|'closed'), onUnauthorized()}
   */
  constructor(tokenOf, handlers) {
    this.tokenOf = tokenOf;
    this.handlers = handlers;
    this.lastEventId = null;
    this.retry = 1000;
    this.stopped = false;
    this.controller = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
    this.handlers.onState?.('closed');
  }

  async connect() {
    if (this.stopped) return;
    this.controller = new AbortController();
    this.handlers.onState?.('connecting');
    const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${this.tokenOf()}` };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    try {
      const response = await fetch('/api/stream', { headers, signal: this.controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        this.stopped = true;
        this.handlers.onUnauthorized?.();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      await this.read(response.body.getReader());
      throw new Error('stream ended');
    } catch (e) {
      if (this.stopped) return;
      this.handlers.onState?.('retrying');
      const wait = this.retry;
      this.retry = Math.min(this.retry * 2, 15000);
      setTimeout(() => this.connect(), wait);
    }
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { event: 'message', data: [], id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length || event.id !== null) this.dispatch(event);
          event = { event: 'message', data: [], id: null };
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event.event = value;
        else if (field === 'data') event.data.push(value);
        else if (field === 'id') event.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
      }
    }
  }

  dispatch(raw) {
    if (raw.id) this.lastEventId = raw.id;
    // `ready` opens a new stream; a resumed one starts with what was missed (or `reset`): either way it is live.
    this.retry = 1000;
    this.handlers.onState?.('live');
    let data = null;
    const text = raw.data.join('\n');
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    this.handlers.onEvent?.({ type: raw.event, id: raw.id, data });
  }
}
