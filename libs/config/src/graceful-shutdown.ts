/**
 * SIGTERM/SIGINT: close the app (drain in-flight work through its shutdown hooks) and exit 0, or exit 1 if that
 * takes longer than the grace period. Returns the same shutdown for the process itself to call, with its own exit
 * code: a worker whose Temporal worker died drains what it can and exits 1, so an orchestrator restarts it. Used instead of Nest's enableShutdownHooks, which re-raises the signal after
 * closing and so never exits 0. `onSlow` runs halfway through the grace period (e.g. to cut long-lived streams).
 * Pass the app while it is still starting (a promise) to cover the start-up too: a signal then waits for it.
 */
export function exitGracefullyOnSignals(
  app: { close(): Promise<void> } | Promise<{ close(): Promise<void> }>,
  opts: { graceMs: number; log: (msg: string) => void; onSlow?: () => void },
): (reason: string, exitCode: number) => void {
  let closing = false;
  const shutdown = (signal: string, exitCode = 0) => {
    if (closing) return;
    closing = true;
    opts.log(`${signal}: draining (grace ${opts.graceMs} ms)`);
    const slow = setTimeout(() => opts.onSlow?.(), opts.graceMs / 2);
    const hard = setTimeout(() => {
      opts.log(`shutdown exceeded the grace period of ${opts.graceMs} ms; exiting`);
      process.exit(1);
    }, opts.graceMs);
    slow.unref();
    hard.unref();
    // Once the shutdown has decided, its timers must not fire a second, later exit.
    const exit = (code: number) => {
      clearTimeout(slow);
      clearTimeout(hard);
      process.exit(code);
    };
    Promise.resolve(app)
      .then((started) => started.close())
      .then(
        () => {
          opts.log(exitCode === 0 ? 'shut down cleanly' : `drained; exiting with ${exitCode}`);
          exit(exitCode);
        },
        (err: unknown) => {
          opts.log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM received'));
  process.once('SIGINT', () => shutdown('SIGINT received'));
  return shutdown;
}
