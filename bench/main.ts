/**
 * `npm run bench`: frist's performance next to bare Temporal and raw Postgres, measured side by side in one run.
 *
 *   npm run bench                   # everything, full size (about 15 minutes on 2 cores)
 *   npm run bench -- --quick        # small sizes, for development (about 4 minutes)
 *   npm run bench -- --only engine  # engine | api | temporal, comma-separated
 *   npm run bench -- --cases 10000 --window 120   # timer wave size and due window (seconds)
 *
 * It starts its own servers on loopback (embedded Postgres, the Temporal dev server on SQLite with WAL, the API
 * and the workers as child processes), prints one table and writes bench-results/<run>.json (git-ignored).
 * See docs/performance.md for what each figure means and how the baselines are built.
 */
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort } from '@frist/testing';
import { runEngineBench } from './engine/engine-bench';
import { tokenSource } from './lib/auth';
import { machineDescription } from './lib/proc';
import { renderResults, Report, writeResults } from './lib/report';
import {
  bundleBareWorkflows,
  bundleFristWorkflows,
  createMigratedDatabase,
  forkTs,
  ROOT,
  startStack,
  type ChildApp,
  type Stack,
} from './lib/stack';
import { runApiBench } from './sections/api-bench';
import {
  bareStartBaselines,
  bareTimerWave,
  fristTimerWave,
  reportStarts,
  reportWave,
  temporalClient,
  fristStarts,
  type TemporalBenchContext,
} from './sections/temporal-bench';

interface Options {
  quick: boolean;
  only: Set<string>;
  cases: number;
  smallCases: number;
  window: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const only = new Set((get('only') ?? 'engine,api,temporal').split(',').map((s) => s.trim()));
  for (const s of only) if (!['engine', 'api', 'temporal'].includes(s)) throw new Error(`unknown section ${s}`);
  const cases = Number(get('cases') ?? (quick ? 300 : 10_000));
  return {
    quick,
    only,
    cases,
    smallCases: Math.min(cases, quick ? 100 : 1_000),
    window: Number(get('window') ?? (quick ? 20 : 120)),
    keep: argv.includes('--keep'),
  };
}

function git(cmd: string): string {
  try {
    return execSync(`git ${cmd}`, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

const children: ChildApp[] = [];
let stack: Stack | undefined;
async function cleanup(): Promise<void> {
  for (const c of children.splice(0).reverse()) await c.stop().catch(() => undefined);
  await stack?.stop();
  stack = undefined;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const runId = started.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  const report = new Report();
  const machine = machineDescription();
  console.log(`[bench] run ${runId} on ${machine.cores} × ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}`);
  const watchdog = setTimeout(
    () => {
      console.error('[bench] time limit reached; stopping');
      void cleanup().finally(() => process.exit(2));
    },
    (opts.quick ? 15 : 40) * 60_000,
  );
  watchdog.unref();

  if (opts.only.has('engine')) {
    console.log('[bench] engine …');
    await runEngineBench(report, { seconds: opts.quick ? 2 : 5 });
  }

  if (opts.only.has('api') || opts.only.has('temporal')) {
    const workDir = join(ROOT, '.cache', 'bench', runId);
    console.log(`[bench] starting Postgres and the Temporal dev server (${workDir}) …`);
    stack = await startStack(workDir);
    const logDir = join(workDir, 'logs');
    const commonEnv = { TEMPORAL_ADDRESS: stack.temporal.address, NODE_ENV: 'development' };

    if (opts.only.has('api')) {
      const url = await createMigratedDatabase(stack, 'frist_api');
      const port = await freePort();
      const env = { ...commonEnv, DATABASE_URL: url, API_PORT: String(port), API_HOST: '127.0.0.1' };
      const api = await forkTs('api-readmodel', 'bench/processes/api-main.ts', env, logDir);
      children.push(api);
      const db = new Pool({ connectionString: url, max: 10 });
      try {
        await runApiBench({
          report,
          apiUrl: `http://127.0.0.1:${port}`,
          api,
          db,
          tokens: await tokenSource(env),
          seconds: opts.quick ? 4 : 8,
          throughputSeconds: opts.quick ? 3 : 5,
          connections: 10,
          rate: 200,
          scales: opts.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
        });
      } finally {
        await db.end();
        await api.stop();
        children.splice(children.indexOf(api), 1);
      }
    }

    if (opts.only.has('temporal')) {
      const url = await createMigratedDatabase(stack, 'frist');
      const fristDb = new Pool({ connectionString: url, max: 4 });
      await fristDb.query(
        `CREATE TABLE bench_bare_records (id text PRIMARY KEY, kind text NOT NULL, due_at timestamptz,
           created_at timestamptz NOT NULL DEFAULT now())`,
      );
      console.log('[bench] bundling workflows …');
      const [fristBundle, bareBundle] = [
        await bundleFristWorkflows(join(workDir, 'bundles', 'frist-workflows.js')),
        await bundleBareWorkflows(join(workDir, 'bundles', 'bare-workflows.js')),
      ];
      const taskQueue = 'frist-cases';
      const bareTaskQueue = 'bench-bare';
      const [workerMetrics, bareMetrics, apiPort] = [await freePort(), await freePort(), await freePort()];
      const worker = await forkTs(
        'worker',
        'bench/processes/worker-main.ts',
        {
          ...commonEnv,
          DATABASE_URL: url,
          TEMPORAL_TASK_QUEUE: taskQueue,
          WORKFLOW_BUNDLE_PATH: fristBundle,
          BENCH_METRICS_ADDRESS: `127.0.0.1:${workerMetrics}`,
        },
        logDir,
      );
      children.push(worker);
      const bareWorker = await forkTs(
        'bare-worker',
        'bench/temporal/bare-worker-main.ts',
        {
          ...commonEnv,
          DATABASE_URL: url,
          TEMPORAL_TASK_QUEUE: bareTaskQueue,
          WORKFLOW_BUNDLE_PATH: bareBundle,
          BENCH_METRICS_ADDRESS: `127.0.0.1:${bareMetrics}`,
        },
        logDir,
      );
      children.push(bareWorker);
      const apiEnv = {
        ...commonEnv,
        DATABASE_URL: url,
        TEMPORAL_TASK_QUEUE: taskQueue,
        API_PORT: String(apiPort),
        API_HOST: '127.0.0.1',
      };
      const api = await forkTs('api', 'bench/processes/api-main.ts', apiEnv, logDir);
      children.push(api);
      const client = await temporalClient(stack.temporal.address);
      const ctx: TemporalBenchContext = {
        report,
        runId,
        apiUrl: `http://127.0.0.1:${apiPort}`,
        tokens: await tokenSource(apiEnv),
        temporalAddress: stack.temporal.address,
        temporalPid: stack.temporal.pid,
        apiPid: api.pid,
        temporalDbFile: join(workDir, 'temporal', 'temporal.sqlite'),
        fristDb,
        pgPid: stack.pg.pid(),
        worker: { ...worker, metricsUrl: `http://127.0.0.1:${workerMetrics}/metrics` },
        bareWorker: { ...bareWorker, metricsUrl: `http://127.0.0.1:${bareMetrics}/metrics` },
        bareTaskQueue,
        concurrency: 20,
      };
      try {
        console.log('[bench] warm-up …');
        const warm = await fristStarts(ctx, opts.quick ? 40 : 100, 0xfff0, 'warm-up');
        if (warm.errors) throw new Error(`warm-up failed: ${warm.firstError}`);
        const startN = opts.quick ? 100 : 1_000;
        const bare0 = await bareStartBaselines(ctx, client, startN, 'empty');
        const starts0 = await fristStarts(ctx, startN, 0xfff1, `${startN} cases, ~0 live`);
        const drain = opts.quick ? 120 : 300;

        // Wave A (1k) and wave B (10k): bare first, then frist, each with the machine to itself.
        // The small wave fires at the same rate as the big one, so the two differ only in how many cases are live.
        const windowA = Math.max(5, (opts.window * opts.smallCases) / opts.cases);
        const bareA = await bareTimerWave(ctx, client, {
          wave: 1,
          n: opts.smallCases,
          windowSeconds: windowA,
          rateEstimate: bare0.bareStart.rate,
          maxDrainSeconds: drain,
        });
        const fristA = await fristTimerWave(ctx, {
          wave: 1,
          n: opts.smallCases,
          windowSeconds: windowA,
          rateEstimate: starts0.rate * 0.7,
          maxDrainSeconds: drain,
        });
        reportWave(report, fristA, bareA, labelOf(opts.smallCases), false);
        const bareB = await bareTimerWave(ctx, client, {
          wave: 2,
          n: opts.cases,
          windowSeconds: opts.window,
          rateEstimate: bareA.create.rate,
          maxDrainSeconds: drain,
        });
        const fristB = await fristTimerWave(ctx, {
          wave: 2,
          n: opts.cases,
          windowSeconds: opts.window,
          rateEstimate: fristA.create.rate,
          maxDrainSeconds: drain,
        });
        reportWave(report, fristB, bareB, labelOf(opts.cases), true);
        const live = opts.cases + opts.smallCases + startN;
        const bare1 = await bareStartBaselines(ctx, client, startN, 'full', false);
        const starts1 = await fristStarts(ctx, startN, 0xfff2, `${startN} cases, ~${labelOf(live)} live`);
        reportStarts(report, starts0, bare0, `${startN} cases`);
        const g = (scale: string, f: number, b: number) =>
          report.addGrowth({
            section: 'case starts',
            measure: 'case starts/s (frist: API, case + first event; baseline: bare no-op start)',
            unit: '/s',
            values: { [scale]: f },
            baselineValues: { [scale]: b },
            baselineName: 'bare no-op start',
          });
        g('~0 live', starts0.rate, bare0.bareStart.rate);
        g(`~${labelOf(live)} live`, starts1.rate, bare1.bareStart.rate);
        report.details.temporal = { warm, bare0, starts0, bare1, starts1, waves: { bareA, fristA, bareB, fristB } };
        for (const w of [bareA, fristA, bareB, fristB]) {
          if (w.missing)
            report.note(`${w.label}: ${w.missing} of ${w.cases} never became visible within the drain limit`);
          if (w.pushed)
            report.note(`${w.label}: ${w.pushed} cases were created later than planned; their due instant was moved`);
          if (w.create.errors) report.note(`${w.label}: ${w.create.errors} creations failed (${w.create.firstError})`);
        }
      } finally {
        await client.connection.close();
        await fristDb.end();
      }
    }
  }

  await cleanup();
  const finished = new Date();
  const payload = {
    runId,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    minutes: (finished.getTime() - started.getTime()) / 60_000,
    machine,
    git: {
      commit: git('rev-parse HEAD'),
      uncommittedFiles: git('status --porcelain').split('\n').filter(Boolean).length,
    },
    options: { ...opts, only: [...opts.only] },
    rows: report.rows,
    growth: report.growth,
    tables: report.tables,
    notes: report.notes,
    details: report.details,
  };
  const file = writeResults(join(ROOT, 'bench-results'), runId, payload);
  console.log(`\n${renderResults(report)}\n`);
  console.log(`[bench] ${payload.minutes.toFixed(1)} min; results in ${file}`);
  if (!opts.keep && stack === undefined) rmSync(join(ROOT, '.cache', 'bench', runId), { recursive: true, force: true });
}

const labelOf = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
process.on('SIGTERM', () => void cleanup().finally(() => process.exit(143)));

main().catch(async (err: unknown) => {
  console.error('[bench] failed:', err instanceof Error ? err.stack : err);
  await cleanup();
  process.exit(1);
});
