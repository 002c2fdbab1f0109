import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runWithCorrelationId } from './correlation-id';
import { maskCprInLogLine } from './log-masking';
import { bufferedLogDestination, createLogger, LOG_BUFFER_BYTES, LOG_FLUSH_MS } from './logger';
import { PinoTemporalLogger } from './temporal-logger';

/** A logger writing into memory; each line parsed back. */
function capture(service: 'api' | 'worker', logLevel: 'info' | 'debug' | 'warn' = 'info') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ env: 'production', observability: { logLevel, logFormat: 'json' } }, service, sink);
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JSON logs', () => {
  it('writes one JSON object per line with level name, ISO time and service, at the configured level', () => {
    const { logger, parsed } = capture('worker', 'warn');
    logger.info('not written at warn');
    logger.warn({ caseId: 'c-1' }, 'written');
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: 'warn',
        service: 'worker',
        msg: 'written',
        caseId: 'c-1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });

  it('adds the correlation id of the async context to the worker’s lines, and only there', () => {
    const { logger, parsed } = capture('worker');
    runWithCorrelationId('req-abc-123', () => logger.info('inside'));
    logger.info('outside');
    expect(parsed().map((l) => [l.msg, l.correlationId])).toEqual([
      ['inside', 'req-abc-123'],
      ['outside', undefined],
    ]);
    // The API's request loggers bind the id themselves (pino-http): no mixin, so it is never written twice.
    const api = capture('api');
    runWithCorrelationId('req-abc-123', () => api.logger.info('inside'));
    expect(api.lines[0]).not.toContain('req-abc-123');
  });

  it('redacts credentials by path and masks CPR-shaped text anywhere in the line', () => {
    const { logger, lines } = capture('api');
    logger.info(
      { req: { headers: { authorization: 'Bearer secret-token-value', cookie: 'sid=abc' } }, ref: '010190-1234' },
      'citizen 0101901234 and ０１０１９０-１２３４ and 01.01.90 12 34',
    );
    logger.info({ n: 3112995678 }, 'case 2026-000123 on 2026-12-07 at 10:15');
    expect(lines[0]).not.toContain('secret-token-value');
    expect(lines[0]).not.toContain('sid=abc');
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toMatch(/010190|0101901234|１２３４|01\.01\.90 12 34/);
    // Ordinary numbers, dates and case ids stay readable.
    expect(JSON.parse(lines[1])).toMatchObject({ msg: 'case 2026-000123 on 2026-12-07 at 10:15', n: '**********' });
  });

  it('masks only what reads as a CPR number', () => {
    expect(maskCprInLogLine('{"msg":"ref 010190-1234 ok"}')).toBe('{"msg":"ref ******-**** ok"}');
    expect(maskCprInLogLine('{"time":"2026-12-07T10:15:00.000Z","pid":1234567890123}')).toBe(
      '{"time":"2026-12-07T10:15:00.000Z","pid":1234567890123}',
    );
    expect(maskCprInLogLine('{"id":3112995678}')).toBe('{"id":"**********"}');
    expect(maskCprInLogLine('{"url":"/api/v1/tasks?q=0101901234&page=2"}')).toBe(
      '{"url":"/api/v1/tasks?q=**********&page=2"}',
    );
  });
});

describe('the Temporal runtime logger on pino', () => {
  it('maps SDK levels and keeps workflow attributes and errors', () => {
    const { logger, parsed } = capture('worker', 'debug');
    const temporal = new PinoTemporalLogger(logger);
    temporal.debug('Activity completed', { activityType: 'projectCase', correlationId: 'req-1' });
    temporal.error('Workflow failed', { workflowId: 'case-1', error: new Error('boom') });
    temporal.trace('below the level');
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: 'debug',
        msg: 'Activity completed',
        activityType: 'projectCase',
        correlationId: 'req-1',
      }),
      expect.objectContaining({
        level: 'error',
        msg: 'Workflow failed',
        workflowId: 'case-1',
        err: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
  });
});

describe('the JSON lines on stdout', () => {
  const config = { env: 'production', observability: { logLevel: 'info', logFormat: 'json' } } as const;

  it('writes lines in batches, and a lone line within the flush interval', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'frist-log-'));
    const file = join(dir, 'out.log');
    const fd = fs.openSync(file, 'w');
    const writes = jest.spyOn(fs, 'write');
    try {
      const dest = bufferedLogDestination(fd);
      const logger = createLogger(config, 'api', dest);
      // Access lines as requests end: one at a time, each after the previous one's write could have finished.
      const started = performance.now();
      for (let i = 0; i < 30; i++) {
        logger.info({ req: { method: 'GET', url: `/api/v1/tasks?team=team-${i}` } }, 'request completed');
        await new Promise((r) => setTimeout(r, 3));
      }
      const loggingMs = performance.now() - started;
      await new Promise((r) => setTimeout(r, LOG_FLUSH_MS * 4));
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(lines.map((l) => (JSON.parse(l) as { req: { url: string } }).req.url)).toEqual(
        Array.from({ length: 30 }, (_, i) => `/api/v1/tasks?team=team-${i}`),
      );
      // ~6 kB of lines in a few writes, not one write per line: one per full buffer, plus one per flush interval
      // that passed while logging (a loaded machine stretches the 3 ms pauses), plus the flushes at the end.
      const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
      const allowed = Math.ceil(bytes / LOG_BUFFER_BYTES) + Math.ceil(loggingMs / LOG_FLUSH_MS) + 2;
      // Only this destination's writes: other loggers of the same Jest worker (earlier files') write to stdout.
      const ours = writes.mock.calls.filter(([target]) => target === fd).length;
      expect(ours).toBeGreaterThan(0);
      expect(ours).toBeLessThanOrEqual(Math.min(allowed, lines.length / 2));
      dest.end();
    } finally {
      writes.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no buffered line when the process exits at once', () => {
    const root = resolve(__dirname, '../../..');
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `const { createLogger } = require('./libs/observability/src/logger');
         const logger = createLogger(${JSON.stringify(config)}, 'worker');
         for (let i = 0; i < 3; i++) logger.info({ i }, 'before exit');
         process.exit(0);`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    const lines = child.stdout.split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual([0, 1, 2]);
  });
});
