import { Injectable, Logger } from '@nestjs/common';

type Stop = (reason: string, exitCode: number) => void;

/**
 * Which Temporal workers this process runs and whether each is running (the readiness probe reports each), and
 * what happens when one dies: the process drains what it can through the shutdown it was handed and exits 1, so an
 * orchestrator restarts it instead of keeping a process that polls nothing.
 */
@Injectable()
export class WorkerLifecycle {
  private readonly logger = new Logger(WorkerLifecycle.name);
  private readonly workers = new Map<string, () => string>();
  private stop?: Stop;
  private died?: string;
  private readonly abandonedWork: string[] = [];

  /** main.ts hands in the process's shutdown; a worker that died before then stops the process now. */
  onFatal(stop: Stop): void {
    this.stop = stop;
    if (this.died) stop(this.died, 1);
  }

  register(name: string, state: () => string): void {
    this.workers.set(name, state);
  }

  /** A Temporal worker's run() ended with an error. */
  workerDied(name: string, err: unknown): void {
    this.logger.error(`the ${name} worker stopped with an error: ${String(err)}; draining and exiting with 1`);
    process.exitCode = 1;
    this.died ??= `the ${name} worker died`;
    this.stop?.(this.died, 1);
  }

  /** A worker's shutdown gave up on work it could not drain (it has logged what); the process exits 1. */
  abandoned(name: string, what: string): void {
    this.abandonedWork.push(`${name}: ${what}`);
  }

  /** What the shutdown abandoned, one entry per worker that did not drain. */
  abandonedOnShutdown(): readonly string[] {
    return this.abandonedWork;
  }

  /**
   * Ready when each expected worker (the process's roles) has registered and every registered one is RUNNING; one
   * not yet registered reports NOT_STARTED.
   */
  readiness(expected: readonly string[] = []): { ready: boolean; workers: Record<string, string> } {
    const workers: Record<string, string> = Object.fromEntries(expected.map((name) => [name, 'NOT_STARTED']));
    for (const [name, state] of this.workers) workers[name] = state();
    const states = Object.values(workers);
    return { ready: states.length > 0 && states.every((s) => s === 'RUNNING'), workers };
  }
}
