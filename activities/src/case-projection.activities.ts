import { Injectable, Optional } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@frist/config';
import {
  CaseFailure,
  type AuditAction,
  type CaseActivities,
  type CaseSnapshot,
  type PolicyChangeCause,
  type ProjectCaseInput,
} from '@frist/contracts';
import { programmeVersionOn, type Occurrence } from '@frist/obligations';
import { TrialCatalogue } from './programme-files';
import { insertTaskChanges } from '@frist/persistence';

/** A task row one projection created or changed, as it wrote it to the task_changes outbox. */
export interface ProjectedTaskChange {
  code: string;
  change: 'created' | 'updated';
  status: string;
}
export type TaskChangeObserver = (changes: ProjectedTaskChange[]) => void;

const TASK_COLUMNS = [
  'case_id',
  'team',
  'obligation_code',
  'occurrence',
  'kind',
  'status',
  'title',
  'rule_set',
  'program',
  'target_hours',
  'registered_hours',
  'source',
  'explanation',
  'started_on',
  'nominal_due_on',
  'due_on',
  'remind_on',
  'closed_on',
  'backfilled',
  'legal_basis',
  'projection_seq',
  'version',
] as const;

/**
 * Makes the read model match one workflow projection. Idempotent and ordered by `seq`: a retried or late activity
 * never overwrites a newer projection, so every task is projected exactly once per change.
 */
@Injectable()
export class CaseProjectionActivities implements Pick<CaseActivities, 'projectCase'> {
  private taskChangeObserver?: TaskChangeObserver;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    /** Names the programme version of an enrolment; the worker's catalogue includes its adopted programmes. */
    @Optional() private readonly catalogue: TrialCatalogue = new TrialCatalogue(),
  ) {}

  /**
   * Called after each projection commits with the task rows it created or changed (what it wrote to the outbox),
   * e.g. by the worker's task counters: they learn it from the statement itself, with no query of their own.
   */
  observeTaskChanges(observer: TaskChangeObserver): void {
    this.taskChangeObserver = observer;
  }

  async projectCase(input: ProjectCaseInput): Promise<void> {
    let changed: ProjectedTaskChange[];
    try {
      changed = await this.project(input);
    } catch (err) {
      throw refusedProjection(err) ?? err;
    }
    if (changed.length) this.taskChangeObserver?.(changed);
  }

  private async project(input: ProjectCaseInput): Promise<ProjectedTaskChange[]> {
    return this.dataSource.transaction(async (em) => {
      const applied = await this.upsertCase(em, input, '<');
      if (!applied) return []; // a newer projection is already in place
      await this.appendEvents(em, input);
      await this.markRetractions(em, input);
      for (const a of input.audit)
        await this.audit(
          em,
          input.facts.caseId,
          a.actor ?? null,
          a.action,
          a.details,
          `${input.facts.caseId}:${a.key}`,
          new Date(a.at),
        );
      const changed = await this.upsertTasks(em, input, '<');
      await this.upsertEnrolments(em, input);
      await this.upsertPeriods(em, input);
      return changed;
    });
  }

  /**
   * Makes one case's read model equal a workflow snapshot (the `reproject` command): like a projection at the
   * snapshot's sequence, but it also repairs rows when the sequence is unchanged. A newer live projection wins.
   */
  async rebuildCase(s: CaseSnapshot & { obligations: Occurrence[] }): Promise<'rebuilt' | 'newer-in-read-model'> {
    return this.dataSource.transaction(async (em) => {
      const input: ProjectCaseInput = {
        seq: s.projectionSeq,
        facts: s.facts,
        phase: s.phase,
        asOf: s.asOf,
        newEvents: [],
        retractedEvents: [],
        audit: [],
        occurrences: s.obligations,
        ...(s.enrolments ? { enrolments: s.enrolments } : {}),
        ...(s.periods ? { periods: s.periods } : {}),
        nextDueOn: s.nextDueOn,
        overdueCount: s.obligations.filter((o) => o.status === 'overdue').length,
        closedOn: s.closedOn,
      };
      if (!(await this.upsertCase(em, input, '<='))) return 'newer-in-read-model';
      await this.upsertTasks(em, input, '<=');
      await this.upsertEnrolments(em, input);
      await this.upsertPeriods(em, input);
      return 'rebuilt';
    });
  }

  private async upsertCase(em: EntityManager, p: ProjectCaseInput, newer: '<' | '<='): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO cases (id, citizen_ref, team, birth_date, phase, next_due_on, overdue_count, closed_on, projection_seq, version, case_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)
       ON CONFLICT (id) DO UPDATE SET team = EXCLUDED.team, phase = EXCLUDED.phase, next_due_on = EXCLUDED.next_due_on,
         overdue_count = EXCLUDED.overdue_count, closed_on = EXCLUDED.closed_on, projection_seq = EXCLUDED.projection_seq,
         updated_at = now(), version = cases.version + 1
       WHERE cases.projection_seq ${newer} EXCLUDED.projection_seq
       RETURNING id`,
      [
        p.facts.caseId,
        p.facts.citizenRef,
        p.facts.team,
        p.facts.birthDate ?? null,
        p.phase,
        p.nextDueOn,
        p.overdueCount,
        p.closedOn,
        p.seq,
        p.facts.caseType ?? 'fleksjob',
      ],
    );
    return rows.length === 1;
  }

  /**
   * The new events and their EVENT_RECORDED audit entries, as multi-row INSERTs: a case imported with a five-year
   * history brings a hundred or more events at once, and one round trip per row held the transaction (and a pooled
   * connection) for most of the projection.
   */
  private async appendEvents(em: EntityManager, p: ProjectCaseInput): Promise<void> {
    const caseId = p.facts.caseId;
    for (let from = 0; from < p.newEvents.length; from += EVENT_ROWS_PER_INSERT) {
      const chunk = p.newEvents.slice(from, from + EVENT_ROWS_PER_INSERT);
      const events: unknown[] = [];
      const audits: unknown[] = [];
      for (const e of chunk) {
        const { type, date, ...fields } = e.event;
        const actor = e.actor ?? null;
        events.push(caseId, e.eventId, type, date, storableJson(fields), actor, e.recordedAt, e.corrects ?? null);
        audits.push(
          caseId,
          new Date(e.recordedAt),
          actor,
          'EVENT_RECORDED' satisfies AuditAction,
          storableJson({ eventId: e.eventId, type, date }),
          `event:${caseId}:${e.eventId}`,
        );
      }
      await em.query(
        `INSERT INTO case_events (case_id, event_id, type, event_date, fields, actor, recorded_at, corrects)
         VALUES ${placeholders(chunk.length, 8)} ON CONFLICT (case_id, event_id) DO NOTHING`,
        events,
      );
      await em.query(
        `INSERT INTO audit_entries (case_id, at, actor, action, details, dedupe_key)
         VALUES ${placeholders(chunk.length, 6)} ON CONFLICT (dedupe_key) DO NOTHING`,
        audits,
      );
    }
  }

  private async markRetractions(em: EntityManager, p: ProjectCaseInput): Promise<void> {
    for (const e of p.retractedEvents) {
      if (!e.retracted) continue;
      await em.query(
        `UPDATE case_events SET retracted_at = $3, retraction_reason = $4, replaced_by = $5 WHERE case_id = $1 AND event_id = $2 AND retracted_at IS NULL`,
        [p.facts.caseId, e.eventId, e.retracted.at, e.retracted.reason, e.retracted.replacedBy ?? null],
      );
    }
  }

  /** Returns the task rows the upsert created or changed (removals are not returned). */
  private async upsertTasks(
    em: EntityManager,
    p: ProjectCaseInput,
    newer: '<' | '<=' = '<',
  ): Promise<ProjectedTaskChange[]> {
    const existing: {
      obligation_code: string;
      occurrence: number;
      due_on: string;
      kind: string;
      rule_set: string;
      explanation: string;
    }[] = await em.query(
      `SELECT obligation_code, occurrence, to_char(due_on, 'YYYY-MM-DD') AS due_on, kind, rule_set, explanation
         FROM tasks WHERE case_id = $1`,
      [p.facts.caseId],
    );
    const key = (code: string, n: number) => `${code}#${n}`;
    const before = new Map(existing.map((t) => [key(t.obligation_code, t.occurrence), t.due_on]));
    const now = this.clock.now();
    if (p.migration || p.policy)
      await this.auditRuleChange(em, p, new Map(existing.map((t) => [key(t.obligation_code, t.occurrence), t])), now);

    // A deadline already shown to a caseworker never moves without an audit entry (spec §G rule 4).
    for (const o of p.occurrences) {
      const oldDue = before.get(key(o.code, o.occurrence));
      if (oldDue !== undefined && oldDue !== o.dueOn) {
        await this.audit(
          em,
          p.facts.caseId,
          null,
          'DUE_DATE_MOVED',
          {
            code: o.code,
            occurrence: o.occurrence,
            from: oldDue,
            to: o.dueOn,
            ruleSet: o.ruleSet,
            cause: p.migration
              ? migrationCause(p.migration.id, o)
              : p.policy
                ? policyCause(p.policy)
                : (p.moveCause ?? 'recomputation'),
            ...(p.policy && !p.migration ? { policyDecision: policyRef(p.policy) } : {}),
            seq: p.seq,
          },
          `moved:${p.facts.caseId}:${o.code}:${o.occurrence}:${p.seq}`,
          now,
        );
      }
    }
    const current = new Set(p.occurrences.map((o) => key(o.code, o.occurrence)));
    const gone = existing.filter((t) => !current.has(key(t.obligation_code, t.occurrence)));
    for (const t of gone) {
      await em.query(
        `WITH gone AS (DELETE FROM tasks WHERE case_id = $1 AND obligation_code = $2 AND occurrence = $3 RETURNING *)
         ${insertTaskChanges({ rows: 'gone', change: "'removed'", seq: '$4' })}`,
        [p.facts.caseId, t.obligation_code, t.occurrence, p.seq],
      );
      await this.audit(
        em,
        p.facts.caseId,
        null,
        'TASK_REMOVED',
        {
          code: t.obligation_code,
          occurrence: t.occurrence,
          dueOn: t.due_on,
          ...(p.policy && !p.migration ? { cause: policyCause(p.policy), policyDecision: policyRef(p.policy) } : {}),
          seq: p.seq,
        },
        `removed:${p.facts.caseId}:${t.obligation_code}:${t.occurrence}:${p.seq}`,
        now,
      );
    }
    if (p.occurrences.length === 0) return [];

    // A case moved to another team: the old team's streams and webhooks see its tasks leave ('removed' under the
    // old team); the upsert below then announces them to the new team.
    await em.query(
      insertTaskChanges({
        rows: 'tasks',
        change: "'removed'",
        seq: '$3',
        tail: `WHERE case_id = $1 AND team <> $2 AND projection_seq ${newer} $3 ORDER BY id`,
      }),
      [p.facts.caseId, p.facts.team, p.seq],
    );

    const values = p.occurrences.flatMap((o) => taskRow(p, o));
    const updatable = TASK_COLUMNS.filter((c) => !['case_id', 'obligation_code', 'occurrence', 'version'].includes(c));
    // Every row the upsert really inserted or changed also goes to the outbox (xmax = 0 marks an insert).
    return em.query(
      `WITH changed AS (
       INSERT INTO tasks (${TASK_COLUMNS.join(', ')}) VALUES ${placeholders(p.occurrences.length, TASK_COLUMNS.length)}
       ON CONFLICT (case_id, obligation_code, occurrence) DO UPDATE SET
         ${updatable.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now(), version = tasks.version + 1
       WHERE tasks.projection_seq ${newer} EXCLUDED.projection_seq
         AND (tasks.status, tasks.due_on, tasks.closed_on, tasks.team, tasks.explanation, tasks.program, tasks.registered_hours,
              tasks.kind, tasks.rule_set, tasks.source, tasks.remind_on, tasks.backfilled, tasks.legal_basis)
             IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.due_on, EXCLUDED.closed_on, EXCLUDED.team, EXCLUDED.explanation,
               EXCLUDED.program, EXCLUDED.registered_hours, EXCLUDED.kind, EXCLUDED.rule_set, EXCLUDED.source,
               EXCLUDED.remind_on, EXCLUDED.backfilled, EXCLUDED.legal_basis)
       RETURNING id, case_id, team, obligation_code, occurrence, status, due_on, projection_seq, (xmax = 0) AS inserted)
       ${insertTaskChanges({ rows: 'changed', change: "CASE WHEN inserted THEN 'created' ELSE 'updated' END" })}
       RETURNING obligation_code AS code, change, status`,
      values,
    );
  }

  /**
   * Makes case_enrolments equal the engine's enrolments (T4) for this case: one row per programme, upserted, and
   * rows of programmes no longer enrolled (a retracted assignment) deleted. Runs only inside a projection that won
   * the sequence check, so a retried or late activity never writes an older answer. Without `enrolments` (a sender
   * that predates them) the rows are left as they are.
   */
  private async upsertEnrolments(em: EntityManager, p: ProjectCaseInput): Promise<void> {
    if (!p.enrolments) return;
    const programs = p.enrolments.map((e) => e.program);
    await em.query(`DELETE FROM case_enrolments WHERE case_id = $1 AND NOT (program = ANY($2::text[]))`, [
      p.facts.caseId,
      programs,
    ]);
    for (const e of p.enrolments) {
      const programme = this.catalogue.find(e.program);
      await em.query(
        `INSERT INTO case_enrolments (case_id, program, arm, team, version, assigned_on, last_day_on, status, ended_on,
           outcome, exemption_reason, projection_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (case_id, program) DO UPDATE SET arm = EXCLUDED.arm, team = EXCLUDED.team,
           version = EXCLUDED.version, assigned_on = EXCLUDED.assigned_on, last_day_on = EXCLUDED.last_day_on,
           status = EXCLUDED.status, ended_on = EXCLUDED.ended_on, outcome = EXCLUDED.outcome,
           exemption_reason = EXCLUDED.exemption_reason, projection_seq = EXCLUDED.projection_seq, updated_at = now()`,
        [
          p.facts.caseId,
          e.program,
          e.arm,
          p.facts.team,
          programme ? programmeVersionOn(programme, e.assignedOn).id : e.program,
          e.assignedOn,
          e.lastDayOn,
          e.status,
          e.endedOn,
          e.outcome,
          e.exemptionReason,
          p.seq,
        ],
      );
    }
  }

  /**
   * Makes case_jobtalk_periods equal the engine's periods[] (law-2026 O3) for this case: one row per period start,
   * upserted in one statement; rows of periods that are gone (a start moved by BENEFIT_STARTED, a retraction) are
   * deleted. Like the enrolments, only inside a projection that won the sequence check; without `periods` (not
   * migrated, or a sender that predates them) the rows are left as they are.
   */
  private async upsertPeriods(em: EntityManager, p: ProjectCaseInput): Promise<void> {
    if (!p.periods) return;
    const jobtalk = p.periods.filter((x) => x.code === 'ly-jobtalk');
    await em.query(`DELETE FROM case_jobtalk_periods WHERE case_id = $1 AND NOT (period_start = ANY($2::date[]))`, [
      p.facts.caseId,
      jobtalk.map((x) => x.periodStart),
    ]);
    if (jobtalk.length === 0) return;
    const values = jobtalk.flatMap((x) => [
      p.facts.caseId,
      x.periodStart,
      p.facts.team,
      x.lastDay,
      x.heldCount,
      x.outcome,
      x.exemptedOn,
      x.exemptionReason,
      x.endedOn,
      x.source,
      p.seq,
    ]);
    await em.query(
      `INSERT INTO case_jobtalk_periods (case_id, period_start, team, last_day, held_count, outcome, exempted_on,
         exemption_reason, ended_on, source, projection_seq)
       VALUES ${placeholders(jobtalk.length, 11)}
       ON CONFLICT (case_id, period_start) DO UPDATE SET team = EXCLUDED.team, last_day = EXCLUDED.last_day,
         held_count = EXCLUDED.held_count, outcome = EXCLUDED.outcome, exempted_on = EXCLUDED.exempted_on,
         exemption_reason = EXCLUDED.exemption_reason, ended_on = EXCLUDED.ended_on, source = EXCLUDED.source,
         projection_seq = EXCLUDED.projection_seq, updated_at = now()
       WHERE (case_jobtalk_periods.team, case_jobtalk_periods.last_day, case_jobtalk_periods.held_count,
              case_jobtalk_periods.outcome, case_jobtalk_periods.exempted_on, case_jobtalk_periods.exemption_reason,
              case_jobtalk_periods.ended_on, case_jobtalk_periods.source)
         IS DISTINCT FROM (EXCLUDED.team, EXCLUDED.last_day, EXCLUDED.held_count, EXCLUDED.outcome,
              EXCLUDED.exempted_on, EXCLUDED.exemption_reason, EXCLUDED.ended_on, EXCLUDED.source)`,
      values,
    );
  }

  /**
   * law-2026 M4: the projection that first evaluates a case under a migration audits every task that appears or
   * whose kind or rule set changes (moved deadlines are audited as DUE_DATE_MOVED with the same cause). The same for
   * a newly applied policy decision, with the decision (id, decision date, effective date) as cause. Keyed by the
   * migration or the decision, so a re-projection never audits twice.
   */
  private async auditRuleChange(
    em: EntityManager,
    p: ProjectCaseInput,
    before: ReadonlyMap<string, { kind: string; rule_set: string; explanation: string }>,
    now: Date,
  ): Promise<void> {
    const id = p.migration ? p.migration.id : `policy:${p.policy!.id}`;
    const by = p.migration
      ? (o: Occurrence) => ({ migration: p.migration!.id, cause: migrationCause(p.migration!.id, o) })
      : () => ({ policyDecision: policyRef(p.policy!), cause: policyCause(p.policy!) });
    for (const o of p.occurrences) {
      const old = before.get(`${o.code}#${o.occurrence}`);
      const ref = `${p.facts.caseId}:${o.code}:${o.occurrence}`;
      if (!old) {
        await this.audit(
          em,
          p.facts.caseId,
          null,
          'TASK_ADDED',
          {
            code: o.code,
            occurrence: o.occurrence,
            dueOn: o.dueOn,
            ruleSet: o.ruleSet,
            kind: o.kind,
            backfilled: o.backfilled === true,
            ...by(o),
            seq: p.seq,
          },
          `${id}:added:${ref}`,
          now,
        );
      } else if (old.kind !== o.kind || old.rule_set !== o.ruleSet) {
        await this.audit(
          em,
          p.facts.caseId,
          null,
          'TASK_RULE_SET_CHANGED',
          {
            code: o.code,
            occurrence: o.occurrence,
            from: { kind: old.kind, ruleSet: old.rule_set },
            to: { kind: o.kind, ruleSet: o.ruleSet },
            ...by(o),
            seq: p.seq,
          },
          `${id}:changed:${ref}`,
          now,
        );
      } else if (p.policy && !p.migration && old.explanation !== o.explanation) {
        // The same task, now made (or no longer made) by a decision the applied one changed: its explanation says so.
        await this.audit(
          em,
          p.facts.caseId,
          null,
          'TASK_POLICY_CHANGED',
          { code: o.code, occurrence: o.occurrence, dueOn: o.dueOn, madeBy: o.policy ?? null, ...by(o), seq: p.seq },
          `${id}:policy:${ref}`,
          now,
        );
      }
    }
  }

  private async audit(
    em: EntityManager,
    caseId: string,
    actor: string | null,
    action: AuditAction,
    details: Record<string, unknown>,
    dedupeKey: string,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO audit_entries (case_id, at, actor, action, details, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [caseId, at, actor, action, storableJson(details), dedupeKey],
    );
  }
}

/** The audit cause of a change made by a law migration (law-2026 M4), citing the occurrence's legal basis. */
export function migrationCause(migration: string, o: Occurrence): string {
  return `rule-set change: ${o.ruleSet} (backdated by ${migration}; ${o.legalBasis?.text ?? LAW_2026})`;
}
/** The audit cause of a change made by applying a local policy decision: which decision, made and effective when. */
export function policyCause(policy: PolicyChangeCause): string {
  return `policy decision: ${policy.title} (${policy.id}; decided ${policy.decisionDate}, effective from ${policy.effectiveFrom})`;
}

const policyRef = ({ id, decisionDate, effectiveFrom }: PolicyChangeCause) => ({ id, decisionDate, effectiveFrom });

/** The act behind MIG-2026, cited where an occurrence has no legal basis text of its own. */
const LAW_2026 = 'lov nr. 1750/2025';

/** Rows per multi-row INSERT of events (8 parameters each, far below Postgres' 65,535). */
const EVENT_ROWS_PER_INSERT = 500;

/** `($1, $2), ($3, $4)` for `rows` rows of `columns` parameters. */
function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`,
  ).join(', ');
}

function taskRow(p: ProjectCaseInput, o: Occurrence): unknown[] {
  return [
    p.facts.caseId,
    p.facts.team,
    o.code,
    o.occurrence,
    o.kind,
    o.status,
    o.title,
    o.ruleSet,
    o.program ?? null,
    o.targetHours ?? null,
    o.registeredHours ?? null,
    o.source,
    o.explanation,
    o.startedOn,
    o.nominalDueOn,
    o.dueOn,
    o.remindOn ?? null,
    o.metOn ?? o.cancelledOn ?? null,
    o.backfilled === true,
    o.legalBasis?.text ?? null,
    p.seq,
    1,
  ];
}

/**
 * JSON for a jsonb column. jsonb cannot hold U+0000 in any string, so it is stored as U+FFFD: an event (or an audit
 * entry quoting one) that carries one is then still recorded, and can be retracted or corrected like any other.
 */
function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v));
}

/**
 * SQLSTATEs by which Postgres refuses the data itself (class 22 data exception, e.g. 22021 a NUL byte in text;
 * 23502/23514 not-null and check violations; class 54 program limits, e.g. an index row too large): the same
 * projection fails the same way on every attempt. Everything else (connections, deadlocks, a unique race) retries.
 */
const REFUSED_DATA = /^(22...|23502|23514|54...)$/;

/** A non-retryable failure for a projection Postgres refuses by its data, or undefined (retry: e.g. an outage). */
export function refusedProjection(err: unknown): ApplicationFailure | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !REFUSED_DATA.test(code)) return undefined;
  // Only the SQLSTATE travels: Postgres' message may quote the refused value.
  return ApplicationFailure.nonRetryable('the read model refused this projection', CaseFailure.ProjectionRejected, {
    reason: `SQLSTATE ${code}`,
  });
}
