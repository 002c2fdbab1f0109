/**
 * The servers a benchmark run starts for itself, all on loopback and all stopped at the end: embedded PostgreSQL,
 * the Temporal CLI dev server persisted to SQLite (WAL), and the API and workers as child processes (so their CPU
 * and memory can be measured per process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createDataSource } from '@frist/persistence';
import {
  freePort,
  QUIET_BUNDLER_LOGGER,
  startEmbeddedPostgres,
  startTemporalDevServer,
  temporalToolPaths,
  type RunningPostgres,
  type RunningTemporal,
} from '@frist/testing';
import { workflowBundleOptions } from '@frist/workflows/bundler';

export const ROOT = join(__dirname, '..', '..');

export interface ChildApp {
  name: string;
  proc: ChildProcess;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript entry (compiled on the fly by swc, like `npm run dev`) and waits until it is ready: its `ready`
 * IPC message, or (for unmodified production entries) `readyUrl` answering 200.
 */
export async function forkTs(
  name: string,
  entry: string,
  env: Record<string, string>,
  logDir: string,
  opts: { readyUrl?: string; timeoutMs?: number; compiledDir?: string } = {},
): Promise<ChildApp> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const profile = (process.env.BENCH_PROFILE ?? '').split(',').includes(name.replace(/-.*/, ''));
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // Compiled JavaScript when a compiled tree is given (as production runs), else TypeScript through swc-node.
  const file = opts.compiledDir ? join(opts.compiledDir, entry.replace(/\.ts$/, '.js')) : join(ROOT, entry);
  const proc = fork(file, [], {
    cwd: ROOT,
    execArgv: [
      ...(opts.compiledDir ? [] : ['-r', '@swc-node/register']),
      // BENCH_PROFILE=worker,api writes V8 CPU profiles of those processes next to their logs.
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready within ${timeoutMs / 1000} s (${logFile})`)),
      timeoutMs,
    );
    proc.on('message', (m: { type?: string }) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    const readyUrl = opts.readyUrl;
    if (readyUrl) {
      const poll = async () => {
        while (proc.exitCode === null) {
          const ok = await fetch(readyUrl)
            .then(async (r) => (await r.text(), r.ok))
            .catch(() => false);
          if (ok) {
            clearTimeout(timer);
            resolve();
            return;
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      };
      void poll();
    }
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready; see ${logFile}`));
    });
  });
  return {
    name,
    proc,
    pid: proc.pid!,
    logFile,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface Stack {
  workDir: string;
  pg: RunningPostgres & { pid: () => number };
  temporal: RunningTemporal & { pid: number };
  databaseUrl(name: string): string;
  stop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Starts Postgres (commit timestamps on, durability as in production) and the Temporal dev server. */
export async function startStack(workDir: string): Promise<Stack> {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const dataDir = join(workDir, 'pg', 'data');
  const port = await freePort();
  // First start initialises the cluster; commit timestamps need a restart to take effect.
  let pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  await admin(pg.adminUrl, (c) => c.query('ALTER SYSTEM SET track_commit_timestamp = on'));
  await pg.stop();
  pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  const postmasterPid = () => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  mkdirSync(join(workDir, 'logs'), { recursive: true });
  // The dev server as the tests start it (SQLite with WAL, frist's search attributes), its log in a file.
  const temporal = await startTemporalDevServer({
    cli: temporalToolPaths().cli,
    dbFile: join(workDir, 'temporal', 'temporal.sqlite'),
    port: await freePort(),
    logFile: join(workDir, 'logs', 'temporal.log'),
    readyTimeoutMs: 60_000,
  });
  const databaseUrl = (name: string) => pg.adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    workDir,
    pg: { ...pg, pid: postmasterPid },
    temporal: { ...temporal, pid: temporal.process.pid! },
    databaseUrl,
    async stop() {
      await temporal.stop().catch((e: unknown) => console.error('[bench] temporal stop failed', e));
      await pg.stop().catch((e: unknown) => console.error('[bench] postgres stop failed', e));
    },
  };
}

/** Creates a database and applies frist's committed migrations to it. */
export async function createMigratedDatabase(stack: Stack, name: string): Promise<string> {
  await admin(stack.databaseUrl('postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = stack.databaseUrl(name);
  const ds = createDataSource(url, 1);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return url;
}

/**
 * frist's workflows as production bundles them (its interceptors included: they are per-workflow state in the sticky
 * cache), plus the bench's time-shift interceptor (see its header).
 */
export async function bundleFristWorkflows(out: string): Promise<string> {
  const production = workflowBundleOptions();
  const { code } = await bundleWorkflowCode({
    ...production,
    workflowInterceptorModules: [
      ...(production.workflowInterceptorModules ?? []),
      join(__dirname, '..', 'temporal', 'time-shift.interceptor.ts'),
    ],
    logger: QUIET_BUNDLER_LOGGER,
  });
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, code);
  return out;
}

export async function bundleBareWorkflows(out: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(__dirname, '..', 'temporal', 'bare.workflows.ts'),
    logger: QUIET_BUNDLER_LOGGER,
  });
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, code);
  return out;
}

/** Size in bytes of a file (0 if absent); SQLite's WAL and shared-memory files count with the database. */
export function fileSize(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      total += statSync(p).size;
    } catch {
      /* absent */
    }
  }
  return total;
}

export interface WorkerPair {
  /** frist's worker: the unmodified production entry with its /metrics (frist's, Node's and the SDK's). */
  worker: ChildApp & { metricsUrl: string };
  /** The baseline: a plain Temporal worker with the same slot settings (bench/temporal/bare-worker-main.ts). */
  bareWorker: ChildApp & { metricsUrl: string };
}

/**
 * Forks frist's production worker as a case replica and the bare worker against one database, each on its own task queue, running
 * prebuilt bundles (frist's production workflows plus the bench's clock-shift interceptor; the bare workflows).
 */
export async function forkWorkerPair(opts: {
  /** Appended to the process names (log files, BENCH_PROFILE matches the part before the first '-'). */
  suffix: string;
  fristEnv: Record<string, string>;
  bareEnv: Record<string, string>;
  databaseUrl: string;
  taskQueue: string;
  bareTaskQueue: string;
  bundles: { frist: string; bare: string };
  logDir: string;
  compiledDir: string;
}): Promise<WorkerPair> {
  const [workerMetrics, sdkMetrics, bareMetrics] = [await freePort(), await freePort(), await freePort()];
  const worker = await forkTs(
    `worker${opts.suffix}`,
    'apps/worker/src/main.ts',
    {
      ...opts.fristEnv,
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      WORKFLOW_BUNDLE_PATH: opts.bundles.frist,
      // A case replica as production deploys it (docker-compose.yml): the webhook dispatcher runs elsewhere, and
      // the bare worker has nothing like it either.
      WORKER_ROLES: 'cases',
      WORKER_METRICS_PORT: String(workerMetrics),
      TEMPORAL_SDK_METRICS_PORT: String(sdkMetrics),
    },
    opts.logDir,
    { readyUrl: `http://127.0.0.1:${workerMetrics}/metrics`, compiledDir: opts.compiledDir },
  );
  try {
    const bareWorker = await forkTs(
      `bare-worker${opts.suffix}`,
      'bench/temporal/bare-worker-main.ts',
      {
        ...opts.bareEnv,
        DATABASE_URL: opts.databaseUrl,
        TEMPORAL_TASK_QUEUE: opts.bareTaskQueue,
        WORKFLOW_BUNDLE_PATH: opts.bundles.bare,
        BENCH_METRICS_ADDRESS: `127.0.0.1:${bareMetrics}`,
      },
      opts.logDir,
      { compiledDir: opts.compiledDir },
    );
    return {
      worker: { ...worker, metricsUrl: `http://127.0.0.1:${workerMetrics}/metrics` },
      bareWorker: { ...bareWorker, metricsUrl: `http://127.0.0.1:${bareMetrics}/metrics` },
    };
  } catch (err) {
    await worker.stop();
    throw err;
  }
}
