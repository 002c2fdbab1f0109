/**
 * Engine benchmark: evaluations per second of whole timelines on one core, the latency distribution of a single
 * evaluation, and how the cost grows with the number of events.
 *
 * Baseline: the same loop doing a JSON round trip of the same timeline (`JSON.parse(JSON.stringify(events))`), the
 * least work any consumer of a timeline does (it is what Temporal's payload converter does to the workflow's input).
 */
import {
  addDays,
  computeObligations,
  type CaseEvent,
  type ComputeOptions,
  type RuleSetConfig,
} from '@frist/obligations';
import { canonicalJson } from '@frist/contracts';
import { fmt, type Report } from '../lib/report';
import { linearFit, summarize, type Summary } from '../lib/stats';
import { sampleMachine } from '../lib/proc';
import { sygedagpengeTimelineOf, timelineOf, type SimulatedCase } from './timelines';

/** A fixed evaluation date keeps runs comparable (the timelines end on it). */
export const ENGINE_AS_OF = '2026-11-02';

interface LoopResult {
  /** Iterations per CPU second of this process: robust when other processes share the cores. */
  perSecond: number;
  /** Iterations per wall-clock second. */
  perWallSecond: number;
  latencyUs: Summary;
  iterations: number;
}

/** Runs `fn` over the inputs round-robin for `seconds`, timing each call. */
function timedLoop<T>(inputs: T[], fn: (input: T) => number, seconds: number, warmupSeconds: number): LoopResult {
  let sink = 0;
  const warmUntil = performance.now() + warmupSeconds * 1000;
  for (let i = 0; performance.now() < warmUntil; i++) sink += fn(inputs[i % inputs.length]);
  const samples = new Float64Array(2_000_000);
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  let now = start;
  while (now < until && n < samples.length) {
    const t0 = now;
    sink += fn(inputs[n % inputs.length]);
    now = performance.now();
    samples[n++] = (now - t0) * 1000;
  }
  const elapsed = (now - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (sink === -1) console.log('unreachable'); // keeps the work observable
  return {
    perSecond: n / Math.max(cpuSeconds, 1e-6),
    perWallSecond: n / elapsed,
    latencyUs: summarize(samples.subarray(0, n)),
    iterations: n,
  };
}

const evaluate = (c: SimulatedCase, asOf = ENGINE_AS_OF) =>
  computeObligations({ birthDate: c.birthDate }, c.events, asOf).occurrences.length;

/**
 * How production evaluates a case after MIG-2026 (activities/src/case-evaluation.activities.ts): the published
 * migration selects fleksjob-2026 / sygedagpenge-2026 by their legal dates, and the municipality's policy comes
 * with it, here the switches of `ruleSetConfig` (one turned off, as a municipality may) and one effective-dated
 * decision on another switch.
 */
export const MIGRATED_OPTIONS: ComputeOptions = {
  migrations: [{ id: 'MIG-2026', publishedOn: '2026-10-01' }],
  ruleSetConfig: {
    'contactCadence.enabled': true,
    'passivity.enabled': true,
    'otherActor12m.enabled': false,
    'sdpFollowups.enabled': true,
  } satisfies RuleSetConfig,
  policyDecisions: [
    {
      id: 'bench-passivity',
      title: 'Passivitetsscreening efter lokal beslutning',
      switch: 'passivity.enabled',
      enabled: true,
      decisionDate: '2026-10-01',
      effectiveFrom: '2026-10-15',
    },
  ],
};

const evaluateMigrated = (c: SimulatedCase, asOf = ENGINE_AS_OF) =>
  computeObligations({ birthDate: c.birthDate }, c.events, asOf, MIGRATED_OPTIONS).occurrences.length;

/** A sygedagpenge course that starts after 2026-07-01 (governed by sygedagpenge-2026), evaluated on its last day. */
interface SdpCase {
  events: CaseEvent[];
  asOf: string;
}
const evaluateSdpMigrated = (c: SdpCase) =>
  computeObligations({ caseType: 'sygedagpenge' }, c.events, c.asOf, MIGRATED_OPTIONS).occurrences.length;

/**
 * What a wake-up computes: the engine, which also returns the phase (the evaluateCase local activity), and the fingerprint the
 * workflow compares to decide whether to project (plain JSON of team, phase and occurrences, as case.workflow.ts).
 */
function workflowStep(c: SimulatedCase): number {
  const result = computeObligations({ caseId: 'bench', birthDate: c.birthDate, team: 'bench' }, c.events, ENGINE_AS_OF);
  const { phase } = result;
  return JSON.stringify(['bench', phase, result.occurrences]).length;
}

/** The workflow's change fingerprint alone, on a precomputed result. */
function fingerprintOnly(c: SimulatedCase & { occurrences: unknown }): number {
  return JSON.stringify(['bench', 'LY', c.occurrences]).length;
}

/** The sorted canonical JSON the workflow used as fingerprint until ead1dde, for comparison. */
function canonicalFingerprint(c: SimulatedCase & { occurrences: unknown }): number {
  return canonicalJson(['bench', 'LY', c.occurrences]).length;
}

const jsonRoundTrip = (c: SimulatedCase) => (JSON.parse(JSON.stringify(c.events)) as CaseEvent[]).length;

export async function runEngineBench(report: Report, opts: { seconds: number }): Promise<void> {
  const machine = sampleMachine();
  const typical = Array.from({ length: 16 }, (_, i) => timelineOf(5, 60, ENGINE_AS_OF, 100 + i));
  const long = Array.from({ length: 8 }, (_, i) => timelineOf(10, 300, ENGINE_AS_OF, 200 + i));
  const avg = (cs: SimulatedCase[]) => cs.reduce((s, c) => s + c.events.length, 0) / cs.length;
  const secs = opts.seconds;
  const warm = Math.min(1.5, secs / 2);

  const t = timedLoop(typical, (c) => evaluate(c), secs, warm);
  const tBase = timedLoop(typical, jsonRoundTrip, secs / 2, warm / 2);
  // The 10-year loop runs with the other un-migrated fleksjob loops, as in every run before the migrated and
  // sygedagpenge loops were added: after them V8 re-optimises the engine for a second case type (--trace-deopt:
  // `wrong map`), which costs this loop ~10 % (docs/performance.md, "Engine, round two"). Its second measurement at
  // the end of the section is that mixed state, the one a worker that evaluates both case types runs in.
  const l = timedLoop(long, (c) => evaluate(c), secs, warm);
  const lBase = timedLoop(long, jsonRoundTrip, secs / 2, warm / 2);
  // The same timelines after MIG-2026 (they end four months after the reform), and five-year timelines that end
  // three years after it, so most of their occurrences are fleksjob-2026's.
  const m = timedLoop(typical, (c) => evaluateMigrated(c), secs, warm);
  const lateAsOf = '2029-06-30';
  const late = Array.from({ length: 16 }, (_, i) => timelineOf(5, 60, lateAsOf, 300 + i));
  const ml = timedLoop(late, (c) => evaluateMigrated(c, lateAsOf), secs / 2, warm / 2);
  const mlBase = timedLoop(late, jsonRoundTrip, secs / 4, warm / 4);
  const sdp = Array.from({ length: 16 }, (_, i): SdpCase => {
    const start = addDays('2026-07-01', 3 + 5 * i);
    const events = sygedagpengeTimelineOf(start, 365, 400 + i);
    return { events, asOf: events[events.length - 1].date };
  });
  const s26 = timedLoop(sdp, evaluateSdpMigrated, secs / 2, warm / 2);
  const s26Base = timedLoop(
    sdp,
    (c) => (JSON.parse(JSON.stringify(c.events)) as CaseEvent[]).length,
    secs / 4,
    warm / 4,
  );
  const lMixed = timedLoop(long, (c) => evaluate(c), secs, warm);
  const w = timedLoop(typical, workflowStep, secs / 2, warm / 2);
  const withResults = typical.map((c) => ({
    ...c,
    occurrences: computeObligations({ birthDate: c.birthDate }, c.events, ENGINE_AS_OF).occurrences,
  }));
  const f = timedLoop(withResults, fingerprintOnly, secs / 2, warm / 2);
  const fc = timedLoop(withResults, canonicalFingerprint, secs / 4, warm / 4);

  // Cost per event at several sizes: prefixes of 10-year timelines evaluated on the day of their last event.
  const sizes = [15, 30, 60, 120, 200, 300];
  const growth: { events: number; usPerEval: number; usPerEvent: number; baselineUsPerEval: number }[] = [];
  for (const size of sizes) {
    const inputs = long
      .filter((c) => c.events.length >= size)
      .map((c) => ({ birthDate: c.birthDate, events: c.events.slice(0, size) }));
    const asOfs = inputs.map((c) => c.events[c.events.length - 1].date);
    let k = 0;
    const r = timedLoop(
      inputs,
      (c) => evaluate(c, asOfs[k++ % asOfs.length]),
      Math.max(0.5, secs / 4),
      Math.max(0.2, warm / 4),
    );
    const b = timedLoop(inputs, jsonRoundTrip, Math.max(0.3, secs / 8), 0.1);
    growth.push({
      events: size,
      usPerEval: 1e6 / r.perSecond,
      usPerEvent: 1e6 / r.perSecond / size,
      baselineUsPerEval: 1e6 / b.perSecond,
    });
  }
  const fit = linearFit(
    growth.map((g) => g.events),
    growth.map((g) => g.usPerEval),
  );
  const perEvent60 = growth.find((g) => g.events === 60)!.usPerEvent;
  const perEvent300 = growth.find((g) => g.events === 300)!.usPerEvent;
  const busy = machine.stop();

  const base = 'JSON round trip of the same timeline';
  report.add({
    section: 'engine',
    measure: `evaluations/s, 5-year timeline (~${Math.round(avg(typical))} events), 1 core`,
    unit: '/s',
    frist: t.perSecond,
    baselineName: base,
    baseline: tBase.perSecond,
    higherIsBetter: true,
    goal: '≥ 20,000/s',
    met: t.perSecond >= 20_000,
  });
  report.add({
    section: 'engine',
    measure: `evaluations/s after MIG-2026 (ruleSetConfig + a policy decision), the same 5-year timelines, 1 core`,
    unit: '/s',
    frist: m.perSecond,
    baselineName: base,
    baseline: tBase.perSecond,
    higherIsBetter: true,
    goal: '≥ 20,000/s',
    met: m.perSecond >= 20_000,
    note: `${fmt(m.perSecond / t.perSecond)}× without the migration`,
  });
  report.add({
    section: 'engine',
    measure: `evaluations/s after MIG-2026, 5-year timeline ending ${lateAsOf} (~${Math.round(avg(late))} events, 3 years under fleksjob-2026)`,
    unit: '/s',
    frist: ml.perSecond,
    baselineName: base,
    baseline: mlBase.perSecond,
    higherIsBetter: true,
    goal: '≥ 20,000/s',
    met: ml.perSecond >= 20_000,
  });
  report.add({
    section: 'engine',
    measure: `evaluations/s, sygedagpenge-2026: one year of sick leave from July 2026 (~${Math.round(sdp.reduce((n, c) => n + c.events.length, 0) / sdp.length)} events), after MIG-2026`,
    unit: '/s',
    frist: s26.perSecond,
    baselineName: base,
    baseline: s26Base.perSecond,
    higherIsBetter: true,
    goal: '≥ 20,000/s',
    met: s26.perSecond >= 20_000,
  });
  report.add({
    section: 'engine',
    measure: 'p99 latency of one evaluation, 5-year timeline',
    unit: 'µs',
    frist: t.latencyUs.p99,
    baselineName: base,
    baseline: tBase.latencyUs.p99,
    higherIsBetter: false,
  });
  report.add({
    section: 'engine',
    measure: `evaluations/s, 10-year timeline (~${Math.round(avg(long))} events), 1 core`,
    unit: '/s',
    frist: l.perSecond,
    baselineName: base,
    baseline: lBase.perSecond,
    higherIsBetter: true,
  });
  report.add({
    section: 'engine',
    measure: `evaluations/s, 10-year timeline, measured after the migrated and sygedagpenge loops (the engine optimised for both case types, as in a worker)`,
    unit: '/s',
    frist: lMixed.perSecond,
    baselineName: base,
    baseline: lBase.perSecond,
    higherIsBetter: true,
    note: `${fmt(lMixed.perSecond / l.perSecond)}× the same loop measured first`,
  });
  report.add({
    section: 'engine',
    measure: 'p99 latency of one evaluation, 10-year timeline',
    unit: 'µs',
    frist: l.latencyUs.p99,
    baselineName: base,
    baseline: lBase.latencyUs.p99,
    higherIsBetter: false,
  });
  report.add({
    section: 'engine',
    measure: 'workflow step per wake-up (engine + phase + fingerprint), 5-year timeline',
    unit: '/s',
    frist: w.perSecond,
    baselineName: base,
    baseline: tBase.perSecond,
    higherIsBetter: true,
  });
  report.add({
    section: 'engine',
    measure: 'of which the change fingerprint alone (JSON of the occurrences), 5-year timeline',
    unit: '/s',
    frist: f.perSecond,
    baselineName: base,
    baseline: tBase.perSecond,
    higherIsBetter: true,
    note: `the sorted canonicalJson fingerprint used before ead1dde: ${Math.round(fc.perSecond)}/s`,
  });
  // Growth order: the slope of log(time) over log(events) across the sizes (1 = linear, 2 = quadratic).
  const order = linearFit(
    growth.map((g) => Math.log(g.events)),
    growth.map((g) => Math.log(g.usPerEval)),
  ).slope;
  const baseOrder = linearFit(
    growth.map((g) => Math.log(g.events)),
    growth.map((g) => Math.log(g.baselineUsPerEval)),
  ).slope;
  report.add({
    section: 'engine',
    measure: `growth order of evaluation time in events, 15–300 events (1.0 = linear; per-event cost 60 → 300: ${perEvent60.toFixed(2)} → ${perEvent300.toFixed(2)} µs)`,
    unit: '',
    frist: order,
    baselineName: 'same for the JSON round trip',
    baseline: baseOrder,
    higherIsBetter: false,
    goal: 'at most linear (≤ 1.1)',
    met: order <= 1.1,
  });
  report.tables.push({
    title: `Engine cost curve (prefixes of 10-year timelines; fit: ${fit.intercept.toFixed(1)} µs + ${fit.slope.toFixed(2)} µs/event, r² ${fit.r2.toFixed(3)})`,
    headers: ['events', 'µs per evaluation', 'µs per event', 'baseline µs per evaluation', 'ratio'],
    rows: growth.map((g) => [
      String(g.events),
      fmt(g.usPerEval),
      fmt(g.usPerEvent),
      fmt(g.baselineUsPerEval),
      `${fmt(g.usPerEval / g.baselineUsPerEval)}×`,
    ]),
  });
  report.details.engine = {
    asOf: ENGINE_AS_OF,
    typical: { timelines: typical.length, avgEvents: avg(typical), ...t, baseline: tBase },
    migrated: { options: MIGRATED_OPTIONS, typical: m, late: { asOf: lateAsOf, ...ml, baseline: mlBase } },
    sygedagpenge2026: { timelines: sdp.length, ...s26, baseline: s26Base },
    long: { timelines: long.length, avgEvents: avg(long), ...l, baseline: lBase, mixed: lMixed },
    workflowStep: w,
    fingerprint: f,
    canonicalFingerprint: fc,
    growth,
    linearFit: fit,
    growthOrder: order,
    machineBusyCores: busy.busyCores,
  };
  console.log(
    `[bench] engine: ${Math.round(t.perSecond)}/s typical, ${Math.round(m.perSecond)}/s after MIG-2026, ` +
      `${Math.round(l.perSecond)}/s long; ` +
      `per-event µs ${growth.map((g) => `${g.events}:${g.usPerEvent.toFixed(2)}`).join(' ')}; ` +
      `machine busy ${busy.busyCores.toFixed(2)} cores`,
  );
}
