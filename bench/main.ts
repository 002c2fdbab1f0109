/**
 * `npm run bench`: frist's performance next to bare Temporal and raw Postgres, measured side by side in one run.
 *
 *   npm run bench                   # everything, within a 19-minute budget counted from the command's start
 *   npm run bench -- --budget 60    # a longer budget: the big timer wave gets closer to (or reaches) --cases
 *   npm run bench -- --quick        # small sizes, for development (about 5 minutes)
 *   npm run bench -- --only engine  # engine | api | import | temporal, comma-separated
 *   npm run bench -- --only import --import-cases 10000   # the onboarding import at full size (default 1,000 cases)
 *   npm run bench -- --cases 10000  # cases wanted in the big timer wave (the budget may allow fewer)
 *   npm run bench -- --update-docs  # also replace the "Latest results" section of docs/performance.md
 *   npm run bench -- --worker-cache 1000   # both workers' sticky cache (default: WORKER_MAX_CACHED_WORKFLOWS's)
 *   BENCH_PROFILE=worker,api npm run bench   # also write V8 CPU profiles of those processes
 *
 * It starts its own servers on loopback (embedded Postgres, the Temporal dev server on SQLite with WAL, the API
 * and the workers as child processes), prints one table and writes bench-results/<run>.json and .md, and
 * bench-results/latest.json and latest.md (git-ignored).
 * See docs/performance.md for what each figure means and how the baselines are built.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client as TemporalClient } from '@temporalio/client';
import { Pool } from 'pg';
import { fristDataConverter } from '@frist/codec';
import { loadConfig } from '@frist/config';
import { createDataSource } from '@frist/persistence';
import { freePort, loadHistoryFixtures } from '@frist/testing';
import { runEngineBench } from './engine/engine-bench';
import { compileWorkspace } from './lib/compile';
import { tokenSource } from './lib/auth';
import { machineDescription } from './lib/proc';
import { fmt, renderMarkdown, renderResults, replaceSection, Report, writeResults } from './lib/report';
import {
  bundleBareWorkflows,
  bundleFristWorkflows,
  createMigratedDatabase,
  forkTs,
  forkWorkerPair,
  ROOT,
  startStack,
  type ChildApp,
  type Stack,
} from './lib/stack';
import { runApiBench } from './sections/api-bench';
import { runImportBench } from './sections/import-bench';
import {
  bareStartBaselines,
  bareTimerWave,
  fristTimerWave,
  reportStarts,
  reportWave,
  sampleHistories,
  replayCost,
  scrapeMetrics,
  ipcMemory,
  temporalClient,
  fristStarts,
  type TemporalBenchContext,
} from './sections/temporal-bench';

interface Options {
  quick: boolean;
  only: Set<string>;
  /** Cases wanted in the big timer wave. */
  cases: number;
  /** Cases in the small wave (which is also the case-start measurement). */
  smallCases: number;
  /** The brief's scenario: `cases` due within this many seconds; smaller waves keep the same rate. */
  window: number;
  /** Window of the small wave, long enough that the machine keeps up (the timer mechanism's own lag). */
  smallWindow: number;
  budgetMinutes: number;
  keep: boolean;
  /** Replace the "Latest results" section of docs/performance.md with this run's tables. */
  updateDocs: boolean;
  /** Sticky cache of both workers (frist's WORKER_MAX_CACHED_WORKFLOWS); default: the config's default. */
  workerCache: number;
  /** Cases with five-year histories in the import section. */
  importCases: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: 'engine,api,import,temporal' },
      cases: { type: 'string' },
      window: { type: 'string', default: '120' },
      'small-window': { type: 'string' },
      budget: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'update-docs': { type: 'boolean', default: false },
      'import-cases': { type: 'string' },
      'worker-cache': { type: 'string' },
    },
  });
  const quick = values.quick;
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  for (const s of only)
    if (!['engine', 'api', 'temporal', 'import'].includes(s)) throw new Error(`unknown section ${s}`);
  const cases = Number(values.cases ?? (quick ? 1_000 : 10_000));
  return {
    quick,
    only,
    cases,
    smallCases: Math.min(cases, quick ? 100 : 1_000),
    window: Number(values.window),
    smallWindow: Number(values['small-window'] ?? (quick ? 15 : 100)),
    budgetMinutes: Number(values.budget ?? (quick ? 8 : 19)),
    keep: values.keep,
    updateDocs: values['update-docs'],
    importCases: Number(values['import-cases'] ?? (quick ? 300 : 1_000)),
    workerCache: Number(
      values['worker-cache'] ??
        loadConfig({ DATABASE_URL: 'postgres://bench@127.0.0.1/bench', NODE_ENV: 'development' }).worker
          .maxCachedWorkflows,
    ),
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
let finish: ((reason: string) => Promise<void>) | undefined;
async function cleanup(): Promise<void> {
  for (const c of children.splice(0).reverse()) await c.stop().catch(() => undefined);
  await stack?.stop();
  stack = undefined;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const runId = started.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  const report = new Report();
  const machine = machineDescription();
  console.log(`[bench] run ${runId} on ${machine.cores} × ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}`);
  // The budget includes what bench/run.sh spent installing (a fresh clone), so the whole command fits in it.
  const launched = Number(process.env.BENCH_LAUNCHED_AT_MS) || started.getTime();
  const deadline = launched + opts.budgetMinutes * 60_000;
  if (started.getTime() - launched > 5_000)
    report.note(
      `setup before the benchmarks (npm ci, Temporal binaries): ${((started.getTime() - launched) / 60_000).toFixed(1)} min of the budget`,
    );
  // The machine's load through the run, reported with the results (numbers from a busy machine read differently).
  const loads: number[] = [loadavg()[0]];
  const loadSampler = setInterval(() => loads.push(loadavg()[0]), 10_000);
  loadSampler.unref();
  let finished = false;
  finish = async (reason: string) => {
    if (finished) return;
    finished = true;
    if (reason) report.note(`run cut short: ${reason}; figures measured so far are kept`);
    await cleanup();
    const end = new Date();
    const payload = {
      runId,
      startedAt: started.toISOString(),
      finishedAt: end.toISOString(),
      minutes: (end.getTime() - started.getTime()) / 60_000,
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
    clearInterval(loadSampler);
    loads.push(loadavg()[0]);
    const load = {
      start: loads[0],
      end: loads[loads.length - 1],
      max: Math.max(...loads),
      mean: loads.reduce((a, b) => a + b, 0) / loads.length,
    };
    const markdown = renderMarkdown(report, {
      runId,
      minutes: payload.minutes,
      machine,
      commit: payload.git.commit,
      uncommittedFiles: payload.git.uncommittedFiles,
      load,
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    });
    const file = writeResults(join(ROOT, 'bench-results'), runId, { ...payload, load }, markdown);
    console.log(`\n${renderResults(report)}\n`);
    console.log(
      `[bench] load average (1 min): start ${load.start.toFixed(1)}, mean ${load.mean.toFixed(1)}, max ${load.max.toFixed(1)}`,
    );
    if (opts.updateDocs) {
      const doc = join(ROOT, 'docs', 'performance.md');
      writeFileSync(doc, replaceSection(readFileSync(doc, 'utf8'), 'Latest results', markdown));
      try {
        execSync('npx prettier --write docs/performance.md', { cwd: ROOT, stdio: 'ignore' }); // the repo's format
      } catch {
        console.log('[bench] prettier did not run on docs/performance.md');
      }
      console.log(`[bench] docs/performance.md: "Latest results" replaced`);
    }
    console.log(`[bench] ${payload.minutes.toFixed(1)} min; results in ${file}`);
    if (!opts.keep) rmSync(join(ROOT, '.cache', 'bench', runId), { recursive: true, force: true });
  };
  // A hard stop shortly after the budget: whatever was measured is still written.
  const watchdog = setTimeout(
    () => {
      console.error('[bench] hard time limit reached; stopping');
      void finish?.('hard time limit (budget + 3 min) reached').finally(() => process.exit(2));
    },
    Math.max(60_000, deadline + 3 * 60_000 - Date.now()),
  );
  watchdog.unref();

  if (opts.only.has('engine')) {
    console.log('[bench] engine …');
    await runEngineBench(report, { seconds: opts.quick ? 2 : 5 });
  }

  if (opts.only.has('api') || opts.only.has('temporal') || opts.only.has('import')) {
    const workDir = join(ROOT, '.cache', 'bench', runId);
    console.log(`[bench] starting Postgres and the Temporal dev server (${workDir}) …`);
    stack = await startStack(workDir);
    const logDir = join(workDir, 'logs');
    const compiledDir = await compileWorkspace(join(workDir, 'dist'));
    // Payload encryption on, as production requires it (a random key per run).
    const payloadKeys = `bench:${randomBytes(32).toString('base64')}`;
    const commonEnv = {
      TEMPORAL_ADDRESS: stack.temporal.address,
      NODE_ENV: 'development',
      // Production's JSON log lines, not development's pino-pretty worker thread (~5 % of the API's main thread).
      LOG_FORMAT: 'json',
      WORKER_MAX_CACHED_WORKFLOWS: String(opts.workerCache),
      // The timer bench encodes each case's clock shift in its id (bench/temporal/bench-case-id.ts).
      API_CLIENT_CASE_IDS: 'true',
      // Load from one token per role is the point of the benchmark: no per-user rate limit.
      RATE_LIMIT_USER_PER_MIN: '0',
    };
    const fristEnv = { ...commonEnv, PAYLOAD_KEYS: payloadKeys };
    // Bundled once, on first use, for every section that runs workers.
    let bundled: Promise<{ frist: string; bare: string }> | undefined;
    const bundles = () =>
      (bundled ??= (async () => {
        console.log('[bench] bundling workflows …');
        return {
          frist: await bundleFristWorkflows(join(workDir, 'bundles', 'frist-workflows.js')),
          bare: await bundleBareWorkflows(join(workDir, 'bundles', 'bare-workflows.js')),
        };
      })());
    const workerPair = async (suffix: string, databaseUrl: string, taskQueue: string, bareTaskQueue: string) => {
      const pair = await forkWorkerPair({
        suffix,
        fristEnv,
        bareEnv: commonEnv,
        databaseUrl,
        taskQueue,
        bareTaskQueue,
        bundles: await bundles(),
        logDir,
        compiledDir,
      });
      children.push(pair.worker, pair.bareWorker);
      return pair;
    };

    if (opts.only.has('api')) {
      const url = await createMigratedDatabase(stack, 'frist_api');
      const port = await freePort();
      const env = { ...commonEnv, DATABASE_URL: url, API_PORT: String(port), API_HOST: '127.0.0.1' };
      const api = await forkTs('api-readmodel', 'bench/processes/api-main.ts', env, logDir, { compiledDir });
      children.push(api);
      const db = new Pool({ connectionString: url, max: 10 });
      try {
        await runApiBench({
          report,
          apiUrl: `http://127.0.0.1:${port}`,
          api,
          db,
          tokens: await tokenSource(env),
          seconds: opts.quick ? 4 : 6,
          throughputSeconds: opts.quick ? 3 : 4,
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

    if (opts.only.has('import')) {
      // Its own database, task queues and workers, so nothing of the other sections is in the way.
      const url = await createMigratedDatabase(stack, 'frist_import');
      const [taskQueue, bareTaskQueue] = ['frist-import', 'bench-import-bare'];
      const workers = await workerPair('-import', url, taskQueue, bareTaskQueue);
      const encryption = loadConfig({ ...fristEnv, DATABASE_URL: url }).temporal.encryption;
      const bareClient = await temporalClient(stack.temporal.address);
      const client = new TemporalClient({
        connection: bareClient.connection,
        dataConverter: fristDataConverter(encryption),
      });
      const dataSource = createDataSource(url, 10);
      await dataSource.initialize();
      try {
        console.log(`[bench] import of ${opts.importCases} cases …`);
        await runImportBench({
          report,
          runId,
          cases: opts.importCases,
          concurrency: 16,
          client,
          taskQueue,
          bareClient,
          bareTaskQueue,
          dataSource,
          pids: {
            worker: workers.worker.pid,
            bareWorker: workers.bareWorker.pid,
            temporal: stack.temporal.pid,
            postgres: stack.pg.pid(),
          },
        });
      } finally {
        await dataSource.destroy();
        await bareClient.connection.close();
        // Stopped, so their pollers and memory are not in the way of the sections after this one.
        for (const w of [workers.worker, workers.bareWorker]) {
          await w.stop();
          children.splice(children.indexOf(w), 1);
        }
      }
    }

    if (opts.only.has('temporal')) {
      const url = await createMigratedDatabase(stack, 'frist');
      const fristDb = new Pool({ connectionString: url, max: 4 });
      await fristDb.query(
        `CREATE TABLE bench_bare_records (id text PRIMARY KEY, kind text NOT NULL, due_at timestamptz,
           created_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { frist: fristBundle, bare: bareBundle } = await bundles();
      const taskQueue = 'frist-cases';
      const bareTaskQueue = 'bench-bare';
      const apiPort = await freePort();
      const { worker, bareWorker } = await workerPair('', url, taskQueue, bareTaskQueue);
      const apiEnv = {
        ...fristEnv,
        DATABASE_URL: url,
        TEMPORAL_TASK_QUEUE: taskQueue,
        API_PORT: String(apiPort),
        API_HOST: '127.0.0.1',
      };
      const api = await forkTs('api', 'apps/api/src/main.ts', apiEnv, logDir, {
        readyUrl: `http://127.0.0.1:${apiPort}/health/ready`,
        compiledDir,
      });
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
        worker: {
          ...worker,
          memory: async () => {
            const m = await scrapeMetrics(worker.metricsUrl);
            return { heapUsed: m.nodejs_heap_size_used_bytes ?? NaN, rss: m.process_resident_memory_bytes ?? NaN };
          },
        },
        bareWorker: { ...bareWorker, memory: () => ipcMemory(bareWorker) },
        bareTaskQueue,
        concurrency: 20,
      };
      report.note(
        `both workers keep at most ${opts.workerCache} workflows in their sticky cache (WORKER_MAX_CACHED_WORKFLOWS); ` +
          'a case outside it is replayed from its history on its next wake-up, so memory is bounded by the cache, ' +
          'not by the number of open cases',
      );
      try {
        console.log('[bench] warm-up …');
        const warm = await fristStarts(ctx, opts.quick ? 30 : 60, 0xfff0, 'warm-up');
        if (warm.errors) throw new Error(`warm-up failed: ${warm.firstError}`);
        const bare0 = await bareStartBaselines(ctx, client, opts.quick ? 200 : 500, 'empty', opts.quick ? 100 : 300);

        // Small wave: new cases (case + first event) through the API — the case-start measurement — due over a
        // window long enough for the machine to keep up: the timer mechanism's own lag. Bare first, then frist.
        const small = {
          wave: 1,
          n: opts.smallCases,
          windowSeconds: opts.smallWindow,
          createUntil: Date.now() + 6 * 60_000,
          maxDrainSeconds: 120,
        };
        const bareA = await bareTimerWave(ctx, client, { ...small, rateEstimate: bare0.bareStart.rate });
        const fristA = await fristTimerWave(ctx, { ...small, rateEstimate: warm.rate, timeline: 'first-event' });
        reportStarts(report, fristA.create, fristA.createCpu, bare0, `${fristA.cases} cases`);

        // Big wave: the brief's scenario (10,000 cases due within 2 minutes), as many cases as the budget allows
        // at the same rate of due instants. Per-case cost estimates come from the small wave.
        const c = Math.max(1, fristA.create.rate * 0.8); // realistic timelines cost a little more than one event
        // The small wave ran below capacity, so it cannot tell the drain rate; a wake-up costs the worker about
        // what a creation does (one evaluation, one projection), so the creation rate stands in for it.
        const d = c;
        const b = Math.max(1, bareA.create.rate);
        const perCase = 1 / c + 1 / d + 1 / b + 1 / (3 * d) + (2 * opts.window) / opts.cases;
        const timeLeft = (deadline - Date.now()) / 1000 - 90; // 90 s for the end-of-run measurements and report
        const bigN = Math.max(opts.smallCases, Math.min(opts.cases, Math.floor(timeLeft / perCase)));
        if (bigN < opts.cases)
          report.note(
            `big timer wave: ${opts.cases} cases wanted, the ${opts.budgetMinutes}-minute budget allowed ${bigN} ` +
              `(measured ${c.toFixed(1)} creations/s, ${d.toFixed(1)} wake-ups/s); run with --budget ` +
              `${Math.ceil((opts.cases * perCase + 600) / 60)} for the full size`,
          );
        const big = {
          wave: 2,
          n: bigN,
          windowSeconds: (opts.window * bigN) / opts.cases,
          maxDrainSeconds: Math.max(120, (bigN / d) * 1.3),
        };
        const bareB = await bareTimerWave(ctx, client, {
          ...big,
          rateEstimate: b,
          createUntil: Date.now() + (bigN / b) * 2000 + 30_000,
          maxDrainSeconds: Math.max(120, (bigN / (3 * d)) * 1.5),
        });
        const fristB = await fristTimerWave(ctx, {
          ...big,
          rateEstimate: c,
          createUntil: Math.max(Date.now() + 60_000, deadline - 90_000 - big.maxDrainSeconds * 1000),
          timeline: 'realistic',
        });
        reportWave(report, fristA, bareA, labelOf(fristA.cases), 'small');
        reportWave(report, fristB, bareB, labelOf(fristB.cases), 'big');
        const [fristHistory, bareHistory] = [
          await sampleHistories(client, fristB.workflowIds),
          await sampleHistories(client, bareB.workflowIds),
        ];
        const [fristReplay, bareReplay] = [
          await replayCost({
            client,
            ids: fristB.workflowIds,
            bundlePath: fristBundle,
            dataConverter: fristDataConverter(loadConfig({ ...apiEnv, DATABASE_URL: url }).temporal.encryption),
            rounds: opts.quick ? 3 : 10,
          }),
          await replayCost({ client, ids: bareB.workflowIds, bundlePath: bareBundle, rounds: opts.quick ? 3 : 10 }),
        ];
        report.add({
          section: 'timers',
          measure: 'replays/s of a case history (a wake-up of a case not in the worker cache), 1 core',
          unit: '/s',
          frist: fristReplay.perSecond,
          baselineName: 'replays/s of a bare timer workflow history',
          baseline: bareReplay.perSecond,
          higherIsBetter: true,
          ...(fristReplay.failures ? { note: `${fristReplay.failures} replays failed` } : {}),
        });
        // An old case, replayed the same way: the committed five-year course as one run (before histories rolled
        // over at 120 events) and the longest run a case has now (the run that rolled over).
        const oldCases = [
          ['fleksjob-five-year-course', 'a five-year case history as one run'],
          ['fleksjob-five-year-course.rolled-over', 'the longest run history now (continue-as-new at 120 events)'],
        ] as const;
        for (const [fixture, label] of oldCases) {
          const found = loadHistoryFixtures().find((f) => f.name === fixture);
          if (!found) continue;
          const oldCase = await replayCost({
            client,
            ids: [],
            histories: [{ workflowId: fixture, history: found.history }],
            bundlePath: fristBundle,
            rounds: opts.quick ? 3 : 10,
          });
          report.add({
            section: 'timers',
            measure: `replays/s of ${label} (committed fixture, ${found.history.events?.length ?? 0} events), 1 core`,
            unit: '/s',
            frist: oldCase.perSecond,
            baselineName: 'replays/s of a bare timer workflow history',
            baseline: bareReplay.perSecond,
            higherIsBetter: true,
            ...(oldCase.failures ? { note: `${oldCase.failures} replays failed` } : {}),
          });
          report.details[`replay:${fixture}`] = oldCase;
        }
        report.details.replay = { frist: fristReplay, bare: bareReplay, fristHistory, bareHistory };
        report.add({
          section: 'timers',
          measure: `history of one case after creation + one wake-up (${fmt(fristHistory.eventsMean)} events)`,
          unit: 'KiB',
          frist: fristHistory.bytesMean / 1024,
          baselineName: `bare timer workflow after its wake-up (${fmt(bareHistory.eventsMean)} events)`,
          baseline: bareHistory.bytesMean / 1024,
          higherIsBetter: false,
          goal: '≤ 4× bare',
          met: fristHistory.bytesMean <= 4 * bareHistory.bytesMean,
        });

        // Case starts again with everything live (growth).
        const live = warm.completed + fristA.cases + fristB.cases;
        const bare1 = await bareStartBaselines(ctx, client, opts.quick ? 200 : 500, 'full', 0);
        const starts1 = await fristStarts(ctx, opts.quick ? 100 : 300, 0xfff2, `~${labelOf(live)} live`);
        const g = (scale: string, f: number, base: number) =>
          report.addGrowth({
            section: 'case starts',
            measure: 'case starts/s (frist: API, case + first event; baseline: bare no-op start)',
            unit: '/s',
            values: { [scale]: f },
            baselineValues: { [scale]: base },
            baselineName: 'bare no-op start',
          });
        g('~0 live', fristA.create.rate, bare0.bareStart.rate);
        g(`~${labelOf(live)} live`, starts1.rate, bare1.bareStart.rate);
        report.details.temporal = { warm, bare0, bare1, starts1, waves: { bareA, fristA, bareB, fristB } };
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

  await finish('');
}

const labelOf = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

process.on('SIGINT', () => void (finish?.('interrupted') ?? cleanup()).finally(() => process.exit(130)));
process.on('SIGTERM', () => void (finish?.('terminated') ?? cleanup()).finally(() => process.exit(143)));

main().catch(async (err: unknown) => {
  console.error('[bench] failed:', err instanceof Error ? err.stack : err);
  await (finish?.(`failed: ${err instanceof Error ? err.message : String(err)}`) ?? cleanup());
  process.exit(1);
});
