import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_AUTH_ENV } from './access-token';
import { eventually } from './eventually';

const root = join(__dirname, '..', '..', '..');

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process wrote, for assertions and for failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGKILL: no cleanup, no drain. */
  kill9(): Promise<number | string>;
  /** SIGTERM and wait. */
  stop(): Promise<number | string>;
}

/** Runs `apps/<name>/src/main.ts` as a real process (as in production, but from source), with the given env. */
export function spawnApp(app: 'api' | 'worker', env: Record<string, string>): AppProcess {
  let out = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...TEST_AUTH_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => out,
    exited,
    kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * spawnApp, resolved once the process is up: the API answers /health/live on its API_PORT, the worker polls
 * ("worker ready on"). A process that does not get there in time is killed, and the error carries its output.
 */
export async function startApp(
  app: 'api' | 'worker',
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<AppProcess> {
  const p = spawnApp(app, env);
  const up =
    app === 'api'
      ? async () => (await fetch(`http://127.0.0.1:${env.API_PORT}/health/live`)).ok
      : () => p.output().includes('worker ready on');
  try {
    await eventually(up, app === 'api' ? 'api live' : 'worker ready', { process: p, timeoutMs });
  } catch (err) {
    await p.kill9();
    throw err;
  }
  return p;
}

/** Starts the apps side by side with one env; if one does not come up, the others are killed too. */
export async function startApps(
  apps: readonly ('api' | 'worker')[],
  env: Record<string, string>,
): Promise<AppProcess[]> {
  const started = await Promise.allSettled(apps.map((app) => startApp(app, env)));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.kill9()] : [])));
    throw failure.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<AppProcess>).value);
}
