import type { AppProcess } from './app-process';

export interface EventuallyOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
  /** A process the wait depends on: its exit fails the wait at once, with its output. */
  process?: AppProcess;
}

/**
 * The one polling helper: probes until `probe` returns a value other than undefined or false, and returns it.
 * A probe that throws counts as "not yet" (a server still starting refuses connections); the last error is in
 * the timeout's message, so an assertion that never came true fails with its own explanation.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  opts: EventuallyOptions | number = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, process } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (process && process.child.exitCode !== null)
      throw new Error(`${what}: the process exited early:\n${process.output().slice(-3000)}`);
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) {
      const cause =
        lastError === undefined
          ? ''
          : `; last probe failed: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`;
      const output = process ? `:\n${process.output().slice(-3000)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${output}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
