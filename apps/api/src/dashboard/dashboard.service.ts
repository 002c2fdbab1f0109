import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import type { AgingBucket } from './dtos/dashboard-query.dto';

/** The teams a request may see (a manager's teams, or one of them). */
export interface DashboardScope {
  teams: string[];
}

export interface Aging {
  '1-7': number;
  '8-30': number;
  '31+': number;
}

export interface OverdueGroup extends Aging {
  key: string | null;
  overdue: number;
}

export interface OverdueSummary {
  today: string;
  /** The daily overdue count: backfilled tasks (law-2026 M5) are counted in `review` instead, never in both. */
  total: number;
  /** Backfilled overdue tasks, waiting in the one-off review queue ("Gennemgang efter lovændring"). */
  review: number;
  aging: Aging;
  byTeam: OverdueGroup[];
  byCode: OverdueGroup[];
  /** `key` null: nobody has claimed the task. */
  byAssignee: OverdueGroup[];
}

export interface OnTimeRate {
  code: string;
  met: number;
  metLate: number;
  overdue: number;
  waived: number;
  /** met / (met + metLate + overdue); null when nothing fell due. Waived occurrences are excused, not counted. */
  onTimeRate: number | null;
  /** Median days from start to the meeting event, over met and met-late occurrences. */
  medianDaysToMeet: number | null;
}

export interface OnTimeReport {
  today: string;
  from: string;
  to: string;
  byCode: OnTimeRate[];
  contact: { lyCases: number; contactedWithin14Days: number; rate: number | null };
  followupSeries: { windowsClosed: number; withFourFollowups: number; excused: number; rate: number | null };
}

export interface Forecast {
  today: string;
  weeks: { weekStart: string; total: number; byCode: Record<string, number> }[];
  cohorts: { month: string; 'statutory-followup-30m': number; 'temporary-status-54m': number }[];
}

export interface PassiveCase {
  caseId: string;
  citizenRef: string;
  team: string;
  /** visitation | internship-ended | flexjob-ended: what the passive stretch counts from. */
  basis: string;
  passiveSince: string;
  daysPassive: number;
  rereviewDueOn: string | null;
}

export interface OverdueCase {
  caseId: string;
  citizenRef: string;
  team: string;
  phase: string;
  overdueTasks: number;
  oldestDueOn: string;
  maxDaysOverdue: number;
  codes: string[];
}

const MULTI_YEAR_CODES = ['statutory-followup-30m', 'temporary-status-54m'] as const;

// An occurrence is overdue when it is still open and its due date has passed by today's Copenhagen date, whatever
// status the last projection wrote: the dashboard then agrees with the clock even while a projection is pending.
const PAST_DUE = `t.status IN ('open', 'overdue') AND t.due_on < $2::date`;
/** The daily overdue list: backfilled occurrences go to the review queue instead (law-2026 M5). */
const OVERDUE = `${PAST_DUE} AND NOT t.backfilled`;
const BUCKET_SQL: Record<AgingBucket, string> = {
  '1-7': '$2::date - t.due_on BETWEEN 1 AND 7',
  '8-30': '$2::date - t.due_on BETWEEN 8 AND 30',
  '31+': '$2::date - t.due_on > 30',
};

/**
 * Managers' monitoring, computed in SQL on the read model (tasks, cases, case_events) with indexes; nothing is
 * aggregated in memory. "Today" is the Copenhagen date of the injected clock.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return copenhagenDate(this.clock.now().getTime());
  }

  async overdue(scope: DashboardScope): Promise<OverdueSummary> {
    const today = this.today();
    const rows: (Aging & {
      team: string | null;
      code: string | null;
      assignee: string | null;
      overdue: number;
      g: number;
    })[] = await this.dataSource.query(
      `SELECT t.team, t.obligation_code AS code, t.assignee, count(*)::int AS overdue,
           count(*) FILTER (WHERE ${BUCKET_SQL['1-7']})::int AS "1-7",
           count(*) FILTER (WHERE ${BUCKET_SQL['8-30']})::int AS "8-30",
           count(*) FILTER (WHERE ${BUCKET_SQL['31+']})::int AS "31+",
           GROUPING(t.team, t.obligation_code, t.assignee)::int AS g
         FROM tasks t
         WHERE t.team = ANY($1::text[]) AND ${OVERDUE}
         GROUP BY GROUPING SETS ((), (t.team), (t.obligation_code), (t.assignee))`,
      [scope.teams, today],
    );
    // GROUPING bits: team=4, code=2, assignee=1; a set shows which columns are rolled up.
    const group = (bits: number, key: (r: (typeof rows)[number]) => string | null): OverdueGroup[] =>
      rows
        .filter((r) => r.g === bits)
        .map((r) => ({ key: key(r), overdue: r.overdue, '1-7': r['1-7'], '8-30': r['8-30'], '31+': r['31+'] }))
        .sort((a, b) => b.overdue - a.overdue || String(a.key).localeCompare(String(b.key)));
    const total = rows.find((r) => r.g === 7);
    const [review] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM tasks t WHERE t.team = ANY($1::text[]) AND ${PAST_DUE} AND t.backfilled`,
      [scope.teams, today],
    );
    return {
      today,
      total: total?.overdue ?? 0,
      review: review?.n ?? 0,
      aging: { '1-7': total?.['1-7'] ?? 0, '8-30': total?.['8-30'] ?? 0, '31+': total?.['31+'] ?? 0 },
      byTeam: group(3, (r) => r.team),
      byCode: group(5, (r) => r.code),
      byAssignee: group(6, (r) => r.assignee),
    };
  }

  /** Drill-down: the cases behind an overdue count, worst first. */
  async overdueCases(
    scope: DashboardScope,
    filter: { code?: string; assignee?: string; bucket?: AgingBucket; limit: number },
  ): Promise<{ today: string; items: OverdueCase[] }> {
    const today = this.today();
    const params: unknown[] = [scope.teams, today];
    const where = [`t.team = ANY($1::text[])`, OVERDUE];
    if (filter.code) {
      params.push(filter.code);
      where.push(`t.obligation_code = $${params.length}`);
    }
    if (filter.assignee === 'unassigned') where.push('t.assignee IS NULL');
    else if (filter.assignee) {
      params.push(filter.assignee);
      where.push(`t.assignee = $${params.length}`);
    }
    if (filter.bucket) where.push(BUCKET_SQL[filter.bucket]);
    params.push(filter.limit);
    const items: OverdueCase[] = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.citizen_ref AS "citizenRef", c.team, c.phase, o.n AS "overdueTasks",
         to_char(o.oldest, 'YYYY-MM-DD') AS "oldestDueOn", ($2::date - o.oldest) AS "maxDaysOverdue", o.codes
       FROM (SELECT t.case_id, count(*)::int AS n, min(t.due_on) AS oldest,
               array_agg(DISTINCT t.obligation_code ORDER BY t.obligation_code) AS codes
             FROM tasks t WHERE ${where.join(' AND ')} GROUP BY t.case_id) o
       JOIN cases c ON c.id = o.case_id
       ORDER BY o.oldest, c.id
       LIMIT $${params.length}`,
      params,
    );
    return { today, items };
  }

  /**
   * On-time rates per obligation for the occurrences that fell due in [from, to] (to is capped at yesterday, since
   * an occurrence due today is not yet decided), classified by their outcome as of today. Cancelled ones are left
   * out; waived ones are excused.
   */
  async onTime(scope: DashboardScope, period: { from?: string; to?: string }): Promise<OnTimeReport> {
    const today = this.today();
    const yesterday = addDaysIso(today, -1);
    const to = period.to && period.to < yesterday ? period.to : yesterday;
    const from = period.from ?? addDaysIso(today, -365);
    const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 1000) / 1000 : null);

    const [byCode, contact, series] = await Promise.all([
      this.dataSource.query<Omit<OnTimeRate, 'onTimeRate'>[]>(
        `SELECT t.obligation_code AS code,
           count(*) FILTER (WHERE t.status = 'met')::int AS met,
           count(*) FILTER (WHERE t.status = 'met-late')::int AS "metLate",
           count(*) FILTER (WHERE t.status IN ('open', 'overdue'))::int AS overdue,
           count(*) FILTER (WHERE t.status = 'waived')::int AS waived,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY t.closed_on - t.started_on)
             FILTER (WHERE t.status IN ('met', 'met-late')) AS "medianDaysToMeet"
         FROM tasks t
         WHERE t.team = ANY($1::text[]) AND t.due_on BETWEEN $2::date AND $3::date
           AND t.status IN ('met', 'met-late', 'open', 'overdue', 'waived')
         GROUP BY t.obligation_code
         ORDER BY t.obligation_code`,
        [scope.teams, from, to],
      ),
      // Snapshot as of today: citizens on ledighedsydelse (phase LY) with a contact in the last 14 days, i.e. a
      // contact dated today − 14 or later (a contact 14 days ago is still within the duty).
      this.dataSource.query<{ lyCases: number; contactedWithin14Days: number }[]>(
        `SELECT count(*)::int AS "lyCases",
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM case_events e
             WHERE e.case_id = c.id AND e.type = 'CONTACT_HELD' AND e.retracted_at IS NULL
               AND e.event_date BETWEEN $2::date - 14 AND $2::date))::int AS "contactedWithin14Days"
         FROM cases c WHERE c.team = ANY($1::text[]) AND c.phase = 'LY'`,
        [scope.teams, today],
      ),
      // One follow-up series per fleksjob start S: its window is [S, S + 6 months] (Postgres month arithmetic
      // clamps to the month's end, as B2 does). A series counts once its window closed in the period; a series whose
      // job ended inside the window (a cancelled follow-up) is left out, one with a waived follow-up is excused.
      this.dataSource.query<{ windowsClosed: number; withFourFollowups: number; excused: number }[]>(
        `WITH starts AS (
           SELECT e.case_id, e.event_date AS s, (e.event_date + interval '6 months')::date AS cap,
                  lead(e.event_date) OVER (PARTITION BY e.case_id ORDER BY e.event_date, e.id) AS next_s
           FROM case_events e JOIN cases c ON c.id = e.case_id
           WHERE c.team = ANY($1::text[]) AND e.type = 'FLEXJOB_STARTED' AND e.retracted_at IS NULL
             -- Only starts whose window can close in the period; a later start (lead) matters only inside it.
             AND e.event_date BETWEEN ($2::date - interval '7 months')::date AND $3::date
         ), windows AS (
           SELECT s.case_id, s.s,
             count(t.id) FILTER (WHERE t.status IN ('met', 'met-late') AND t.closed_on <= s.cap) AS held,
             bool_or(t.status = 'cancelled') AS ended,
             bool_or(t.status = 'waived') AS waived
           FROM starts s
           LEFT JOIN tasks t ON t.case_id = s.case_id AND t.obligation_code = 'flexjob-followups'
             AND t.started_on >= s.s AND (s.next_s IS NULL OR t.started_on < s.next_s)
           WHERE s.cap BETWEEN $2::date AND $3::date
           GROUP BY s.case_id, s.s
         )
         SELECT count(*) FILTER (WHERE NOT coalesce(ended, false) AND NOT coalesce(waived, false))::int AS "windowsClosed",
                count(*) FILTER (WHERE NOT coalesce(ended, false) AND NOT coalesce(waived, false) AND held >= 4)::int
                  AS "withFourFollowups",
                count(*) FILTER (WHERE NOT coalesce(ended, false) AND coalesce(waived, false))::int AS excused
         FROM windows`,
        [scope.teams, from, to],
      ),
    ]);
    const c = contact[0] ?? { lyCases: 0, contactedWithin14Days: 0 };
    const s = series[0] ?? { windowsClosed: 0, withFourFollowups: 0, excused: 0 };
    return {
      today,
      from,
      to,
      byCode: byCode.map((r) => ({
        ...r,
        medianDaysToMeet: r.medianDaysToMeet === null ? null : Number(r.medianDaysToMeet),
        onTimeRate: rate(r.met, r.met + r.metLate + r.overdue),
      })),
      contact: { ...c, rate: rate(c.contactedWithin14Days, c.lyCases) },
      followupSeries: { ...s, rate: rate(s.withFourFollowups, s.windowsClosed) },
    };
  }

  /**
   * Workload ahead: open occurrences by the ISO week (Monday) they fall due, for this and the next 25 weeks, and the
   * multi-year cohorts by month for this and the next 23 months. Only occurrences that exist today are counted; a
   * recurring duty's successor appears when its predecessor is met, so far weeks undercount contact-14d.
   */
  async forecast(scope: DashboardScope): Promise<Forecast> {
    const today = this.today();
    const [weeks, cohorts] = await Promise.all([
      this.dataSource.query<Forecast['weeks']>(
        `WITH w AS (
           SELECT generate_series(date_trunc('week', $2::date), date_trunc('week', $2::date) + interval '25 weeks',
                                  interval '1 week')::date AS week_start
         ), counts AS (
           SELECT date_trunc('week', t.due_on)::date AS week_start, t.obligation_code AS code, count(*)::int AS n
           FROM tasks t
           WHERE t.team = ANY($1::text[]) AND t.status = 'open' AND t.due_on >= $2::date
             AND t.due_on < date_trunc('week', $2::date) + interval '26 weeks'
           GROUP BY 1, 2
         )
         SELECT to_char(w.week_start, 'YYYY-MM-DD') AS "weekStart", coalesce(sum(c.n), 0)::int AS total,
                coalesce(jsonb_object_agg(c.code, c.n) FILTER (WHERE c.code IS NOT NULL), '{}'::jsonb) AS "byCode"
         FROM w LEFT JOIN counts c USING (week_start)
         GROUP BY w.week_start ORDER BY w.week_start`,
        [scope.teams, today],
      ),
      this.dataSource.query<Forecast['cohorts']>(
        `WITH m AS (
           SELECT generate_series(date_trunc('month', $2::date), date_trunc('month', $2::date) + interval '23 months',
                                  interval '1 month')::date AS month
         ), counts AS (
           SELECT date_trunc('month', t.due_on)::date AS month, t.obligation_code AS code, count(*)::int AS n
           FROM tasks t
           WHERE t.team = ANY($1::text[]) AND t.obligation_code = ANY($3::text[]) AND t.status = 'open'
             AND t.due_on >= $2::date AND t.due_on < date_trunc('month', $2::date) + interval '24 months'
           GROUP BY 1, 2
         )
         SELECT to_char(m.month, 'YYYY-MM') AS month,
                coalesce(sum(c.n) FILTER (WHERE c.code = $4), 0)::int AS "statutory-followup-30m",
                coalesce(sum(c.n) FILTER (WHERE c.code = $5), 0)::int AS "temporary-status-54m"
         FROM m LEFT JOIN counts c USING (month)
         GROUP BY m.month ORDER BY m.month`,
        [scope.teams, today, MULTI_YEAR_CODES, ...MULTI_YEAR_CODES],
      ),
    ]);
    return { today, weeks, cohorts };
  }

  /**
   * Citizens on ledighedsydelse (phase LY, not in an internship) by days since their last internship or fleksjob
   * ended, or since visitation if neither happened after it; from the timeline in case_events.
   */
  async passivity(
    scope: DashboardScope,
    q: { minDays: number; limit: number },
  ): Promise<{ today: string; items: PassiveCase[] }> {
    const today = this.today();
    // Same-date order (C2): endings run before visitation, which runs before starts; the last event decides.
    const items: PassiveCase[] = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.citizen_ref AS "citizenRef", c.team,
         CASE a.type WHEN 'VISITATION_DECIDED' THEN 'visitation' WHEN 'INTERNSHIP_ENDED' THEN 'internship-ended'
                     ELSE 'flexjob-ended' END AS basis,
         to_char(a.event_date, 'YYYY-MM-DD') AS "passiveSince", ($2::date - a.event_date) AS "daysPassive",
         (SELECT to_char(min(t.due_on), 'YYYY-MM-DD') FROM tasks t
           WHERE t.case_id = c.id AND t.obligation_code = 'passivity-rereview' AND t.status IN ('open', 'overdue'))
           AS "rereviewDueOn"
       FROM cases c
       CROSS JOIN LATERAL (
         SELECT e.type, e.event_date FROM case_events e
         WHERE e.case_id = c.id AND e.retracted_at IS NULL AND e.event_date <= $2::date
           AND e.type IN ('VISITATION_DECIDED', 'INTERNSHIP_STARTED', 'INTERNSHIP_ENDED', 'FLEXJOB_STARTED', 'FLEXJOB_ENDED')
         ORDER BY e.event_date DESC,
           CASE e.type WHEN 'INTERNSHIP_STARTED' THEN 3 WHEN 'FLEXJOB_STARTED' THEN 3 WHEN 'VISITATION_DECIDED' THEN 2 ELSE 1 END DESC,
           e.id DESC
         LIMIT 1) a
       WHERE c.team = ANY($1::text[]) AND c.phase = 'LY'
         AND a.type IN ('VISITATION_DECIDED', 'INTERNSHIP_ENDED', 'FLEXJOB_ENDED')
         AND $2::date - a.event_date >= $3
       ORDER BY a.event_date, c.id
       LIMIT $4`,
      [scope.teams, today, q.minDays, q.limit],
    );
    return { today, items };
  }
}
