/** Bounded load loops: every loop stops at a request count and at a time limit, whichever comes first. */
import { Agent, get } from 'node:http';
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
 * GETs against a loopback URL on the same schedule as {@link fixedRateLoop} (which drives the `pg` baseline): `rate`
 * starts per second, evenly spaced, over `connections` keep-alive sockets. autocannon's `overallRate` is no such
 * schedule: each connection sends its share of a second back to back as the second begins, then waits for the next
 * one, so "200 req/s" was a flat-out burst of 10 concurrent requests a few hundred ms long every second, and its p95
 * was the queueing of that burst, while the baseline's requests were spaced 5 ms apart.
 */
export async function pacedHttpLoad(opts: {
  url: string;
  paths: () => string;
  headers?: () => Record<string, string>;
  connections: number;
  seconds: number;
  rate: number;
}): Promise<LoopResult & { non2xx: number }> {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(opts.url)) throw new Error(`refusing to load a non-loopback URL: ${opts.url}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  let non2xx = 0;
  const request = (path: string, headers: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const req = get(`${opts.url}${path}`, { agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) non2xx++;
        res.on('data', () => undefined);
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout after 10 s')));
      req.on('error', reject);
    });
  try {
    const result = await fixedRateLoop({
      rate: opts.rate,
      seconds: opts.seconds,
      connections: opts.connections,
      op: () => {
        const path = opts.paths(); // first: the headers may depend on the path picked
        return request(path, opts.headers?.() ?? {});
      },
    });
    return { ...result, non2xx };
  } finally {
    agent.destroy();
  }
}

/**
 * autocannon flat out against a loopback URL (`connections` requests always in flight), bounded by `seconds` and a
 * count. Per-response times are collected so p95 can be reported (autocannon's histogram has no p95). At a fixed
 * rate use {@link pacedHttpLoad}.
 */
export async function httpLoad(opts: {
  url: string;
  paths: () => string;
  headers?: () => Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoopResult & { non2xx: number }> {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(opts.url)) throw new Error(`refusing to load a non-loopback URL: ${opts.url}`);
  const latencies: number[] = [];
  // autocannon lets `amount` override `duration`, so the run is bounded in count by stopping it here.
  const maxCount = 200_000;
  let instance: autocannon.Instance | undefined = undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        timeout: 10,
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
      if (latencies.length === maxCount) instance?.stop();
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
