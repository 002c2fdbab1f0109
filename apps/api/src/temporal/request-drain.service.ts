import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Clock } from '@frist/config';
import { TemporalClientService } from './temporal-client.service';

/** A request the API stopped waiting for at shutdown, as it is logged. */
export interface AbandonedRequest {
  method: string;
  route: string;
  correlationId: string;
  waitedMs: number;
}

/**
 * The API's requests in flight, for a shutdown that answers them instead of cutting them off. Each request's
 * Temporal calls run under an abort signal of its own (the client adds a listener per call and never removes it, so
 * one process-wide signal would keep every call ever made): when the shutdown's drain time is up, cutOff() aborts
 * them all, so a request
 * still waiting on Temporal (an update no worker takes) fails at once and answers 503 SHUTTING_DOWN with Retry-After
 * (its eventId makes the client's retry safe). Whatever is still unanswered after that is logged by method, route and
 * correlation id before the connections are closed; change streams (SSE) are closed without being listed.
 */
@Injectable()
export class RequestDrain {
  private readonly logger = new Logger(RequestDrain.name);
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Map<Request, { res: Response; since: number; calls: AbortController }>();

  constructor(
    private readonly temporal: TemporalClientService,
    private readonly clock: Clock,
  ) {}

  /** True once cutOff() has begun: a Temporal call that fails now failed because of it. */
  get cutting(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Express middleware, mounted after the body parsers (their callbacks would lose the async context). */
  readonly track = (req: Request, res: Response, next: NextFunction): void => {
    const calls = new AbortController();
    if (this.cutting) calls.abort();
    this.inFlight.set(req, { res, since: this.clock.now().getTime(), calls });
    res.once('close', () => this.inFlight.delete(req));
    void this.temporal.connection.withAbortSignal(calls.signal, () => Promise.resolve(next()));
  };

  /**
   * Stops every request's wait on Temporal, gives the answers up to `settleMs` to be written, and logs (and
   * returns) the requests still unanswered: the caller closes their connections next.
   */
  async cutOff(settleMs: number): Promise<AbandonedRequest[]> {
    const now = () => this.clock.now().getTime();
    const pending = () => [...this.inFlight].filter(([, { res }]) => !isStream(res));
    if (pending().length) this.logger.warn(`shutdown: ending the wait on Temporal of ${pending().length} request(s)`);
    this.shutdown.abort();
    for (const { calls } of this.inFlight.values()) calls.abort();
    const until = now() + settleMs;
    while (pending().length && now() < until) await new Promise((r) => setTimeout(r, 25));
    const abandoned = pending().map(([req, { since }]) => ({
      method: req.method,
      route: routeOf(req),
      correlationId: (req as Request & { id?: string }).id ?? '',
      waitedMs: now() - since,
    }));
    for (const a of abandoned)
      this.logger.warn(
        `shutdown: abandoning ${a.method} ${a.route} correlationId=${a.correlationId} after ${a.waitedMs} ms`,
      );
    return abandoned;
  }
}

function isStream(res: Response): boolean {
  return res.headersSent && /^text\/event-stream/.test(String(res.getHeader('content-type') ?? ''));
}

/** The route pattern once matched (no ids, no query: a query may hold a citizen reference), else the bare path. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : req.path;
}
