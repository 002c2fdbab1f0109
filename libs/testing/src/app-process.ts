import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_AUTH_ENV } from './access-token';

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
