import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { TrialCatalogue } from '@frist/activities';
import { type TrialProgramme } from '@frist/obligations';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { DashboardScope } from './dashboard.service';

type Arm = 'participant' | 'control';

export interface OccurrenceCounts {
  planned: number;
  held: number;
  onTime: number;
  waived: number;
  heldRate: number | null;
  onTimeRate: number | null;
}

export interface ArmKpis {
  arm: Arm;
  /** null: every case type of the arm. */
  caseType: string | null;
  enrolled: number;
  active: number;
  caseWeeks: number;
  outcomes: Record<string, number>;
  exemptions: {
    exempted: number;
    rate: number | null;
    byReason: { code: string; count: number; rate: number | null }[];
    byVersion: { version: string; count: number }[];
  };
  weeklyContacts: OccurrenceCounts | null;
  statutory: OccurrenceCounts & { byCode: (OccurrenceCounts & { code: string })[] };
  conversations: { held: number; perCaseWeek: number | null };
  activity: {
    hours: number;
    labHours: number;
    preventiveHours: number;
    hoursPerCaseWeek: number | null;
    casesWithHours: number;
    shareWithHours: number | null;
    windows: {
      met: number;
      missed: number;
      shareMet: number | null;
      registeredHours: number;
      avgHoursPerWindow: number | null;
      targetHours: number | null;
    } | null;
  };
}

export interface ExemptionGap {
  participantRate: number | null;
  controlRate: number | null;
  difference: number | null;
  ratio: number | null;
  z: number | null;
  flag: 'none' | 'watch' | 'significant';
}

export interface TrialKpiReport {
  today: string;
  programme: {
    id: string;
    name: string;
    arms: string[];
    periodMonths: number;
    enrolmentWindow: { from: string; to: string };
    versions: { id: string; effectiveFrom: string }[];
    reasonCodes: { code: string; meaning: string; effectiveFrom: string }[];
  };
  arms: ArmKpis[];
  byCaseType: ArmKpis[];
  exemptionGap: ExemptionGap;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (num: number, den: number) => (den > 0 ? round(num / den) : null);

/**
 * The enrolments in scope and each one's KPI window [T, min(L, endedOn − 1, today)] (trials spec U6). A control
 * enrolment's period end changes no task, so its row may still say `active` after L; the window uses L anyway.
 */
const ENROLMENTS = `e AS (
  SELECT ce.case_id, ce.arm, c.case_type, ce.assigned_on AS t, ce.last_day_on, ce.status, ce.outcome, ce.ended_on,
         ce.exemption_reason,
         LEAST(ce.last_day_on, coalesce(ce.ended_on - 1, ce.last_day_on), $3::date) AS w_end
  FROM case_enrolments ce JOIN cases c ON c.id = ce.case_id
  WHERE ce.program = $2 AND ce.team = ANY($1::text[]) AND ce.assigned_on <= $3::date
    AND ($4::text IS NULL OR ce.version = $4)
)`;

// An occurrence counts as planned when it fell due in the window and was met (on time or late), is overdue by
// today's date, or was cancelled after its due date (K3: e.g. at the period end); waived ones are excused.
const PLANNED = `(t.status IN ('met', 'met-late') OR (t.status IN ('open', 'overdue') AND t.due_on < $3::date)
  OR (t.status = 'cancelled' AND t.closed_on > t.due_on))`;

interface Group {
  arm: Arm;
  caseType: string;
}

/**
 * KPIs per arm of a trial programme (trials-and-sygedagpenge.md U6, K1–K8) for the managers' dashboard: SQL over
 * case_enrolments joined to the case's tasks (by ix_tasks_case) and events (by ix_case_events_case_type_date), so the
 * cost follows the number of enrolments, not the size of the task table. Queries group by arm and case type; the
 * few group rows are rolled up per arm here.
 */
@Injectable()
export class TrialKpiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly catalogue: TrialCatalogue,
  ) {}

  async kpis(scope: DashboardScope, q: { programme: string; version?: string }): Promise<TrialKpiReport> {
    const programme = this.catalogue.find(q.programme);
    if (!programme) throw new DomainError(ErrorCode.ProgrammeNotFound, `No trial programme ${q.programme}`);
    if (q.version && !programme.versions.some((v) => v.id === q.version))
      throw new DomainError(ErrorCode.ValidationFailed, `Programme ${programme.id} has no version ${q.version}`, [
        { field: 'version', message: `must be one of ${programme.versions.map((v) => v.id).join(', ')}` },
      ]);
    const today = copenhagenDate(this.clock.now().getTime());
    const params = [scope.teams, programme.id, today, q.version ?? null];

    const [enrolled, exemptions, occurrences, events] = await Promise.all([
      this.dataSource.query<(Group & { enrolled: number; active: number; caseDays: number; outcome: string })[]>(
        `WITH ${ENROLMENTS}
         SELECT arm, case_type AS "caseType",
           CASE WHEN status = 'active' AND last_day_on >= $3::date THEN 'active'
                ELSE coalesce(outcome, CASE WHEN status = 'active' THEN 'period-ended' ELSE status END) END AS outcome,
           count(*)::int AS enrolled,
           count(*) FILTER (WHERE status = 'active' AND last_day_on >= $3::date)::int AS active,
           coalesce(sum(GREATEST(w_end - t + 1, 0)), 0)::int AS "caseDays"
         FROM e GROUP BY 1, 2, 3`,
        params,
      ),
      // The version in force on the exemption date (K2): the last one effective by then, else the first.
      this.dataSource.query<(Group & { code: string; version: string; count: number })[]>(
        `WITH ${ENROLMENTS}
         SELECT e.arm, e.case_type AS "caseType", e.exemption_reason AS code,
           coalesce((SELECT v.id FROM unnest($5::text[], $6::date[]) AS v(id, f) WHERE v.f <= e.ended_on
                     ORDER BY v.f DESC LIMIT 1), ($5::text[])[1]) AS version,
           count(*)::int AS count
         FROM e WHERE e.status = 'exempted' GROUP BY 1, 2, 3, 4`,
        [...params, programme.versions.map((v) => v.id), programme.versions.map((v) => v.effectiveFrom)],
      ),
      this.dataSource.query<(Group & OccurrenceRow)[]>(
        `WITH ${ENROLMENTS}
         SELECT e.arm, e.case_type AS "caseType",
           CASE WHEN t.program IS NULL THEN 'statutory' WHEN t.target_hours IS NULL THEN 'contact' ELSE 'volume' END
             AS family,
           t.obligation_code AS code,
           count(*) FILTER (WHERE ${PLANNED})::int AS planned,
           count(*) FILTER (WHERE t.status IN ('met', 'met-late'))::int AS held,
           count(*) FILTER (WHERE t.status = 'met')::int AS "onTime",
           count(*) FILTER (WHERE t.status = 'waived')::int AS waived,
           count(*) FILTER (WHERE t.status = 'met')::int AS met,
           count(*) FILTER (WHERE t.status = 'missed')::int AS missed,
           coalesce(sum(t.registered_hours) FILTER (WHERE t.status IN ('met', 'missed')), 0)::float8 AS "windowHours",
           max(t.target_hours)::float8 AS "targetHours"
         FROM e JOIN tasks t ON t.case_id = e.case_id
         WHERE t.due_on BETWEEN e.t AND e.w_end
           AND (t.program = $2 OR (t.program IS NULL AND t.kind = 'legal'))
         GROUP BY 1, 2, 3, 4`,
        params,
      ),
      this.dataSource.query<
        (Group & { conversations: number; hours: number; labHours: number; casesWithHours: number })[]
      >(
        `WITH ${ENROLMENTS}
         SELECT e.arm, e.case_type AS "caseType",
           count(*) FILTER (WHERE ev.type <> 'ACTIVE_OFFER_HOURS_REGISTERED')::int AS conversations,
           coalesce(sum((ev.fields->>'hours')::numeric) FILTER (WHERE ev.type = 'ACTIVE_OFFER_HOURS_REGISTERED'), 0)
             ::float8 AS hours,
           coalesce(sum((ev.fields->>'hours')::numeric)
             FILTER (WHERE ev.type = 'ACTIVE_OFFER_HOURS_REGISTERED' AND ev.fields->>'offerType' = 'lab'), 0)
             ::float8 AS "labHours",
           count(DISTINCT e.case_id)
             FILTER (WHERE ev.type = 'ACTIVE_OFFER_HOURS_REGISTERED' AND (ev.fields->>'hours')::numeric > 0)::int
             AS "casesWithHours"
         FROM e JOIN case_events ev ON ev.case_id = e.case_id
           AND ev.type IN ('CONTACT_HELD', 'SICKNESS_FOLLOWUP_HELD', 'ACTIVE_OFFER_HOURS_REGISTERED')
           AND ev.event_date BETWEEN e.t AND e.w_end AND ev.retracted_at IS NULL
         GROUP BY 1, 2`,
        params,
      ),
    ]);

    const arms = programme.arms as readonly Arm[];
    const caseTypes = Object.keys(programme.caseTypes).sort();
    const build = (arm: Arm, caseType: string | null): ArmKpis => {
      const mine = <T extends Group>(rows: T[]) =>
        rows.filter((r) => r.arm === arm && (caseType === null || r.caseType === caseType));
      return assemble(programme, arm, caseType, {
        enrolled: mine(enrolled),
        exemptions: mine(exemptions),
        occurrences: mine(occurrences),
        events: mine(events),
      });
    };
    const perArm = arms.map((arm) => build(arm, null));
    return {
      today,
      programme: {
        id: programme.id,
        name: programme.name,
        arms: [...programme.arms],
        periodMonths: programme.periodMonths,
        enrolmentWindow: { ...programme.enrolmentWindow },
        versions: programme.versions.map((v) => ({ id: v.id, effectiveFrom: v.effectiveFrom })),
        reasonCodes: programme.reasonCodes.map((r) => ({ ...r })),
      },
      arms: perArm,
      byCaseType: arms.flatMap((arm) => caseTypes.map((ct) => build(arm, ct))),
      exemptionGap: exemptionGap(
        perArm.find((a) => a.arm === 'participant'),
        perArm.find((a) => a.arm === 'control'),
      ),
    };
  }
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((acc, r) => acc + f(r), 0);

function counts(rows: { planned: number; held: number; onTime: number; waived: number }[]): OccurrenceCounts {
  const planned = sum(rows, (r) => r.planned);
  const held = sum(rows, (r) => r.held);
  const onTime = sum(rows, (r) => r.onTime);
  return {
    planned,
    held,
    onTime,
    waived: sum(rows, (r) => r.waived),
    heldRate: ratio(held, planned),
    onTimeRate: ratio(onTime, planned),
  };
}

/** One obligation code's counts within an arm (and case type), as the occurrence query returns them. */
interface OccurrenceRow {
  family: 'contact' | 'volume' | 'statutory';
  code: string;
  planned: number;
  held: number;
  onTime: number;
  waived: number;
  met: number;
  missed: number;
  windowHours: number;
  targetHours: number | null;
}

function assemble(
  programme: TrialProgramme,
  arm: Arm,
  caseType: string | null,
  rows: {
    enrolled: { enrolled: number; active: number; caseDays: number; outcome: string }[];
    exemptions: { code: string; version: string; count: number }[];
    occurrences: OccurrenceRow[];
    events: { conversations: number; hours: number; labHours: number; casesWithHours: number }[];
  },
): ArmKpis {
  const enrolled = sum(rows.enrolled, (r) => r.enrolled);
  const caseWeeks = sum(rows.enrolled, (r) => r.caseDays) / 7;
  const outcomes: Record<string, number> = {};
  for (const r of rows.enrolled) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + r.enrolled;
  const exempted = sum(rows.exemptions, (r) => r.count);
  const byReason = programme.reasonCodes
    .map((rc) => {
      const count = sum(
        rows.exemptions.filter((r) => r.code === rc.code),
        (r) => r.count,
      );
      return { code: rc.code, count, rate: ratio(count, enrolled) };
    })
    .filter((r) => r.count > 0);
  const byVersion = programme.versions
    .map((v) => ({
      version: v.id,
      count: sum(
        rows.exemptions.filter((r) => r.version === v.id),
        (r) => r.count,
      ),
    }))
    .filter((r) => r.count > 0);

  const statutoryRows = rows.occurrences.filter((r) => r.family === 'statutory');
  const codes = [...new Set(statutoryRows.map((r) => r.code))].sort();
  const contactRows = rows.occurrences.filter((r) => r.family === 'contact');
  const volumeRows = rows.occurrences.filter((r) => r.family === 'volume');
  const participant = arm === 'participant';
  const met = sum(volumeRows, (r) => r.met);
  const missed = sum(volumeRows, (r) => r.missed);
  const windowHours = sum(volumeRows, (r) => r.windowHours);
  const targets = volumeRows.map((r) => r.targetHours).filter((t): t is number => t !== null);

  const conversations = sum(rows.events, (r) => r.conversations);
  const hours = round(
    sum(rows.events, (r) => r.hours),
    2,
  );
  const labHours = round(
    sum(rows.events, (r) => r.labHours),
    2,
  );
  const casesWithHours = sum(rows.events, (r) => r.casesWithHours);
  return {
    arm,
    caseType,
    enrolled,
    active: sum(rows.enrolled, (r) => r.active),
    caseWeeks: round(caseWeeks, 2),
    outcomes,
    exemptions: { exempted, rate: ratio(exempted, enrolled), byReason, byVersion },
    weeklyContacts: participant ? counts(contactRows) : null,
    statutory: {
      ...counts(statutoryRows),
      byCode: codes.map((code) => ({ code, ...counts(statutoryRows.filter((r) => r.code === code)) })),
    },
    conversations: { held: conversations, perCaseWeek: caseWeeks > 0 ? round(conversations / caseWeeks, 2) : null },
    activity: {
      hours,
      labHours,
      preventiveHours: round(hours - labHours, 2),
      hoursPerCaseWeek: caseWeeks > 0 ? round(hours / caseWeeks, 2) : null,
      casesWithHours,
      shareWithHours: ratio(casesWithHours, enrolled),
      windows: participant
        ? {
            met,
            missed,
            shareMet: ratio(met, met + missed),
            registeredHours: round(windowHours, 2),
            avgHoursPerWindow: met + missed > 0 ? round(windowHours / (met + missed), 2) : null,
            targetHours: targets.length ? Math.max(...targets) : null,
          }
        : null,
    },
  };
}

/**
 * K2's arm gap: the exemption rates side by side, their difference and ratio, and a two-proportion z statistic.
 * `significant` when |z| ≥ 1.96 (5 % level); `watch` when the difference is at least 5 points and one rate is at
 * least 1.5 times the other (or the other is 0), which small municipalities reach long before significance.
 */
export function exemptionGap(participant: ArmKpis | undefined, control: ArmKpis | undefined): ExemptionGap {
  const n1 = participant?.enrolled ?? 0;
  const n2 = control?.enrolled ?? 0;
  const x1 = participant?.exemptions.exempted ?? 0;
  const x2 = control?.exemptions.exempted ?? 0;
  if (n1 === 0 || n2 === 0)
    return {
      participantRate: ratio(x1, n1),
      controlRate: ratio(x2, n2),
      difference: null,
      ratio: null,
      z: null,
      flag: 'none',
    };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (p1 - p2) / se : null;
  const lo = Math.min(p1, p2);
  const hi = Math.max(p1, p2);
  const flag =
    z !== null && Math.abs(z) >= 1.96
      ? 'significant'
      : hi - lo >= 0.05 && (lo === 0 || hi / lo >= 1.5)
        ? 'watch'
        : 'none';
  return {
    participantRate: round(p1),
    controlRate: round(p2),
    difference: round(p1 - p2),
    ratio: p2 > 0 ? round(p1 / p2) : null,
    z: z === null ? null : round(z, 2),
    flag,
  };
}
