import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { createLogger } from '@frist/observability';
import { httpLoggerOptions } from './request-logging';

/** pino-http with the API's options in front of a bare HTTP server; every line written is parsed back. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(
    { env: 'production', observability: { logLevel: 'info', logFormat: 'json' } },
    'api',
    sink,
  );
  const middleware = pinoHttp(httpLoggerOptions(logger));
  const server: Server = createServer((req, res) => {
    (req as IncomingMessage & { id?: string }).id = 'req-test-1';
    middleware(req, res, () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, lines, close: () => new Promise((r) => server.close(r)) };
}

describe('the access line', () => {
  it('names the request once (method, URL without a calendar token), status, time and correlation id', async () => {
    const api = await serve((req, res) => {
      res.statusCode = req.url?.startsWith('/boom') ? 500 : 200;
      res.end('{}');
    });
    try {
      await fetch(`${api.url}/api/v1/tasks?team=team-01`, { headers: { authorization: 'Bearer secret-token' } });
      await fetch(`${api.url}/api/v1/calendar/abcdef.ics`);
      await fetch(`${api.url}/boom`, { method: 'POST' });
      await new Promise((r) => setTimeout(r, 50));
      expect(api.lines).toEqual([
        {
          level: 'info',
          time: expect.any(String),
          service: 'api',
          pid: process.pid,
          hostname: expect.any(String),
          correlationId: 'req-test-1',
          req: { method: 'GET', url: '/api/v1/tasks?team=team-01' },
          res: { statusCode: 200 },
          responseTime: expect.any(Number),
          msg: 'request completed',
        },
        expect.objectContaining({
          level: 'info',
          req: { method: 'GET', url: '/api/v1/calendar/[redacted].ics' },
          res: { statusCode: 200 },
        }),
        expect.objectContaining({
          level: 'error',
          correlationId: 'req-test-1',
          req: { method: 'POST', url: '/boom' },
          res: { statusCode: 500 },
          err: expect.objectContaining({ message: 'failed with status code 500' }),
          msg: 'request errored',
        }),
      ]);
      expect(JSON.stringify(api.lines)).not.toContain('secret-token');
    } finally {
      await api.close();
    }
  });
});
