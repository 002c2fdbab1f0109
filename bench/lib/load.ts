/** Bounded load loops: every loop stops at a request count and at a time limit, whichever comes first. */
import autocannon from 'autocannon';
import { summarize, sleep, type Summary } from './stats';

export interface LoopResult {
  completed: number;
  errors: number;
  seconds: number;
  /** Completed operations per second. */
  rate: number;
  latencyMs: Summary;
  firstError?: string;
}

/**
 * `workers` loops share one counter of `total` operations until the deadline; `beforeOp(i, start)` may wait for the
 * operation's slot. Latency is measured from send to answer, errors are counted, the first is kept.
 */
async function sharedLoop(opts: {
  total: number;
  workers: number;
  maxMs: number;
  op: (i: number) => Promise<void>;
  beforeOp?: (i: number, start: number) => Promise<void>;
}): Promise<LoopResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.maxMs;
  const worker = async () => {
    while (next < opts.total && performance.now() < deadline) {
      const i = next++;
      await opts.beforeOp?.(i, start);
      const t0 = performance.now();
      try {
        await opts.op(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.workers }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    completed: latencies.length,
    errors,
    seconds,
    rate: latencies.length / seconds,
    latencyMs: summarize(latencies),
    ...(firstError ? { firstError } : {}),
  };
}

/** Closed loop: `concurrency` workers each run `op` back to back until `total` ops or `maxSeconds`. */
export function closedLoop(opts: {
  total: number;
  concurrency: number;
  maxSeconds: number;
  op: (i: number) => Promise<void>;
}): Promise<LoopResult> {
  return sharedLoop({ total: opts.total, workers: opts.concurrency, maxMs: opts.maxSeconds * 1000, op: opts.op });
}

/**
 * Like autocannon with `overallRate`: `connections` workers share a global schedule of `rate` starts per second; a
 * worker waits for its slot and for its previous operation (so a slow server lowers the achieved rate rather than
 * queueing without bound). Latency is measured from send to answer, as autocannon does.
 */
export function fixedRateLoop(opts: {
  rate: number;
  seconds: number;
  connections: number;
  op: (i: number) => Promise<void>;
}): Promise<LoopResult> {
  const interval = 1000 / opts.rate;
  return sharedLoop({
    total: Math.round(opts.rate * opts.seconds),
    workers: opts.connections,
    maxMs: opts.seconds * 1000 + 5_000,
    op: opts.op,
    beforeOp: async (i, start) => {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
    },
  });
}

/**
 * autocannon against a loopback URL, at a fixed overall rate or flat out, bounded by `amount` and `seconds`.
 * Per-response times are collected so p95 can be reported (autocannon's histogram has no p95).
 */
export async function httpLoad(opts: {
  url: string;
  paths: () => string;
  headers?: () => Record<string, string>;
  connections: number;
  seconds: number;
  rate?: number;
}): Promise<LoopResult & { non2xx: number }> {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(opts.url)) throw new Error(`refusing to load a non-loopback URL: ${opts.url}`);
  const latencies: number[] = [];
  // autocannon lets `amount` override `duration`, so a flat-out run is bounded in count by stopping it here.
  const maxCount = opts.rate ? Math.round(opts.rate * opts.seconds) : 200_000;
  let instance: autocannon.Instance | undefined = undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        ...(opts.rate ? { amount: maxCount } : {}),
        timeout: 10,
        ...(opts.rate ? { overallRate: opts.rate } : {}),
        requests: [
          {
            setupRequest: (req) => {
              req.path = opts.paths();
              if (opts.headers) req.headers = { ...req.headers, ...opts.headers() };
              return req;
            },
          },
        ],
      },
      (err: unknown, res: autocannon.Result) =>
        err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (latencies.length === maxCount && !opts.rate) instance?.stop();
    });
  });
  const non2xx = result.non2xx;
  return {
    completed: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx,
    seconds: result.duration,
    rate: result.requests.total / result.duration,
    latencyMs: summarize(latencies),
  };
}
