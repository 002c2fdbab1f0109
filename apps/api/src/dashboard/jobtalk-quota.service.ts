import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import {
  AT_RISK_CADENCE_DAYS,
  JOBTALKS_REQUIRED,
  QUOTA_EXEMPTED_MAX,
  quotaFigures,
  type QuotaCounts,
  type QuotaFigures,
} from '@frist/obligations';

/** Outcomes of a period as of today (law-2026 N1.7), and `at-risk` for the drill-down. */
export const PERIOD_OUTCOMES = ['met', 'exempted', 'short', 'ended-early', 'open'] as const;
export type PeriodOutcome = (typeof PERIOD_OUTCOMES)[number];

export interface QuarterQuota extends QuotaFigures {
  /** e.g. 2026-Q4 */
  quarter: string;
  /** The quarter's part of [from, to]. */
  from: string;
  to: string;
}

/** A period of a case, as the lists name it. */
interface PeriodOfCase {
  caseId: string;
  citizenRef: string;
  team: string;
  periodStart: string;
  lastDay: string;
  heldCount: number;
}

export interface AtRiskPeriod extends PeriodOfCase {
  /** Talks still needed to reach 4. */
  talksNeeded: number;
  daysLeft: number;
}

export interface JobtalkQuotaReport {
  today: string;
  from: string;
  to: string;
  teams: string[];
  /** The whole range [from, to] as one cohort. */
  total: QuotaFigures;
  quarters: QuarterQuota[];
  /** Open periods of the range that can no longer reach 4 talks at one talk every 28 days from today. */
  atRisk: AtRiskPeriod[];
  /** All at-risk periods of the range; `atRisk` holds at most `limit` of them. */
  atRiskTotal: number;
}

export interface QuotaPeriodRow extends PeriodOfCase {
  outcome: PeriodOutcome;
  atRisk: boolean;
  exemptedOn: string | null;
  exemptionReason: string | null;
  endedOn: string | null;
}

export interface ExemptionShareScope {
  exempted: number;
  denominator: number;
  exemptedShare: number | null;
  exemptedSharePercent: number | null;
  /** The share if one more open period of this cohort is exempted: (exempted + 1) / (denominator + 1). */
  withOneMoreShare: number;
  withOneMorePercent: number;
  /** exemptedShare > 0.25 (law-2026 O5 EXEMPTION_BUDGET_EXCEEDED); a warning, never a refusal. */
  exceeded: boolean;
  /** withOneMoreShare > 0.25. */
  wouldExceed: boolean;
}

export interface ExemptionShare {
  today: string;
  quarter: string;
  from: string;
  to: string;
  limit: number;
  team: ExemptionShareScope & { team: string };
  /** Every team of the read model: the legal level (only counts; no case of another team is named). */
  municipality: ExemptionShareScope;
}

/**
 * The outcome as of `$today`: exempted, met and ended-early are settled by events (which are never dated after the
 * day they are recorded); `open` turns `short` once L has passed, which the engine says only at the case's next
 * projection. Reading it from the date keeps the quota equal to periods[] computed today (law-2026 O5) without a
 * projection per period end.
 */
const OUTCOME = (today: string) =>
  `CASE WHEN p.outcome IN ('open', 'short') THEN CASE WHEN p.last_day < ${today}::date THEN 'short' ELSE 'open' END
        ELSE p.outcome END`;
/** O5 atRisk (`jobtalksAtRisk`): an open period needing more talks than one now and one every 28 days still fits. */
const AT_RISK = (today: string) =>
  // The bound on last_day is implied (even with no talk held, L − today < 28 × 3) and lets the index narrow the scan.
  `(p.last_day >= ${today}::date AND p.last_day < ${today}::date + ${AT_RISK_CADENCE_DAYS * (JOBTALKS_REQUIRED - 1)}
    AND p.outcome IN ('open', 'short')
    AND ${JOBTALKS_REQUIRED} - p.held_count > (p.last_day - ${today}::date) / ${AT_RISK_CADENCE_DAYS} + 1)`;
/** The count an outcome adds to. */
const COUNT_OF: Record<PeriodOutcome, keyof QuotaCounts> = {
  met: 'met',
  exempted: 'exempted',
  short: 'short',
  'ended-early': 'endedEarly',
  open: 'open',
};
const COUNTS = `count(*) FILTER (WHERE o.outcome = 'met')::int AS met,
  count(*) FILTER (WHERE o.outcome = 'exempted')::int AS exempted,
  count(*) FILTER (WHERE o.outcome = 'short')::int AS short,
  count(*) FILTER (WHERE o.outcome = 'ended-early')::int AS "endedEarly",
  count(*) FILTER (WHERE o.outcome = 'open')::int AS open`;

/** First day of the calendar quarter of an ISO date. */
export function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

/** Last day of the calendar quarter of an ISO date. */
export function quarterEnd(date: string): string {
  const start = quarterStart(date);
  const month = Number(start.slice(5, 7)) + 3;
  const next =
    month > 12 ? `${Number(start.slice(0, 4)) + 1}-01-01` : `${start.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
  return addDaysIso(next, -1);
}

export const quarterLabel = (date: string) =>
  `${date.slice(0, 4)}-Q${1 + Math.floor((Number(date.slice(5, 7)) - 1) / 3)}`;

const share = (n: number, d: number) => Math.round((n / d) * 1e6) / 1e6;
const percent = (n: number, d: number) => Math.round((n / d) * 1000) / 10;

/**
 * The job-talk quota of law-2026 O5 as SQL over case_jobtalk_periods (the projected periods[]), per calendar quarter
 * of the range, with the at-risk list and a drill-down to the periods. The figures and status come from the engine's
 * `quotaFigures`, so the dashboard and `computeJobtalkQuota` share one definition; "today" (the quota's asOf) is the
 * Copenhagen date of the injected clock. Labelled ledighedsydelse-andel in the UI: the legal 75 % pools dagpenge and
 * jobparate kontanthjælp, which frist does not see.
 */
@Injectable()
export class JobtalkQuotaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return copenhagenDate(this.clock.now().getTime());
  }

  /** Default range: the previous, the current and the next quarter (settled, running, and where open periods end). */
  defaultRange(today: string): { from: string; to: string } {
    return {
      from: quarterStart(addDaysIso(quarterStart(today), -1)),
      to: quarterEnd(addDaysIso(quarterEnd(today), 1)),
    };
  }

  async report(teams: string[], range: { from?: string; to?: string }, limit: number): Promise<JobtalkQuotaReport> {
    const today = this.today();
    const { from, to } = { ...this.defaultRange(today), ...stripUndefined(range) };
    const starts: string[] = [];
    for (let q = quarterStart(from); q <= to; q = addDaysIso(quarterEnd(q), 1)) starts.push(q);
    const [byQuarter, atRisk] = await Promise.all([
      // Grouped on the quarter's index among `starts` (width_bucket: a binary search) and the outcome, then counted
      // here: per-row to_char/date_trunc and five FILTERed counts were most of the query's time at 170k periods.
      this.dataSource.query<{ bucket: number; outcome: PeriodOutcome; n: number }[]>(
        `SELECT width_bucket(p.last_day, $5::date[]) AS bucket, ${OUTCOME('$4')} AS outcome, count(*)::int AS n
         FROM case_jobtalk_periods p
         WHERE p.team = ANY($1::text[]) AND p.last_day BETWEEN $2::date AND $3::date
         GROUP BY 1, 2`,
        [teams, from, to, today, starts],
      ),
      this.dataSource.query<(AtRiskPeriod & { total: number })[]>(
        `SELECT p.case_id AS "caseId", c.citizen_ref AS "citizenRef", p.team,
           to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.last_day, 'YYYY-MM-DD') AS "lastDay",
           p.held_count AS "heldCount", ${JOBTALKS_REQUIRED} - p.held_count AS "talksNeeded",
           (p.last_day - $4::date) AS "daysLeft", count(*) OVER ()::int AS total
         FROM case_jobtalk_periods p JOIN cases c ON c.id = p.case_id
         WHERE p.team = ANY($1::text[]) AND p.last_day BETWEEN $2::date AND $3::date AND ${AT_RISK('$4')}
         ORDER BY p.last_day, p.case_id
         LIMIT $5`,
        [teams, from, to, today, limit],
      ),
    ]);
    const counts = starts.map((): QuotaCounts => ({ met: 0, exempted: 0, short: 0, endedEarly: 0, open: 0 }));
    for (const r of byQuarter) counts[r.bucket - 1][COUNT_OF[r.outcome]] += r.n;
    const quarters: QuarterQuota[] = [];
    const sum: QuotaCounts = { met: 0, exempted: 0, short: 0, endedEarly: 0, open: 0 };
    starts.forEach((q, i) => {
      const c = counts[i];
      for (const k of Object.keys(sum) as (keyof QuotaCounts)[]) sum[k] += c[k];
      const end = quarterEnd(q);
      quarters.push({
        quarter: quarterLabel(q),
        from: q < from ? from : q,
        to: end > to ? to : end,
        ...quotaFigures(c),
      });
    });
    return {
      today,
      from,
      to,
      teams,
      total: quotaFigures(sum),
      quarters,
      atRisk: atRisk.map(({ total: _total, ...r }) => r),
      atRiskTotal: atRisk[0]?.total ?? 0,
    };
  }

  /** Drill-down: the periods of the range behind a figure (an outcome as of today, or the at-risk ones). */
  async periods(
    teams: string[],
    filter: { from?: string; to?: string; outcome?: PeriodOutcome | 'at-risk'; limit: number; offset: number },
  ): Promise<{ today: string; from: string; to: string; total: number; items: QuotaPeriodRow[] }> {
    const today = this.today();
    const { from, to } = { ...this.defaultRange(today), ...stripUndefined({ from: filter.from, to: filter.to }) };
    const params: unknown[] = [teams, from, to, today, filter.limit, filter.offset];
    let where = '';
    if (filter.outcome === 'at-risk') where = `AND ${AT_RISK('$4')}`;
    else if (filter.outcome) {
      params.push(filter.outcome);
      where = `AND ${OUTCOME('$4')} = $7`;
    }
    const rows = await this.dataSource.query<(QuotaPeriodRow & { total: number })[]>(
      `SELECT p.case_id AS "caseId", c.citizen_ref AS "citizenRef", p.team,
         to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.last_day, 'YYYY-MM-DD') AS "lastDay",
         p.held_count AS "heldCount", ${OUTCOME('$4')} AS outcome, ${AT_RISK('$4')} AS "atRisk",
         to_char(p.exempted_on, 'YYYY-MM-DD') AS "exemptedOn", p.exemption_reason AS "exemptionReason",
         to_char(p.ended_on, 'YYYY-MM-DD') AS "endedOn", count(*) OVER ()::int AS total
       FROM case_jobtalk_periods p JOIN cases c ON c.id = p.case_id
       WHERE p.team = ANY($1::text[]) AND p.last_day BETWEEN $2::date AND $3::date ${where}
       ORDER BY p.last_day, p.case_id
       LIMIT $5 OFFSET $6`,
      params,
    );
    return { today, from, to, total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...r }) => r) };
  }

  /**
   * What a caseworker sees when recording a job-talk exemption (O5 rules, PC9): the exempted share of the quarter
   * in which the exemption counts (the quarter of `on`, default today) for the case's team and for the whole
   * municipality, and whether it is above 25 % (a warning; the exemption is never refused).
   */
  async exemptionShare(team: string, on?: string): Promise<ExemptionShare> {
    const today = this.today();
    const day = on ?? today;
    const from = quarterStart(day);
    const to = quarterEnd(day);
    const rows = await this.dataSource.query<(QuotaCounts & { mine: boolean })[]>(
      `SELECT (o.team = $4) AS mine, ${COUNTS}
       FROM (SELECT p.team, ${OUTCOME('$3')} AS outcome FROM case_jobtalk_periods p
             WHERE p.last_day BETWEEN $1::date AND $2::date) o
       GROUP BY 1`,
      [from, to, today, team],
    );
    const mine = rows.find((r) => r.mine);
    const others = rows.find((r) => !r.mine);
    const scope = (c: QuotaCounts[]): ExemptionShareScope => {
      const f = quotaFigures({
        met: c.reduce((n, r) => n + r.met, 0),
        exempted: c.reduce((n, r) => n + r.exempted, 0),
        short: c.reduce((n, r) => n + r.short, 0),
        endedEarly: 0,
        open: 0,
      });
      const { exempted, denominator } = f;
      return {
        exempted,
        denominator,
        exemptedShare: f.exemptedShare,
        exemptedSharePercent: f.exemptedSharePercent,
        withOneMoreShare: share(exempted + 1, denominator + 1),
        withOneMorePercent: percent(exempted + 1, denominator + 1),
        exceeded: denominator > 0 && exempted / denominator > QUOTA_EXEMPTED_MAX,
        wouldExceed: (exempted + 1) / (denominator + 1) > QUOTA_EXEMPTED_MAX,
      };
    };
    return {
      today,
      quarter: quarterLabel(from),
      from,
      to,
      limit: QUOTA_EXEMPTED_MAX,
      team: { team, ...scope(mine ? [mine] : []) },
      municipality: scope([mine, others].filter((r): r is QuotaCounts & { mine: boolean } => r !== undefined)),
    };
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
