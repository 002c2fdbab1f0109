/**
 * The onboarding import (docs/onboarding.md): N fleksjob cases with five-year histories validated, then imported on
 * the bulk path (one workflow start per case carrying its history; the worker evaluates and projects), measured
 * until every case is visible in the read model, next to bare no-op workflow starts on the same server.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex, encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { CaseImportRunner, checkImportCase, readImportFile } from '@frist/activities';
import { SystemClock } from '@frist/config';
import { caseWorkflowId, copenhagenDate, expandRecordedEvents, type CaseWorkflowInput } from '@frist/contracts';
import { generateCaseload, toJsonLines } from '../../tools/import-example/caseload-generator';
import { closedLoop } from '../lib/load';
import { sampleProcess } from '../lib/proc';
import type { Report } from '../lib/report';
import { bareNoopWorkflow } from '../temporal/bare.workflows';

export interface ImportBenchContext {
  report: Report;
  runId: string;
  cases: number;
  concurrency: number;
  /** Client with frist's data converter (payload encryption as the worker has it). */
  client: Client;
  taskQueue: string;
  bareClient: Client;
  bareTaskQueue: string;
  dataSource: DataSource;
  /** Processes whose CPU is sampled in each phase (the bench process itself runs the importer). */
  pids: { worker: number; bareWorker: number; temporal: number; postgres: number };
}

type PhaseCpu = Record<keyof ImportBenchContext['pids'] | 'importer', number>;

/** CPU cores of each process while `run` runs. */
async function sampled<T>(ctx: ImportBenchContext, run: () => Promise<T>): Promise<{ result: T; cpu: PhaseCpu }> {
  const samplers = Object.entries(ctx.pids).map(
    ([name, pid]) => [name, sampleProcess(pid, { tree: name === 'postgres' })] as const,
  );
  const own = sampleProcess(process.pid);
  const result = await run();
  const cpu = Object.fromEntries(samplers.map(([name, s]) => [name, s.stop().cores])) as PhaseCpu;
  cpu.importer = own.stop().cores;
  return { result, cpu };
}

const cpuText = (c: PhaseCpu) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');

const GOAL_CASES = 10_000;
const GOAL_MINUTES = 10;

export async function runImportBench(ctx: ImportBenchContext): Promise<void> {
  const clock = new SystemClock();
  const today = copenhagenDate(clock.now().getTime());
  const lines = generateCaseload({
    cases: ctx.cases,
    exportedOn: today,
    seed: 19,
    minYears: 5,
    maxYears: 5,
    invalidEvery: 0,
  });
  const text = toJsonLines(lines);

  // Validation: parse, engine checks and the preview as of today, in this process (as `frist import validate`).
  let t0 = performance.now();
  const checks = readImportFile(text, 'jsonl').map((r) => checkImportCase(r, { today }));
  const validateSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const line of text.split('\n')) if (line) JSON.parse(line);
  const parseSeconds = (performance.now() - t0) / 1000;
  const accepted = checks.filter((c) => c.plan);
  const events = accepted.reduce((n, c) => n + c.plan!.events.length, 0) / Math.max(1, accepted.length);
  console.log(
    `[bench] import: ${ctx.cases} cases (${events.toFixed(0)} events each) validated in ${validateSeconds.toFixed(1)} s`,
  );
  ctx.report.add({
    section: 'import',
    measure: `cases validated per second (engine checks + preview), five-year histories, ${ctx.cases} cases`,
    unit: '/s',
    frist: ctx.cases / validateSeconds,
    baselineName: 'JSON.parse of the same lines',
    baseline: ctx.cases / parseSeconds,
    higherIsBetter: true,
  });

  // The baseline: bare no-op workflow starts, the same concurrency, the same server.
  const { result: bare, cpu: bareCpu } = await sampled(ctx, () =>
    closedLoop({
      total: Math.min(ctx.cases, 2_000),
      concurrency: ctx.concurrency,
      maxSeconds: 120,
      op: async (i) => {
        await ctx.bareClient.workflow.start(bareNoopWorkflow, {
          taskQueue: ctx.bareTaskQueue,
          workflowId: `bare-import-${ctx.runId}-${i}`,
        });
      },
    }),
  );
  console.log(`[bench] import: bare starts ${bare.rate.toFixed(0)}/s; cpu cores: ${cpuText(bareCpu)}`);

  const runner = new CaseImportRunner({
    client: ctx.client,
    taskQueue: ctx.taskQueue,
    dataSource: ctx.dataSource,
    clock,
  });
  t0 = performance.now();
  const { result, cpu: startCpu } = await sampled(ctx, () =>
    runner.run(checks, {
      sourceName: `bench-${ctx.runId}.jsonl`,
      sourceSha256: createHash('sha256').update(text).digest('hex'),
      actor: 'bench',
      concurrency: ctx.concurrency,
      onProgress: (p) => {
        if (p.done % 1000 === 0) console.log(`[bench] import: ${p.done}/${p.total} started, ${p.rate.toFixed(1)}/s`);
      },
    }),
  );
  const startSeconds = (performance.now() - t0) / 1000;
  const created = result.entries.filter((e) => e.outcome === 'created').map((e) => e.check.plan!.caseId);
  const failed = result.entries.filter((e) => e.outcome === 'failed').length;
  let lastLog = 0;
  const visible = await runner.waitForReadModel(created, (n) => {
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      console.log(`[bench] import: ${n}/${created.length} visible in the read model`);
    }
  });
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(
    `[bench] import: ${created.length} started in ${startSeconds.toFixed(0)} s, ${visible} visible after ${totalSeconds.toFixed(0)} s` +
      (failed ? `, ${failed} failed` : '') +
      `; cpu cores while starting: ${cpuText(startCpu)}`,
  );
  // Every imported case ends with its tasks in the read model.
  const [{ withTasks }]: { withTasks: number }[] = await ctx.dataSource.query(
    `SELECT count(DISTINCT case_id)::int AS "withTasks" FROM tasks WHERE case_id = ANY($1::uuid[])`,
    [created],
  );
  ctx.report.add({
    section: 'import',
    measure: `cases started per second on the bulk path (workflow start with the history), ${ctx.cases} cases`,
    unit: '/s',
    frist: created.length / startSeconds,
    baselineName: 'bare no-op workflow start, same concurrency',
    baseline: bare.rate,
    higherIsBetter: true,
    goal: '≥ 0.5× bare',
    // Every case must also reach the read model (the row below), or the fast start counts for nothing.
    met:
      created.length / startSeconds / bare.rate >= 0.5 &&
      failed === 0 &&
      visible === created.length &&
      withTasks === created.length,
  });
  // What each start costs the machine: every process involved, the importer (this process) included.
  const perCase = (c: PhaseCpu, seconds: number, n: number) =>
    ((c.importer + c.worker + c.bareWorker + c.temporal + c.postgres) * seconds * 1000) / Math.max(1, n);
  ctx.report.add({
    section: 'import',
    measure: 'CPU per started case: importer + workers + Temporal + Postgres while starting',
    unit: 'ms',
    frist: perCase(startCpu, startSeconds, created.length),
    baselineName: 'the same processes per bare no-op start',
    baseline: perCase(bareCpu, bare.seconds, bare.completed),
    higherIsBetter: false,
    note: `frist cores: ${cpuText(startCpu)}`,
  });
  // What each start carries, exactly (encoded and encrypted as sent): a sample of the started cases' start inputs,
  // against the same inputs with every event's recordedAt and actor spelled out (as every start carried them before
  // eventDefaults).
  const payloads = await startPayloadBytes(ctx.client, created.slice(0, 50));
  ctx.report.add({
    section: 'import',
    measure: `start payload per started case (encoded, encrypted), five-year histories, ${payloads.n} sampled`,
    unit: 'B',
    frist: payloads.sent,
    baselineName: 'the same starts with recordedAt and actor on every event',
    baseline: payloads.whole,
    higherIsBetter: false,
  });
  // A re-run of the same file changes nothing.
  t0 = performance.now();
  const again = await runner.run(checks, {
    sourceName: `bench-${ctx.runId}.jsonl`,
    sourceSha256: createHash('sha256').update(text).digest('hex'),
    actor: 'bench',
    concurrency: ctx.concurrency,
  });
  const againSeconds = (performance.now() - t0) / 1000;
  const unchanged = again.entries.filter((e) => e.outcome === 'unchanged').length;
  ctx.report.add({
    section: 'import',
    measure: `re-import of the same file: cases left unchanged per second (${unchanged} of ${accepted.length} unchanged)`,
    unit: '/s',
    frist: unchanged / againSeconds,
    baselineName: 'bare no-op workflow start, same concurrency',
    baseline: bare.rate,
    higherIsBetter: true,
  });
  if (withTasks < created.length || unchanged < accepted.length)
    ctx.report.note(
      `import: ${created.length - withTasks} imported cases without tasks in the read model; ` +
        `${accepted.length - unchanged} cases not unchanged on the re-run`,
    );
  const visibleRate = visible / totalSeconds;
  ctx.report.add({
    section: 'import',
    measure: `cases imported per second until visible in the read model (evaluated and projected), ${ctx.cases} cases`,
    unit: '/s',
    frist: visibleRate,
    baselineName: 'bare no-op workflow start, same concurrency',
    baseline: bare.rate,
    higherIsBetter: true,
  });
  const minutes = GOAL_CASES / visibleRate / 60;
  ctx.report.add({
    section: 'import',
    measure:
      ctx.cases >= GOAL_CASES
        ? `minutes to import ${GOAL_CASES} five-year cases (validated, started, visible)`
        : `minutes to import ${GOAL_CASES} five-year cases, extrapolated from ${ctx.cases} at the measured rate`,
    unit: 'min',
    frist: minutes + (validateSeconds * GOAL_CASES) / ctx.cases / 60,
    baselineName: `${GOAL_CASES} bare no-op starts`,
    baseline: GOAL_CASES / bare.rate / 60,
    higherIsBetter: false,
    goal: `≤ ${GOAL_MINUTES} min`,
    met: minutes + (validateSeconds * GOAL_CASES) / ctx.cases / 60 <= GOAL_MINUTES,
  });
  if (failed || visible < created.length)
    ctx.report.note(`import: ${failed} cases failed, ${created.length - visible} not visible when the wait gave up`);
}

const payloadsBytes = (p: temporal.api.common.v1.IPayloads) =>
  temporal.api.common.v1.Payloads.encode(p).finish().length;

/** Mean bytes of the started workflows' input as sent, and of the same input with whole events. */
async function startPayloadBytes(
  client: Client,
  caseIds: string[],
): Promise<{ n: number; sent: number; whole: number }> {
  const converter = client.options.loadedDataConverter;
  let sent = 0;
  let whole = 0;
  for (const caseId of caseIds) {
    const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input;
    if (!input?.payloads) throw new Error(`no start input for case ${caseId}`);
    sent += payloadsBytes(input);
    const decoded = await decodeFromPayloadsAtIndex<CaseWorkflowInput>(converter, 0, input.payloads);
    const { eventDefaults, ...rest } = decoded;
    const expanded = { ...rest, events: expandRecordedEvents(decoded.events ?? [], eventDefaults, '') };
    whole += payloadsBytes({ payloads: (await encodeToPayloads(converter, expanded)) ?? [] });
  }
  const n = Math.max(1, caseIds.length);
  return { n: caseIds.length, sent: sent / n, whole: whole / n };
}
