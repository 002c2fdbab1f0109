/**
 * Case starts and timer firing against the Temporal dev server, each next to its bare-Temporal baseline measured on
 * the same server in the same run.
 */
import { Client as TemporalClient, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { type Pool } from 'pg';
import { addDaysIso, copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import { type TokenSource } from '../lib/auth';
import { closedLoop, type LoopResult } from '../lib/load';
import { sampleMachine, sampleProcess, type ProcUsage } from '../lib/proc';
import { fmt, type Report } from '../lib/report';
import { fileSize, type ChildApp } from '../lib/stack';
import { sleep, summarize, type Summary } from '../lib/stats';
import { benchCaseId } from '../temporal/bench-case-id';
import { bareApplyUpdate, bareNoopWorkflow, bareTimerWorkflow, bareUpdateWorkflow } from '../temporal/bare.workflows';
import { firstEventTimerCase, timerCase } from '../temporal/timer-cases';

export interface BenchWorker extends ChildApp {
  metricsUrl: string;
  /** Heap used and resident set of the worker process, in bytes. */
  memory(): Promise<{ heapUsed: number; rss: number } | undefined>;
}

export const TEAMS = Array.from({ length: 50 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);

export interface TemporalBenchContext {
  report: Report;
  runId: string;
  apiUrl: string;
  tokens: TokenSource;
  temporalAddress: string;
  temporalPid: number;
  temporalDbFile: string;
  fristDb: Pool;
  pgPid: number;
  apiPid: number;
  worker: BenchWorker;
  bareWorker: BenchWorker;
  bareTaskQueue: string;
  concurrency: number;
}

const MiB = 2 ** 20;

export async function temporalClient(address: string): Promise<TemporalClient> {
  return new TemporalClient({ connection: await Connection.connect({ address }) });
}

/** process.memoryUsage() of a child that answers `{ type: 'memory' }` over IPC (the bare worker). */
export function ipcMemory(child: ChildApp): Promise<{ heapUsed: number; rss: number } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5_000);
    const onMessage = (m: { type?: string; memory?: NodeJS.MemoryUsage }) => {
      if (m?.type !== 'memory' || !m.memory) return;
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      resolve({ heapUsed: m.memory.heapUsed, rss: m.memory.rss });
    };
    child.proc.on('message', onMessage);
    child.proc.send({ type: 'memory' });
  });
}

/** Sums the samples of each metric in a Prometheus text exposition. */
export async function scrapeMetrics(url: string): Promise<Record<string, number>> {
  try {
    const text = await (await fetch(url)).text();
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([-+0-9.eEinfNa]+)/.exec(line);
      if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[3]);
    }
    return out;
  } catch {
    return {};
  }
}

/** CPU (cores) of every process involved, over a phase: where the time goes. */
export interface PhaseCpu {
  api: number;
  worker: number;
  bareWorker: number;
  temporal: number;
  postgres: number;
  machine: number;
}

export function samplePhase(ctx: TemporalBenchContext): { stop(): PhaseCpu } {
  const api = sampleProcess(ctx.apiPid);
  const worker = sampleProcess(ctx.worker.pid);
  const bare = sampleProcess(ctx.bareWorker.pid);
  const temporal = sampleProcess(ctx.temporalPid);
  const pg = sampleProcess(ctx.pgPid, { tree: true });
  const machine = sampleMachine();
  return {
    stop: () => ({
      api: api.stop().cores,
      worker: worker.stop().cores,
      bareWorker: bare.stop().cores,
      temporal: temporal.stop().cores,
      postgres: pg.stop().cores,
      machine: machine.stop().busyCores,
    }),
  };
}

const cpuLine = (c: PhaseCpu) =>
  `cpu cores: api ${c.api.toFixed(2)}, worker ${c.worker.toFixed(2)}, bare worker ${c.bareWorker.toFixed(2)}, ` +
  `temporal ${c.temporal.toFixed(2)}, postgres ${c.postgres.toFixed(2)}, whole machine ${c.machine.toFixed(2)}`;

/** A closed loop of `total` operations, `ctx.concurrency` in flight, with every process's CPU through it. */
async function sampledLoop(
  ctx: TemporalBenchContext,
  total: number,
  maxSeconds: number,
  op: (i: number) => Promise<void>,
): Promise<LoopResult & { cpu: PhaseCpu }> {
  const phase = samplePhase(ctx);
  const result = await closedLoop({ total, concurrency: ctx.concurrency, maxSeconds, op });
  return { ...result, cpu: phase.stop() };
}

async function postCase(ctx: TemporalBenchContext, body: Record<string, unknown>, team: string): Promise<void> {
  const auth = await ctx.tokens.header('caseworker', [team]);
  const res = await fetch(`${ctx.apiUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST /api/v1/cases ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

// ---------------------------------------------------------------------------------------------------------------
// Case starts

export interface StartRates {
  bareStart: LoopResult & { cpu: PhaseCpu };
  bareUpdateWithStart: LoopResult & { cpu: PhaseCpu };
}

/** Baselines for case creation: a plain workflow start, and update-with-start whose update writes one row. */
export async function bareStartBaselines(
  ctx: TemporalBenchContext,
  client: TemporalClient,
  n: number,
  label: string,
  nUpdate = n,
): Promise<StartRates> {
  const bareStart = await sampledLoop(ctx, n, 120, async (i) => {
    await client.workflow.start(bareNoopWorkflow, {
      taskQueue: ctx.bareTaskQueue,
      workflowId: `bare-noop-${ctx.runId}-${label}-${i}`,
    });
  });
  const bareUpdateWithStart = await sampledLoop(ctx, nUpdate, 180, async (i) => {
    const id = `bare-uws-${ctx.runId}-${label}-${i}`;
    await client.workflow.executeUpdateWithStart(bareApplyUpdate, {
      args: [id],
      startWorkflowOperation: new WithStartWorkflowOperation(bareUpdateWorkflow, {
        workflowId: id,
        taskQueue: ctx.bareTaskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  });
  console.log(
    `[bench] bare starts (${label}): start ${bareStart.rate.toFixed(0)}/s (${cpuLine(bareStart.cpu)})` +
      (nUpdate
        ? `; update-with-start ${bareUpdateWithStart.rate.toFixed(0)}/s (${cpuLine(bareUpdateWithStart.cpu)})`
        : ''),
  );
  return { bareStart, bareUpdateWithStart };
}

/**
 * Case creation as a caseworker does it: POST /api/v1/cases with the case and its first event (the preparatory part
 * started some days ago). The API adds CASE_OPENED and sends both with update-with-start; the answer comes after the
 * read model shows the case. These cases sleep until their phase-1 reminder weeks from now.
 */
export async function fristStarts(
  ctx: TemporalBenchContext,
  n: number,
  series: number,
  label: string,
): Promise<LoopResult & { cpu: PhaseCpu }> {
  const today = copenhagenDate(Date.now());
  const result = await sampledLoop(ctx, n, 600, async (i) => {
    const team = TEAMS[i % TEAMS.length];
    const date = addDaysIso(today, -(i % 20));
    await postCase(
      ctx,
      {
        caseId: benchCaseId(i, series, 0),
        citizenRef: `bench-start-${series}-${i}`,
        team,
        birthDate: `19${60 + (i % 38)}-0${1 + (i % 9)}-1${i % 10}`,
        events: [{ eventId: `prep-${date}`, type: 'PREPARATORY_PART_STARTED', date }],
      },
      team,
    );
  });
  console.log(
    `[bench] frist starts (${label}): ${result.rate.toFixed(1)}/s, p50 ${result.latencyMs.p50.toFixed(0)} ms` +
      `${result.errors ? `, ${result.errors} errors (${result.firstError})` : ''}; ${cpuLine(result.cpu)}`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Timer waves

export interface WaveResult {
  label: string;
  /** Workflow ids of the cases (for history sampling). */
  workflowIds: string[];
  cases: number;
  windowSeconds: number;
  create: LoopResult;
  createCpu: PhaseCpu;
  /** Lag from due instant to the row being committed (ms). */
  lagMs: Summary;
  missing: number;
  pushed: number;
  worker: ProcUsage;
  temporal: ProcUsage;
  postgres: ProcUsage;
  machineBusyCores: number;
  windowCpu: PhaseCpu;
  workerMemory: { heapUsed: number; rss: number } | undefined;
  workerMetrics: Record<string, number>;
  taskStats: Record<string, number>;
  /** Cases made visible per second from the first due instant to the last row. */
  wakesPerSecond: number;
  workerRssAfterBytes: number;
  temporalDbBytes: number;
  postgresDbBytes: number;
  drainSeconds: number;
}

/** The first Copenhagen midnight at least `hoursAhead` hours from now: the "midnight" every shifted case reaches. */
export function benchMidnight(hoursAhead = 3): number {
  const t = Date.now() + hoursAhead * 3_600_000;
  return copenhagenStartOfDay(addDaysIso(copenhagenDate(t), 1));
}

async function waitForRows(
  count: () => Promise<number>,
  n: number,
  until: number,
  label: string,
): Promise<{ seen: number; at: number }> {
  let seen = 0;
  let lastLog = 0;
  while (Date.now() < until) {
    seen = await count();
    if (seen >= n) break;
    if (Date.now() - lastLog > 15_000) {
      console.log(`[bench] ${label}: ${seen}/${n} visible`);
      lastLog = Date.now();
    }
    await sleep(1_000);
  }
  return { seen, at: Date.now() };
}

async function dbSize(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ s: string }>('SELECT pg_database_size(current_database())::text AS s');
  return Number(rows[0].s);
}

export interface WaveOptions {
  wave: number;
  /** Cases wanted; fewer if creation reaches `createUntil` first. */
  n: number;
  windowSeconds: number;
  /** Expected creations per second, to place the due window just after the last creation. */
  rateEstimate: number;
  /** Epoch ms after which no more cases are created (the run's time budget). */
  createUntil: number;
  maxDrainSeconds: number;
}

function planDue(now: number, opts: WaveOptions): (i: number) => number {
  const creationEnd = Math.min(now + (opts.n / Math.max(opts.rateEstimate, 0.1)) * 1000 * 1.2, opts.createUntil);
  const start = creationEnd + 15_000;
  return (i) => start + (opts.windowSeconds * 1000 * i) / Math.max(1, opts.n - 1);
}

/**
 * Real cases created through the API (POST /api/v1/cases) whose workflows reach "midnight" (and so turn a task
 * overdue) spread over the window, which starts a little after the last creation. Lag = commit time of the overdue
 * task row − due instant. `timeline` chooses what the cases carry: their first event only (a new case, as in the
 * case-start benchmark) or a realistic 3–8 month history (about a dozen events).
 */
export async function fristTimerWave(
  ctx: TemporalBenchContext,
  opts: WaveOptions & { timeline: 'first-event' | 'realistic' },
): Promise<WaveResult> {
  const M = benchMidnight();
  const T = copenhagenDate(M - 1);
  console.log(
    `[bench] frist wave ${opts.wave}: creating up to ${opts.n} cases (${opts.timeline}) through the API; their day ` +
      `${T} ends from ${new Date(planDue(Date.now(), opts)(0)).toISOString()}, over ${opts.windowSeconds} s`,
  );
  const { ids, dueAt, pushed, create } = await createWave(
    ctx,
    opts,
    (i, R) => benchCaseId(i, opts.wave, M - R),
    async (caseId, i) => {
      const c = opts.timeline === 'first-event' ? firstEventTimerCase(i, T) : timerCase(opts.wave * 100_000 + i, T);
      const team = TEAMS[i % TEAMS.length];
      await postCase(
        ctx,
        { caseId, citizenRef: `bench-${opts.wave}-${i}`, team, birthDate: c.birthDate, events: c.events },
        team,
      );
    },
  );
  const createCpu = create.cpu;
  if (create.errors) console.log(`[bench] wave ${opts.wave}: ${create.errors} creations failed: ${create.firstError}`);
  // Only cases whose creation finished count (a failed one never gets a workflow).
  const okIds = new Set<string>();
  {
    const { rows } = await ctx.fristDb.query<{ id: string }>(`SELECT id::text FROM cases WHERE id = ANY($1::uuid[])`, [
      ids.filter(Boolean),
    ]);
    for (const r of rows) okIds.add(r.id);
  }
  const created = ids.filter((id) => okIds.has(id));
  const dueById = new Map(ids.flatMap((id, i) => (okIds.has(id) ? [[id, dueAt[i]] as const] : [])));
  console.log(
    `[bench] frist wave ${opts.wave}: created ${created.length} at ${create.rate.toFixed(1)}/s; ${pushed} pushed; ` +
      `first due in ${((Math.min(...dueById.values()) - Date.now()) / 1000).toFixed(0)} s; ${cpuLine(createCpu)}`,
  );
  return finishWave(ctx, {
    label: `frist wave ${opts.wave}`,
    worker: ctx.worker,
    dueById,
    maxDrainSeconds: opts.maxDrainSeconds,
    workflowIds: created.slice(0, 20).map((id) => `case-${id}`),
    create,
    createCpu,
    pushed,
    // A case is visible when its task due at "midnight" has turned overdue; its commit time is when.
    visible: async () => {
      const { rows } = await ctx.fristDb.query<{ id: string; visible: string }>(
        `SELECT case_id::text AS id, (extract(epoch FROM min(pg_xact_commit_timestamp(xmin))) * 1000)::text AS visible
         FROM tasks WHERE case_id = ANY($1::uuid[]) AND status = 'overdue' AND due_on = $2 GROUP BY case_id`,
        [created, T],
      );
      return rows;
    },
    visibleCount: async () => {
      const { rows } = await ctx.fristDb.query<{ n: string }>(
        `SELECT count(DISTINCT case_id)::text AS n FROM tasks WHERE case_id = ANY($1::uuid[]) AND status = 'overdue' AND due_on = $2`,
        [created, T],
      );
      return Number(rows[0].n);
    },
  });
}

/** The same wave with bare timer workflows (sleep until the instant, then one INSERT), started with the client. */
export async function bareTimerWave(
  ctx: TemporalBenchContext,
  client: TemporalClient,
  opts: WaveOptions,
): Promise<WaveResult> {
  const { ids, dueAt, pushed, create } = await createWave(
    ctx,
    opts,
    (i) => `bare-timer-${ctx.runId}-${opts.wave}-${i}`,
    async (id, _i, R) => {
      await client.workflow.start(bareTimerWorkflow, {
        args: [{ id, dueAt: R }],
        taskQueue: ctx.bareTaskQueue,
        workflowId: id,
      });
    },
  );
  const createCpu = create.cpu;
  const created = ids.filter((_, i) => dueAt[i] !== undefined);
  return finishWave(ctx, {
    label: `bare wave ${opts.wave}`,
    worker: ctx.bareWorker,
    dueById: new Map(ids.flatMap((id, i) => (dueAt[i] !== undefined ? [[id, dueAt[i]] as const] : []))),
    maxDrainSeconds: opts.maxDrainSeconds,
    workflowIds: created.slice(0, 20),
    create,
    createCpu,
    pushed,
    visible: async () => {
      const { rows } = await ctx.fristDb.query<{ id: string; visible: string }>(
        `SELECT id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::text AS visible
         FROM bench_bare_records WHERE id = ANY($1)`,
        [created],
      );
      return rows;
    },
    visibleCount: async () => {
      const { rows } = await ctx.fristDb.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM bench_bare_records WHERE id = ANY($1)`,
        [created],
      );
      return Number(rows[0].n);
    },
  });
}

/**
 * Creates a wave's cases on plan: case i is due at the planned instant, or 10 s from now when creation is behind the
 * plan (counted as pushed, so the case stays valid). `idOf` names the case from its index and due instant.
 */
async function createWave(
  ctx: TemporalBenchContext,
  opts: WaveOptions,
  idOf: (i: number, dueAt: number) => string,
  create: (id: string, i: number, dueAt: number) => Promise<void>,
): Promise<{ ids: string[]; dueAt: number[]; pushed: number; create: LoopResult & { cpu: PhaseCpu } }> {
  const due = planDue(Date.now(), opts);
  const ids: string[] = [];
  const dueAt: number[] = [];
  let pushed = 0;
  const result = await sampledLoop(ctx, opts.n, Math.max(1, (opts.createUntil - Date.now()) / 1000), async (i) => {
    let R = Math.round(due(i));
    if (R < Date.now() + 10_000) {
      R = Date.now() + 10_000;
      pushed++;
    }
    ids[i] = idOf(i, R);
    dueAt[i] = R;
    await create(ids[i], i, R);
  });
  return { ids, dueAt, pushed, create: result };
}

/**
 * The window of a wave (frist's or bare): waits for it, samples the processes until every case is visible or the
 * drain limit passes, then reads each case's commit time. The lag is commit time − due instant; a case that never
 * became visible counts as an infinite lag, so percentiles stay honest.
 */
async function finishWave(
  ctx: TemporalBenchContext,
  w: {
    label: string;
    worker: BenchWorker;
    /** Due instant (epoch ms) of every created case, by id. */
    dueById: Map<string, number>;
    maxDrainSeconds: number;
    workflowIds: string[];
    create: LoopResult;
    createCpu: PhaseCpu;
    pushed: number;
    visibleCount: () => Promise<number>;
    /** Commit time (epoch ms, as text) of each visible case. */
    visible: () => Promise<{ id: string; visible: string }[]>;
  },
): Promise<WaveResult> {
  const dues = [...w.dueById.values()];
  const firstDue = Math.min(...dues);
  const lastDue = Math.max(...dues);
  const n = w.dueById.size;
  const sampled = await measureWindow(ctx, firstDue, lastDue, w.maxDrainSeconds, w.visibleCount, n, w.label, w.worker);
  const rows = await w.visible();
  const lags = rows.map((r) => Number(r.visible) - w.dueById.get(r.id)!);
  const lastVisible = rows.reduce((m, r) => Math.max(m, Number(r.visible)), 0);
  return {
    wakesPerSecond: rows.length / Math.max(0.001, (lastVisible - firstDue) / 1000),
    label: w.label,
    workflowIds: w.workflowIds,
    cases: n,
    windowSeconds: (lastDue - firstDue) / 1000,
    create: w.create,
    createCpu: w.createCpu,
    lagMs: summarize([...lags, ...Array<number>(n - rows.length).fill(Infinity)]),
    missing: n - rows.length,
    pushed: w.pushed,
    ...sampled,
    temporalDbBytes: fileSize(ctx.temporalDbFile),
    postgresDbBytes: await dbSize(ctx.fristDb),
  };
}

async function measureWindow(
  ctx: TemporalBenchContext,
  firstDue: number,
  lastDue: number,
  maxDrainSeconds: number,
  count: () => Promise<number>,
  n: number,
  label: string,
  worker: BenchWorker,
) {
  const wait = firstDue - 3_000 - Date.now();
  if (wait > 0) {
    console.log(`[bench] ${label}: waiting ${(wait / 1000).toFixed(0)} s for the window`);
    await sleep(wait);
  }
  const w = sampleProcess(worker.pid);
  const t = sampleProcess(ctx.temporalPid);
  const p = sampleProcess(ctx.pgPid, { tree: true });
  const phase = samplePhase(ctx);
  const started = Date.now();
  const metricsBefore = await scrapeMetrics(worker.metricsUrl);
  const done = await waitForRows(count, n, lastDue + maxDrainSeconds * 1000, label);
  const workerMetrics = await scrapeMetrics(worker.metricsUrl);
  // Both workers export SDK metrics with `_total` counters and durations in seconds (metrics-runtime.ts).
  const delta = (name: string) => (workerMetrics[name] ?? 0) - (metricsBefore[name] ?? 0);
  const meanMs = (name: string) => (1000 * delta(`${name}_sum`)) / Math.max(1, delta(`${name}_count`));
  const taskStats = {
    workflowTasks: delta('temporal_workflow_task_execution_latency_count'),
    workflowTaskMeanMs: meanMs('temporal_workflow_task_execution_latency'),
    workflowTaskScheduleToStartMeanMs: meanMs('temporal_workflow_task_schedule_to_start_latency'),
    activityTasks: delta('temporal_activity_execution_latency_count'),
    activityMeanMs: meanMs('temporal_activity_execution_latency'),
    activityScheduleToStartMeanMs: meanMs('temporal_activity_schedule_to_start_latency'),
    localActivityTasks: delta('temporal_local_activity_execution_latency_count'),
    localActivityMeanMs: meanMs('temporal_local_activity_execution_latency'),
    stickyCacheHits: delta('temporal_sticky_cache_hit_total'),
    stickyCacheMisses: delta('temporal_sticky_cache_miss_total'),
    cacheSize: workerMetrics.temporal_sticky_cache_size ?? NaN,
  };
  const windowCpu = phase.stop();
  const memory = await worker.memory();
  console.log(
    `[bench] ${label}: ${done.seen}/${n} visible; ${cpuLine(windowCpu)}; worker cache ${taskStats.cacheSize} ` +
      `(hits ${taskStats.stickyCacheHits}, misses ${taskStats.stickyCacheMisses}), workflow task ` +
      `${taskStats.workflowTaskMeanMs.toFixed(1)} ms mean × ${taskStats.workflowTasks}, activity ` +
      `${taskStats.activityMeanMs.toFixed(1)} ms mean × ${taskStats.activityTasks}; heap used ` +
      `${((memory?.heapUsed ?? 0) / MiB).toFixed(0)} MiB, rss ${((memory?.rss ?? 0) / MiB).toFixed(0)} MiB`,
  );
  return {
    worker: w.stop(),
    temporal: t.stop(),
    postgres: p.stop(),
    machineBusyCores: windowCpu.machine,
    windowCpu,
    workerMemory: memory,
    workerMetrics,
    taskStats,
    workerRssAfterBytes: w.rssNow(),
    drainSeconds: (done.at - Math.max(started, lastDue)) / 1000,
  };
}

/** Server-side CPU milliseconds per operation of a phase: the processes that serve it, not the load generator. */
const cpuMsPerOp = (cores: number, loop: LoopResult) => (cores * loop.seconds * 1000) / Math.max(1, loop.completed);

export function reportStarts(
  report: Report,
  frist: LoopResult,
  fristCpu: PhaseCpu,
  bare: StartRates,
  fristLabel: string,
): void {
  report.add({
    section: 'case starts',
    measure: `cases created per second through the API (case + first events, update-with-start), ${fristLabel}`,
    unit: '/s',
    frist: frist.rate,
    baselineName: 'bare no-op workflow start, plain client',
    baseline: bare.bareStart.rate,
    higherIsBetter: true,
  });
  report.add({
    section: 'case starts',
    measure: 'same, against update-with-start of a bare workflow whose update writes one row',
    unit: '/s',
    frist: frist.rate,
    baselineName: 'bare update-with-start + 1 INSERT activity',
    baseline: bare.bareUpdateWithStart.rate,
    higherIsBetter: true,
    // Issue 19: frist answers with read-your-writes, so the fair baseline is an update-with-start that writes a row.
    goal: '≥ 1.5× bare',
    met: frist.rate >= 1.5 * bare.bareUpdateWithStart.rate,
  });
  const uws = bare.bareUpdateWithStart;
  report.add({
    section: 'case starts',
    measure: 'CPU per created case: API + worker + Temporal + Postgres (server side, no load generator)',
    unit: 'ms',
    frist: cpuMsPerOp(fristCpu.api + fristCpu.worker + fristCpu.temporal + fristCpu.postgres, frist),
    baselineName: 'bare update-with-start + 1 INSERT: bare worker + Temporal + Postgres',
    baseline: cpuMsPerOp(uws.cpu.bareWorker + uws.cpu.temporal + uws.cpu.postgres, uws),
    higherIsBetter: false,
  });
  report.add({
    section: 'case starts',
    measure: 'p99 latency of one case creation',
    unit: 'ms',
    frist: frist.latencyMs.p99,
    baselineName: 'bare update-with-start + 1 INSERT activity',
    baseline: bare.bareUpdateWithStart.latencyMs.p99,
    higherIsBetter: false,
  });
}

export function reportWave(
  report: Report,
  frist: WaveResult,
  bare: WaveResult,
  scale: string,
  kind: 'small' | 'big',
): void {
  const what =
    kind === 'small'
      ? `${frist.cases} new cases due over ${fmt(frist.windowSeconds)} s (the machine keeps up)`
      : `${frist.cases} cases due within ${fmt(frist.windowSeconds)} s (10,000-in-2-minutes rate)`;
  report.add({
    section: 'timers',
    measure: `p99 lag, due instant → task row committed: ${what}`,
    unit: 'ms',
    frist: frist.lagMs.p99,
    baselineName: 'bare timer workflow → 1 INSERT, same due instants',
    baseline: bare.lagMs.p99,
    higherIsBetter: false,
    goal: '< 2,000 ms',
    met: frist.lagMs.p99 < 2_000,
  });
  report.add({
    section: 'timers',
    measure: `p50 lag: ${what}`,
    unit: 'ms',
    frist: frist.lagMs.p50,
    baselineName: 'bare timer workflow → 1 INSERT',
    baseline: bare.lagMs.p50,
    higherIsBetter: false,
  });
  if (kind === 'big') {
    report.add({
      section: 'timers',
      measure: 'wake-ups made visible per second (first due instant → last row)',
      unit: '/s',
      frist: frist.wakesPerSecond,
      baselineName: 'bare timer workflows → 1 INSERT',
      baseline: bare.wakesPerSecond,
      higherIsBetter: true,
      goal: '≥ 0.95× bare',
      met: frist.wakesPerSecond >= 0.95 * bare.wakesPerSecond && frist.missing === 0,
    });
    report.add({
      section: 'timers',
      measure: `worker RSS, peak in the window, ${scale} + earlier cases open`,
      unit: 'MiB',
      frist: frist.worker.rssPeakBytes / MiB,
      baselineName: 'bare worker with the same number of open bare workflows',
      baseline: bare.worker.rssPeakBytes / MiB,
      higherIsBetter: false,
      goal: '≤ 1.2× bare',
      met: frist.worker.rssPeakBytes <= 1.2 * bare.worker.rssPeakBytes,
    });
    report.add({
      section: 'timers',
      measure: 'worker CPU in the window (cores, average)',
      unit: 'cores',
      frist: frist.worker.cores,
      baselineName: 'bare worker, its window',
      baseline: bare.worker.cores,
      higherIsBetter: false,
    });
    report.add({
      section: 'timers',
      measure: 'workflows the worker keeps in memory (sticky cache) after the window',
      unit: '',
      frist: frist.taskStats.cacheSize,
      baselineName: 'bare worker',
      baseline: bare.taskStats.cacheSize,
      higherIsBetter: true,
    });
  }
  const put = (measure: string, unit: string, f: number, b: number | undefined, baselineName?: string) =>
    report.addGrowth({
      section: 'timers',
      measure,
      unit,
      values: { [scale]: f },
      ...(b !== undefined ? { baselineValues: { [scale]: b } } : {}),
      ...(baselineName ? { baselineName } : {}),
    });
  put('due window', 's', frist.windowSeconds, bare.windowSeconds, 'bare timer → INSERT');
  put('lag p50', 'ms', frist.lagMs.p50, bare.lagMs.p50, 'bare timer → INSERT');
  put('lag p99', 'ms', frist.lagMs.p99, bare.lagMs.p99, 'bare timer → INSERT');
  put('wake-ups visible per second', '/s', frist.wakesPerSecond, bare.wakesPerSecond, 'bare timer → INSERT');
  put('creations/s (frist: API; bare: client start)', '/s', frist.create.rate, bare.create.rate, 'bare start');
  put('worker RSS peak', 'MiB', frist.worker.rssPeakBytes / MiB, bare.worker.rssPeakBytes / MiB, 'bare worker');
  put('worker CPU in window', 'cores', frist.worker.cores, bare.worker.cores, 'bare worker');
  put('worker cache size after the window', '', frist.taskStats.cacheSize, bare.taskStats.cacheSize, 'bare worker');
  put(
    'cache misses in the window (replays)',
    '',
    frist.taskStats.stickyCacheMisses,
    bare.taskStats.stickyCacheMisses,
    'bare worker',
  );
  put(
    'workflow task execution, mean',
    'ms',
    frist.taskStats.workflowTaskMeanMs,
    bare.taskStats.workflowTaskMeanMs,
    'bare worker',
  );
  // frist's case replica runs no activity tasks since evaluation and projection became one local activity: compare
  // that (the engine and the read-model write) with the bare workflow's INSERT activity.
  put(
    'activity execution, mean (frist: the evaluate-and-project local activity)',
    'ms',
    frist.taskStats.localActivityMeanMs,
    bare.taskStats.activityMeanMs,
    'bare INSERT activity',
  );
  put('Temporal SQLite size (frist + bare)', 'MiB', frist.temporalDbBytes / MiB, undefined);
  put('Postgres database size (read model + bare table)', 'MiB', frist.postgresDbBytes / MiB, undefined);
}

/** Size of a few workflows' histories after their wake-up: what each case costs Temporal's persistence. */
export async function sampleHistories(
  client: TemporalClient,
  ids: string[],
): Promise<{ workflows: number; eventsMean: number; bytesMean: number }> {
  let events = 0;
  let bytes = 0;
  let n = 0;
  for (const id of ids.slice(0, 10)) {
    try {
      const history = await client.workflow.getHandle(id).fetchHistory();
      events += history.events?.length ?? 0;
      bytes += temporal.api.history.v1.History.encode(history).finish().length;
      n++;
    } catch {
      /* not found */
    }
  }
  return { workflows: n, eventsMean: events / Math.max(1, n), bytesMean: bytes / Math.max(1, n) };
}

/**
 * What a wake-up of a case that is not in the worker's cache costs: the worker replays its whole history. Replays
 * the sampled histories in-process with the bundle the worker runs (and frist's payload codec), against the same
 * for bare timer workflows.
 */
export async function replayCost(opts: {
  client: TemporalClient;
  ids: string[];
  /** Histories to replay instead of fetching `ids` (e.g. the committed five-year fixture). */
  histories?: { workflowId: string; history: temporal.api.history.v1.IHistory }[];
  bundlePath: string;
  dataConverter?: DataConverter;
  rounds: number;
}): Promise<{ replays: number; perSecond: number; cpuMsPerReplay: number; failures: number }> {
  const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [...(opts.histories ?? [])];
  for (const id of opts.ids.slice(0, 10)) {
    try {
      histories.push({ workflowId: id, history: await opts.client.workflow.getHandle(id).fetchHistory() });
    } catch {
      /* gone */
    }
  }
  let replays = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let round = 0; round < opts.rounds; round++) {
    const results = Worker.runReplayHistories(
      {
        workflowBundle: { codePath: opts.bundlePath },
        ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
        replayName: `bench-${round}`,
      },
      histories,
    );
    for await (const r of results) {
      replays++;
      if (r.error) failures++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    replays,
    perSecond: replays / seconds,
    cpuMsPerReplay: (cpu.user + cpu.system) / 1000 / Math.max(1, replays),
    failures,
  };
}
