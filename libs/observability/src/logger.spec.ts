import { Writable } from 'node:stream';
import { runWithCorrelationId } from './correlation-id';
import { maskCprInLogLine } from './log-masking';
import { createLogger } from './logger';
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
