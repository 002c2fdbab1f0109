import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SystemClock } from '@frist/config';
import { RequestDrain } from './request-drain.service';
import type { TemporalClientService } from './temporal-client.service';

/** A response as Express has it: closes when answered; an SSE stream has sent its event-stream headers. */
function response(opts: { stream?: boolean } = {}) {
  const res = new EventEmitter() as EventEmitter & Response;
  Object.assign(res, {
    headersSent: opts.stream ?? false,
    getHeader: (name: string) => (name === 'content-type' && opts.stream ? 'text/event-stream' : undefined),
  });
  return res;
}

describe('RequestDrain (shutdown of the API)', () => {
  let signals: AbortSignal[];
  let drain: RequestDrain;
  let warnings: string[];

  beforeEach(() => {
    signals = [];
    const temporal = {
      connection: {
        withAbortSignal: (signal: AbortSignal, fn: () => Promise<unknown>) => (signals.push(signal), fn()),
      },
    } as unknown as TemporalClientService;
    drain = new RequestDrain(temporal, new SystemClock());
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
  });
  afterEach(() => jest.restoreAllMocks());

  const track = (req: Partial<Request>, res: Response) => {
    const next = jest.fn();
    drain.track(req as Request, res, next);
    expect(next).toHaveBeenCalledTimes(1);
  };

  it("aborts every request's Temporal calls and logs by method, route and correlation id what stays unanswered", async () => {
    const answered = response();
    const stuck = response();
    const stream = response({ stream: true });
    track({ method: 'POST', baseUrl: '', route: { path: '/api/v1/cases/:id/events' }, id: 'corr-1' } as never, stuck);
    track({ method: 'POST', baseUrl: '', path: '/api/v1/cases', id: 'corr-2' } as never, answered);
    track({ method: 'GET', baseUrl: '', path: '/api/v1/tasks/stream', id: 'corr-3' } as never, stream);
    expect(signals.every((s) => !s.aborted)).toBe(true);
    expect(drain.cutting).toBe(false);

    // The request waiting on Temporal answers once its call is aborted; the other one never does.
    signals[1].addEventListener('abort', () => setTimeout(() => answered.emit('close'), 10));
    const abandoned = await drain.cutOff(300);

    expect(drain.cutting).toBe(true);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(abandoned).toEqual([
      { method: 'POST', route: '/api/v1/cases/:id/events', correlationId: 'corr-1', waitedMs: expect.any(Number) },
    ]);
    expect(warnings).toContainEqual(
      expect.stringMatching(/abandoning POST \/api\/v1\/cases\/:id\/events correlationId=corr-1 after \d+ ms/),
    );
    expect(warnings.join('\n')).not.toMatch(/stream/);
  });

  it('gives each request a signal of its own, so an answered request leaves nothing on a long-lived one', async () => {
    const first = response();
    const second = response();
    track({ method: 'GET', baseUrl: '', path: '/api/v1/tasks', id: 'a' } as never, first);
    track({ method: 'GET', baseUrl: '', path: '/api/v1/tasks', id: 'b' } as never, second);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    first.emit('close');
    await drain.cutOff(0);
    // The answered request is not aborted at shutdown: only those still in flight are.
    expect(signals.map((s) => s.aborted)).toEqual([false, true]);
    // A request that arrives once the cut-off has begun waits on Temporal not at all.
    track({ method: 'GET', baseUrl: '', path: '/api/v1/tasks', id: 'c' } as never, response());
    expect(signals[2]?.aborted).toBe(true);
  });

  it('returns at once when nothing is in flight', async () => {
    const t0 = Date.now();
    expect(await drain.cutOff(5_000)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
