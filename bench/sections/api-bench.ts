/**
 * API read paths at 1k / 10k / 100k tasks (seeded straight into the read model with SQL), driven by autocannon at a
 * fixed request rate and flat out, next to the very same SQL (captured from the API process) run through `pg`.
 */
import { type ChildProcess } from 'node:child_process';
import { type Pool } from 'pg';
import { type TokenSource } from '../lib/auth';
import { fixedRateLoop, closedLoop, httpLoad, pacedHttpLoad, type LoopResult } from '../lib/load';
import { sampleMachine, sampleProcess } from '../lib/proc';
import { type Report } from '../lib/report';
import { rng } from '@frist/testing';
import { TEAMS } from './temporal-bench';

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

export interface ApiBenchContext {
  report: Report;
  apiUrl: string;
  api: { proc: ChildProcess; pid: number };
  db: Pool;
  tokens: TokenSource;
  /** Seconds per fixed-rate run and per flat-out run. */
  seconds: number;
  throughputSeconds: number;
  connections: number;
  rate: number;
  scales: number[];
}

const CODES = [
  ['contact-14d', 'target', 'Kontakt borgeren senest'],
  ['passivity-screening', 'policy', 'Screen sagen: 4 måneder uden praktik eller job'],
  ['passivity-rereview', 'target', 'Genbehandling i rehabiliteringsteamet (6 måneder uden praktik eller job)'],
  ['other-actor-12m', 'legal', 'Henvis til anden aktør (12 måneder på ledighedsydelse)'],
  ['flexjob-followups', 'target', 'Opfølgning på virksomheden senest'],
  ['statutory-followup-30m', 'legal', 'Lovpligtig opfølgning (2½ år) senest'],
  ['capacity-decision', 'policy', 'Træf skriftlig afgørelse om timetal og arbejdsintensitet med klagevejledning'],
  ['flexjob-agreement', 'target', 'Registrér aftale om progression, opfølgning og kontaktperson i Min Plan'],
  ['temporary-status-54m', 'legal', 'Status i midlertidigt fleksjob (4½ år) senest'],
  ['phase1-target', 'target', 'Fase 1: sagen bør være visiteret senest'],
] as const;

/**
 * Seeds tasks [from, to) and their cases: 3 tasks per case; teams skewed like Danish municipalities (the largest
 * team holds about 7× the smallest's cases); statuses open 45 %, overdue 10 %, met 35 %, met-late 5 %,
 * cancelled 4 %, waived 1 %; open tasks due within 4 months, overdue ones up to 2 months late, closed ones spread
 * over 2 years; explanations of production length; one job-talk period per case for the quota dashboard.
 */
export async function seedTasks(db: Pool, from: number, to: number): Promise<void> {
  const codes = CODES.map((c) => c[0]);
  const kinds = CODES.map((c) => c[1]);
  const titles = CODES.map((c) => c[2]);
  const teamExpr = (g: string) =>
    `'team-' || lpad((1 + least(49, floor(50 * power(((${g}::bigint * 2654435761) % 4294967296) / 4294967296.0, 1.6))))::int::text, 2, '0')`;
  const caseFrom = Math.floor(from / 3);
  const caseTo = Math.ceil(to / 3);
  await db.query(
    `INSERT INTO cases (id, citizen_ref, team, birth_date, phase, next_due_on, overdue_count, projection_seq, version)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'fagsystem-' || g, ${teamExpr('g')},
            date '1965-01-01' + (g * 37 % 12000)::int, (ARRAY['PRE','LY','LY','JOB','JOB','JOB'])[1 + g % 6],
            current_date + (g % 90)::int, (g % 7 = 0)::int, 1, 1
     FROM generate_series($1::bigint, $2::bigint) g ON CONFLICT (id) DO NOTHING`,
    [caseFrom, caseTo - 1],
  );
  await db.query(
    `WITH s AS (
       SELECT t, t / 3 AS c, (t % 3)::int AS j, ((t * 2246822519) % 1000)::int AS h FROM generate_series($1::bigint, $2::bigint) t
     ), x AS (
       SELECT s.*, (s.c * 7 + s.j * 3) % 10 AS k,
         CASE WHEN h < 450 THEN 'open' WHEN h < 550 THEN 'overdue' WHEN h < 900 THEN 'met'
              WHEN h < 950 THEN 'met-late' WHEN h < 990 THEN 'cancelled' ELSE 'waived' END AS status
       FROM s)
     INSERT INTO tasks (case_id, team, obligation_code, occurrence, kind, status, title, rule_set, source, explanation,
                        started_on, nominal_due_on, due_on, remind_on, closed_on, assignee, projection_seq, version)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, ${teamExpr('c')},
            ($3::text[])[k + 1], j + 1, ($4::text[])[k + 1], status,
            ($5::text[])[k + 1] || ' ' || to_char(due, 'YYYY-MM-DD'), 'fleksjob-2024',
            'model target (001 L492–493, L1183)',
            '14 dage efter kontakt ' || to_char(due - 14, 'YYYY-MM-DD') || ' = ' || to_char(due, 'YYYY-MM-DD') ||
              CASE WHEN h % 9 = 0 THEN '; ' || to_char(due + 1, 'YYYY-MM-DD') || ' er lørdag → forfalder fredag ' || to_char(due, 'YYYY-MM-DD') ELSE '' END,
            due - 14, due, due, NULL,
            CASE WHEN status IN ('met', 'met-late', 'cancelled', 'waived') THEN due - (h % 5)::int END,
            CASE WHEN h % 3 = 0 THEN 'sagsbehandler-' || (c % 40) END, 1, 1
     FROM (SELECT x.*, CASE WHEN status = 'open' THEN current_date + (h % 120)::int
                            WHEN status = 'overdue' THEN current_date - 1 - (h % 60)::int
                            ELSE current_date - (h % 700)::int END AS due FROM x) y
     ON CONFLICT (case_id, obligation_code, occurrence) DO NOTHING`,
    [from, to - 1, codes, kinds, titles],
  );
  // One ly-jobtalk period per case (law-2026 O3) for the quota dashboard, L within ±200 days of today: settled ones
  // met 70 %, exempted 12 %, short 12 %, ended early 6 %; the open ones with 0-3 talks held.
  await db.query(
    `INSERT INTO case_jobtalk_periods (case_id, period_start, team, last_day, held_count, outcome, exempted_on,
                                       exemption_reason, ended_on, source, projection_seq)
     SELECT id, l - 182, team, l, CASE WHEN open THEN h % 4 WHEN h < 700 THEN 4 ELSE h % 4 END,
            CASE WHEN open THEN 'open' WHEN h < 700 THEN 'met' WHEN h < 820 THEN 'exempted' WHEN h < 940 THEN 'short'
                 ELSE 'ended-early' END,
            CASE WHEN NOT open AND h BETWEEN 700 AND 819 THEN l - 60 END,
            CASE WHEN NOT open AND h BETWEEN 700 AND 819 THEN 'selvhjulpen' END,
            CASE WHEN NOT open AND h >= 940 THEN l - 30 END,
            'LAB § 31, stk. 3, jf. § 9; lov nr. 1750/2025', 1
     FROM (SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid AS id, ${teamExpr('g')} AS team,
                  current_date + ((g * 7919) % 400 - 200)::int AS l, (g * 2246822519 % 1000)::int AS h,
                  (g * 7919) % 400 - 200 >= 0 AS open
           FROM generate_series($1::bigint, $2::bigint) g) p
     ON CONFLICT (case_id, period_start) DO NOTHING`,
    [caseFrom, caseTo - 1],
  );
  await db.query('ANALYZE cases');
  await db.query('ANALYZE tasks');
  await db.query('ANALYZE case_jobtalk_periods');
}

/** Asks the API process to record the SQL it sends while `fn` runs one request. */
export async function captureSql(api: ChildProcess, fn: () => Promise<void>): Promise<CapturedQuery[]> {
  const got = new Promise<CapturedQuery[]>((resolve) => {
    const onMessage = (m: { type?: string; queries?: CapturedQuery[] }) => {
      if (m?.type === 'captured') {
        api.off('message', onMessage);
        resolve(m.queries ?? []);
      }
    };
    api.on('message', onMessage);
  });
  api.send({ type: 'capture-start' });
  await new Promise((r) => setTimeout(r, 50));
  await fn();
  api.send({ type: 'capture-stop' });
  return (await got).filter((q) => !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SELECT 1)\b/i.test(q.text.trim()));
}

/** Team of a request: weighted by team size, like the caseworkers who ask. */
function teamPicker(seed: number, weights: Map<string, number>): () => string {
  const r = rng(seed);
  const entries = [...weights.entries()];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = r() * total;
    for (const [team, w] of entries) {
      x -= w;
      if (x <= 0) return team;
    }
    return entries[entries.length - 1][0];
  };
}

interface EndpointResult {
  api: LoopResult & { non2xx: number };
  raw: LoopResult;
  apiMax: LoopResult & { non2xx: number };
  rawMax: LoopResult;
  apiCores: number;
  apiCpuMsPerRequest: number;
  rawCpuMsPerQuery: number;
  machineBusyCores: number;
  queries: number;
  sql: string[];
  plans: string[];
}

async function benchEndpoint(
  ctx: ApiBenchContext,
  opts: {
    path: (team: string) => string;
    role: 'caseworker' | 'manager';
    teamsOf: (team: string) => string[];
    pickTeam: () => string;
    rate: number;
    seconds: number;
    throughput: boolean;
  },
): Promise<EndpointResult> {
  const probeTeam = opts.pickTeam();
  const header = async (team: string) => ctx.tokens.header(opts.role, opts.teamsOf(team));
  const probeAuth = await header(probeTeam);
  const queries = await captureSql(ctx.api.proc, async () => {
    const res = await fetch(`${ctx.apiUrl}${opts.path(probeTeam)}`, {
      headers: probeAuth ? { authorization: probeAuth } : {},
    });
    if (res.status !== 200) throw new Error(`GET ${opts.path(probeTeam)} → ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  });
  if (queries.length === 0) throw new Error(`no SQL captured for ${opts.path(probeTeam)}`);
  // The plan Postgres chose for the captured SQL (with the probe's values), kept in the JSON results.
  const plans: string[] = [];
  for (const q of queries) {
    const { rows } = await ctx.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  // Tokens for every team up front, so signing is not measured.
  const headers = new Map<string, string | undefined>();
  for (const t of TEAMS) headers.set(t, await header(t));
  let nextTeam = opts.pickTeam();
  const paths = () => {
    nextTeam = opts.pickTeam();
    return opts.path(nextTeam);
  };
  const reqHeaders = (): Record<string, string> => {
    const h = headers.get(nextTeam);
    return h ? { authorization: h } : {};
  };
  const rawOp = async () => {
    const team = opts.pickTeam();
    for (const q of queries) {
      const values = q.values.map((v: unknown): unknown =>
        v === probeTeam ? team : Array.isArray(v) ? v.map((x: unknown) => (x === probeTeam ? team : x)) : v,
      );
      await ctx.db.query(q.text, values);
    }
  };
  if (process.env.BENCH_DEBUG) console.log('[debug] captured', queries.length, 'queries; starting load');
  const machine = sampleMachine();
  const apiProc = sampleProcess(ctx.api.pid);
  // The API and the baseline on the same schedule: evenly spaced starts, at most `connections` in flight.
  const api = await pacedHttpLoad({
    url: ctx.apiUrl,
    paths,
    headers: reqHeaders,
    connections: ctx.connections,
    seconds: opts.seconds,
    rate: opts.rate,
  });
  const apiCores = apiProc.stop().cores;
  // CPU the benchmark process spends running the same SQL through pg: the client-side cost of the query alone.
  const cpu0 = process.cpuUsage();
  const raw = await fixedRateLoop({ rate: opts.rate, seconds: opts.seconds, connections: ctx.connections, op: rawOp });
  const rawCpu = process.cpuUsage(cpu0);
  let apiMax = api;
  let rawMax: LoopResult = raw;
  if (opts.throughput) {
    apiMax = await httpLoad({
      url: ctx.apiUrl,
      paths,
      headers: reqHeaders,
      connections: ctx.connections,
      seconds: ctx.throughputSeconds,
    });
    rawMax = await closedLoop({
      total: 1_000_000,
      concurrency: ctx.connections,
      maxSeconds: ctx.throughputSeconds,
      op: rawOp,
    });
  }
  return {
    api,
    raw,
    apiMax,
    rawMax,
    apiCores,
    apiCpuMsPerRequest: (apiCores * api.seconds * 1000) / Math.max(1, api.completed),
    rawCpuMsPerQuery: (rawCpu.user + rawCpu.system) / 1000 / Math.max(1, raw.completed),
    machineBusyCores: machine.stop().busyCores,
    queries: queries.length,
    sql: queries.map((q) => q.text),
    plans,
  };
}

/**
 * The dashboard endpoints, with the query the web UI sends besides the team (the quota panel asks for at most 100
 * rows). Each one has the goal p95 < 100 ms at 50 req/s; one that does not answer 200 is reported as not met.
 */
const DASHBOARDS = [
  { path: '/api/v1/dashboard/overdue', query: '' },
  { path: '/api/v1/dashboard/overdue/cases', query: '' },
  { path: '/api/v1/dashboard/on-time', query: '' },
  { path: '/api/v1/dashboard/forecast', query: '' },
  { path: '/api/v1/dashboard/passivity', query: '' },
  { path: '/api/v1/dashboard/jobtalk-quota', query: '&limit=100' },
] as const;

/** The status each dashboard endpoint answers a manager of `team` with. */
async function dashboardStatus(ctx: ApiBenchContext, team: string): Promise<Map<string, number>> {
  const auth = await ctx.tokens.header('manager', [team]);
  const status = new Map<string, number>();
  for (const d of DASHBOARDS) {
    const res = await fetch(`${ctx.apiUrl}${d.path}?team=${team}${d.query}`, {
      headers: auth ? { authorization: auth } : {},
    }).catch(() => undefined);
    status.set(d.path, res?.status ?? 0);
    await res?.arrayBuffer();
  }
  return status;
}

const scaleLabel = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export async function runApiBench(ctx: ApiBenchContext): Promise<void> {
  const { report } = ctx;
  let seeded = 0;
  for (const scale of ctx.scales) {
    const label = scaleLabel(scale);
    const t0 = Date.now();
    await seedTasks(ctx.db, seeded, scale);
    seeded = scale;
    const { rows: weights } = await ctx.db.query<{ team: string; n: string }>(
      `SELECT team, count(*)::text AS n FROM tasks GROUP BY team`,
    );
    await ctx.db.query('VACUUM ANALYZE tasks, cases');
    const { rows: size } = await ctx.db.query<{
      tasks: string;
      bytes: string;
      heap: string;
      indexes: string;
      inbox: string;
      cases: string;
    }>(
      `SELECT count(*)::text AS tasks, pg_total_relation_size('tasks')::text AS bytes,
              pg_table_size('tasks')::text AS heap, pg_indexes_size('tasks')::text AS indexes,
              pg_relation_size('ix_tasks_inbox')::text AS inbox, pg_total_relation_size('cases')::text AS cases
       FROM tasks`,
    );
    console.log(
      `[bench] api: ${size[0].tasks} tasks seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        `tasks table ${(Number(size[0].bytes) / 2 ** 20).toFixed(1)} MiB`,
    );
    const pick = teamPicker(scale, new Map(weights.map((w) => [w.team, Number(w.n)])));
    const last = scale === ctx.scales[ctx.scales.length - 1];
    const inbox = await benchEndpoint(ctx, {
      path: (team) => `/api/v1/tasks?team=${team}`,
      role: 'caseworker',
      teamsOf: (team) => [team],
      pickTeam: pick,
      rate: ctx.rate,
      seconds: ctx.seconds,
      throughput: true,
    });
    console.log(
      `[bench] api inbox @${label}: p95 ${inbox.api.latencyMs.p95.toFixed(1)} ms (raw ${inbox.raw.latencyMs.p95.toFixed(1)} ms), ` +
        `max ${inbox.apiMax.rate.toFixed(0)}/s (raw ${inbox.rawMax.rate.toFixed(0)}/s), non-2xx ${inbox.api.non2xx + inbox.apiMax.non2xx}`,
    );
    if (last) {
      report.add({
        section: 'api',
        measure: `inbox GET /api/v1/tasks?team=…, first page, p95 at ${ctx.rate} req/s, ${label} tasks / 50 teams`,
        unit: 'ms',
        frist: inbox.api.latencyMs.p95,
        baselineName: 'the same SQL through pg, same rate',
        baseline: inbox.raw.latencyMs.p95,
        higherIsBetter: false,
        goal: '≤ 5× pg and < 10 ms',
        met:
          inbox.api.latencyMs.p95 <= 5 * inbox.raw.latencyMs.p95 &&
          inbox.api.latencyMs.p95 < 10 &&
          inbox.api.non2xx === 0 &&
          inbox.api.errors === 0,
      });
      report.add({
        section: 'api',
        measure: `inbox throughput flat out (${ctx.connections} connections), ${label} tasks`,
        unit: '/s',
        frist: inbox.apiMax.rate,
        baselineName: 'the same SQL through pg, same concurrency',
        baseline: inbox.rawMax.rate,
        higherIsBetter: true,
        goal: '≥ 0.7× pg',
        met: inbox.apiMax.rate / inbox.rawMax.rate >= 0.7 && inbox.apiMax.non2xx === 0,
      });
      report.add({
        section: 'api',
        measure: `CPU per inbox request: API process at ${ctx.rate} req/s (${inbox.apiCores.toFixed(2)} cores)`,
        unit: 'ms',
        frist: inbox.apiCpuMsPerRequest,
        baselineName: 'pg client CPU per query, same SQL and rate',
        baseline: inbox.rawCpuMsPerQuery,
        higherIsBetter: false,
        goal: '≤ 1.5× pg',
        met: inbox.apiCpuMsPerRequest <= 1.5 * inbox.rawCpuMsPerQuery,
        note: `whole machine busy ${inbox.machineBusyCores.toFixed(2)} of 2 cores`,
      });
    }
    const grow = (measure: string, unit: string, f: number, b: number, baselineName: string) =>
      report.addGrowth({
        section: 'api',
        measure,
        unit,
        values: { [label]: f },
        baselineValues: { [label]: b },
        baselineName,
      });
    grow(`inbox p95 @${ctx.rate}/s`, 'ms', inbox.api.latencyMs.p95, inbox.raw.latencyMs.p95, 'same SQL via pg');
    grow(`inbox p99 @${ctx.rate}/s`, 'ms', inbox.api.latencyMs.p99, inbox.raw.latencyMs.p99, 'same SQL via pg');
    grow('inbox flat-out throughput', '/s', inbox.apiMax.rate, inbox.rawMax.rate, 'same SQL via pg');
    grow(
      `API CPU per inbox request @${ctx.rate}/s`,
      'ms',
      inbox.apiCpuMsPerRequest,
      inbox.rawCpuMsPerQuery,
      'pg client CPU per query',
    );
    const storage = (measure: string, unit: string, value: number) =>
      report.addGrowth({ section: 'api storage', measure, unit, values: { [label]: value } });
    const MiB = 2 ** 20;
    storage('tasks table incl. indexes', 'MiB', Number(size[0].bytes) / MiB);
    storage('of which heap (incl. TOAST)', 'MiB', Number(size[0].heap) / MiB);
    storage('of which indexes', 'MiB', Number(size[0].indexes) / MiB);
    storage('of which the inbox index (partial)', 'MiB', Number(size[0].inbox) / MiB);
    storage('cases table incl. indexes', 'MiB', Number(size[0].cases) / MiB);
    storage(
      'bytes per task (tasks + cases, all indexes)',
      'B',
      (Number(size[0].bytes) + Number(size[0].cases)) / scale,
    );
    report.details[`api_inbox_${label}`] = inbox;

    const status = await dashboardStatus(ctx, pick());
    for (const { path, query } of DASHBOARDS) {
      const name = path.replace('/api/v1/', '');
      const dashboardRate = Math.min(ctx.rate, 50);
      if (status.get(path) !== 200) {
        if (last)
          report.add({
            section: 'api',
            measure: `${name} p95 at ${dashboardRate} req/s, ${label} tasks`,
            unit: 'ms',
            frist: NaN,
            baselineName: 'the same SQL through pg',
            baseline: NaN,
            higherIsBetter: false,
            goal: '< 100 ms',
            met: false,
            note: `answered ${status.get(path)} instead of 200; not measured`,
          });
        continue;
      }
      const d = await benchEndpoint(ctx, {
        path: (team) => `${path}?team=${team}${query}`,
        role: 'manager',
        teamsOf: (team) => [team],
        pickTeam: pick,
        rate: dashboardRate,
        seconds: Math.max(3, ctx.seconds / 2.5),
        throughput: false,
      });
      console.log(
        `[bench] api ${name} @${label}: p95 ${d.api.latencyMs.p95.toFixed(1)} ms (raw ${d.raw.latencyMs.p95.toFixed(1)} ms)`,
      );
      if (last)
        report.add({
          section: 'api',
          measure: `${name} p95 at ${dashboardRate} req/s, ${label} tasks`,
          unit: 'ms',
          frist: d.api.latencyMs.p95,
          baselineName: 'the same SQL through pg',
          baseline: d.raw.latencyMs.p95,
          higherIsBetter: false,
          goal: '< 100 ms',
          met: d.api.latencyMs.p95 < 100 && d.api.non2xx === 0,
        });
      grow(`${name} p95`, 'ms', d.api.latencyMs.p95, d.raw.latencyMs.p95, 'same SQL via pg');
      report.details[`api_${name}_${label}`] = d;
    }
  }
}
