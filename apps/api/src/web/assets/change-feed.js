// @ts-check
/**
 * The task change feed (Server-Sent Events) read with fetch, because EventSource cannot send the bearer token.
 * Reconnects after the server's `retry:` delay (or when the tab wakes up) with Last-Event-ID, so no change is missed
 * across a sleep; `event: reset` means the server cannot resume that far back and the lists must reload.
 */
import { session } from './api.js';

const TOKEN_KEY = 'frist.token';

/**
 * @param {{ onChange: (change: { id: string, taskId: string | null, change: string }) => void, onReset: () => void,
 *   alive: () => boolean }} handlers `alive` false ends the feed (the page was left)
 * @returns {{ close: () => void, lastEventId: () => string | null }}
 */
export function followTaskChanges(handlers) {
  /** @type {string | null} */
  let lastId = null;
  let retryMs = 3000;
  let closed = false;
  /** @type {AbortController | null} */
  let controller = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let woke = false;

  const stop = () => {
    closed = true;
    controller?.abort();
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', wake);
  };
  // A laptop that slept keeps a dead socket: reconnect at once when the tab is shown again.
  const wake = () => {
    if (document.visibilityState === 'visible' && !closed) {
      woke = true;
      controller?.abort();
    }
  };
  document.addEventListener('visibilitychange', wake);

  /** @param {string} block */
  const dispatch = (block) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const key = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (key === 'id') lastId = value;
      else if (key === 'event') event = value;
      else if (key === 'data') data += data ? `\n${value}` : value;
      else if (key === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (event === 'task-change' && data) handlers.onChange(JSON.parse(data));
    else if (event === 'reset') {
      lastId = null;
      handlers.onReset();
    }
  };

  const connect = async () => {
    if (closed || !handlers.alive()) return stop();
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token || !session()) return stop();
    controller = new AbortController();
    /** @type {Record<string, string>} */
    const headers = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
    if (lastId) headers['last-event-id'] = lastId;
    try {
      const res = await fetch('/api/v1/tasks/stream', { headers, signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        if (!handlers.alive()) return stop();
      }
    } catch {
      // Aborted, offline or refused: reconnect below.
    }
    if (!closed) timer = setTimeout(() => void connect(), woke ? 0 : retryMs);
    woke = false;
  };
  void connect();
  return { close: stop, lastEventId: () => lastId };
}
