import { request as httpRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  /** Resolves with the first event (from the start of the stream) that matches, or rejects after the timeout. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** A minimal Server-Sent Events reader that, unlike a browser EventSource, can send an Authorization header. */
export function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const waiters: (() => void)[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: SseEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') e.id = value;
            else if (field === 'event') e.event = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length === 0) continue;
          e.data = data.join('\n');
          events.push(e);
          for (const w of waiters.splice(0)) w();
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        waitFor(match, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error('timed out waiting for an SSE event')), timeoutMs);
            const check = () => {
              const found = events.find(match);
              if (found) {
                clearTimeout(timer);
                ok(found);
              } else waiters.push(check);
            };
            check();
          });
        },
        close: () => {
          res.destroy();
          req.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
