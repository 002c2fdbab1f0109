import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  applyEventsVerdictUpdate,
  CASE_EVENT_BUDGET,
  CASE_WORKFLOW_TYPE,
  moveCaseUpdate,
  caseSnapshotQuery,
  caseWorkflowId,
  CaseTeamAttr,
  copenhagenDate,
  type ApplyEventsResult,
  type ApplyEventsVerdict,
  type CaseSnapshot,
  type CaseVerdict,
  type CaseWorkflowInput,
  type SubmittedEvent,
} from '@frist/contracts';
import { TrialCatalogue } from '@frist/activities';
import { legalBasisOfRow } from '@frist/obligations';
import { Clock, type AppConfig } from '@frist/config';
import {
  CaseEnrolmentEntity,
  CaseEntity,
  CaseEventEntity,
  CaseJobtalkPeriodEntity,
  lawForNewCases,
  TaskEntity,
} from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { AuditService } from '../audit/audit.service';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import { newCaseId } from './case-id';
import { TeamsService } from '../teams/teams.service';
import { toSubmittedEvents } from '../common/event-schemas';
import { TemporalClientService } from '../temporal/temporal-client.service';
import { fromTemporalError } from '../temporal/temporal-errors';
import type {
  CaseQueryDto,
  CloseCaseDto,
  CreateCaseDto,
  MoveCaseDto,
  PageQueryDto,
  SubmittedEventDto,
} from './dtos/case.dto';

export interface CaseView {
  id: string;
  citizenRef: string;
  team: string;
  caseType: string;
  /** fleksjob only; null for a sygedagpenge case (trials spec H2). */
  birthDate: string | null;
  phase: string;
  nextDueOn: string | null;
  overdueCount: number;
  closedOn: string | null;
  obligations: ReturnType<typeof toObligationView>[];
  events: {
    eventId: string;
    type: string;
    date: string;
    fields: Record<string, unknown>;
    recordedAt: string;
    actor: string | null;
    /** The eventId this event replaced (a correction). */
    corrects: string | null;
    /** Set when the event was retracted or replaced: it stays in the timeline but no longer counts. */
    retracted: { at: string; reason: string | null; replacedBy: string | null } | null;
  }[];
  /**
   * The case's ly-jobtalk periods (law-2026 O3) as projected, by start; empty unless the case has taken MIG-2026.
   * `outcome` is the engine's at the last projection (an open period whose last day passed is short by then).
   */
  jobtalkPeriods: {
    periodStart: string;
    lastDay: string;
    heldCount: number;
    outcome: string;
    exemptedOn: string | null;
    exemptionReason: string | null;
    endedOn: string | null;
  }[];
}

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly teams: TeamsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: TrialCatalogue,
  ) {}

  async create(
    user: AuthUser,
    dto: CreateCaseDto,
  ): Promise<{ created: boolean; result: CaseAnswer | ApplyEventsResult }> {
    const actor = user.sub;
    if (!TeamScope.has(user, dto.team))
      throw new DomainError(ErrorCode.Forbidden, `you may create cases only for your own teams`, [
        { field: 'team', message: 'is not one of your teams' },
      ]);
    const today = copenhagenDate(this.clock.now().getTime());
    // A sygedagpenge case stores no personal fact (trials spec H2): a birth date sent with one is dropped here.
    const birthDate = dto.caseType === 'sygedagpenge' ? undefined : dto.birthDate;
    if (birthDate !== undefined && birthDate > today)
      throw new DomainError(ErrorCode.ValidationFailed, 'birthDate is in the future', [
        { field: 'birthDate', message: 'is in the future' },
      ]);
    if (dto.caseId !== undefined && !this.config.api.clientCaseIds)
      throw new DomainError(ErrorCode.ValidationFailed, 'case ids are chosen by the server', [
        { field: 'caseId', message: 'is not accepted; send idempotencyKey to make creation idempotent' },
      ]);
    // Server ids: random, or derived from (team, idempotencyKey), so no other team's case can ever be addressed here.
    const caseId = dto.caseId ?? newCaseId(dto.team, dto.idempotencyKey);
    const existing = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    // Only this team's own key can meet an existing case (one that has since left the caller's teams included):
    // differing facts answer 409, nothing about its team or contents.
    if (
      existing &&
      (!TeamScope.has(user, existing.team) ||
        existing.team !== dto.team ||
        existing.caseType !== dto.caseType ||
        existing.birthDate !== (birthDate ?? null) ||
        existing.citizenRef !== dto.citizenRef)
    ) {
      throw new DomainError(ErrorCode.CaseExists, `case ${caseId} exists with other facts`);
    }
    const submitted = this.toSubmitted(dto.events, actor, dto.caseType);
    await this.assertBudget(caseId, submitted);
    if (existing) {
      // Repeating a create is idempotent: only the events it carries are (idempotently) applied.
      if (submitted.length === 0)
        return {
          created: false,
          result: await this.answerFromReadModel({ ...(await this.snapshot(caseId)), accepted: [] }),
        };
      return { created: false, result: await this.registerEvents(user, caseId, dto.events) };
    }
    const events: SubmittedEvent[] = [
      { eventId: 'case-opened', event: { type: 'CASE_OPENED', date: today }, ...(actor ? { actor } : {}) },
      ...submitted,
    ];
    const law = await lawForNewCases(this.dataSource);
    const input: CaseWorkflowInput = {
      facts: {
        caseId,
        citizenRef: dto.citizenRef,
        team: dto.team,
        ...(birthDate !== undefined ? { birthDate } : {}),
        // Only a non-default case type is recorded, so fleksjob workflow inputs stay as they were.
        ...(dto.caseType === 'sygedagpenge' ? { caseType: dto.caseType } : {}),
      },
      // A case opened after MIG-2026 was published is under the law in force from its first evaluation, and under
      // the policy decisions applied by then.
      ...law,
      // The installation's adopted trial programmes, as data for the workflow's validators.
      ...(this.catalogue.adopted.length ? { programmes: [...this.catalogue.adopted] } : {}),
    };
    const start = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: CaseTeamAttr, value: dto.team }],
    });
    try {
      // The update answers once the read model shows the change; the answer is its verdict (history records it),
      // and the case's obligations come from the read model (an older worker's whole snapshot is read the same way).
      const verdict = await this.temporal.client.workflow.executeUpdateWithStart(applyEventsVerdictUpdate, {
        args: [{ events, answer: 'verdict' }],
        startWorkflowOperation: start,
      });
      return { created: true, result: await this.answerFromReadModel(verdict) };
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
  }

  async registerEvents(user: AuthUser, caseId: string, submitted: SubmittedEventDto[]): Promise<CaseAnswer> {
    const found = await this.findInScope(user, caseId);
    // Each case type has its own event vocabulary: validate against the case's, not the default.
    const events = this.toSubmitted(submitted, user.sub, found.caseType);
    await this.assertBudget(caseId, events);
    let verdict: ApplyEventsVerdict | ApplyEventsResult;
    try {
      // The verdict, like the creation's: the workflow holds no occurrences (patch 'compact-evaluation').
      verdict = await this.temporal.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(applyEventsVerdictUpdate, { args: [{ events, answer: 'verdict' }] });
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
    return this.answerFromReadModel(verdict);
  }

  /**
   * The answer to a change as the read model shows the case (which the update brought up to date before it answered):
   * the verdict's own fields (facts, asOf, warnings, attention, accepted), the case row's phase and dates, and its
   * tasks, enrolments and ly-jobtalk periods in the engine's shape and order. Same schema as the workflow's snapshot.
   */
  async answerFromReadModel<V extends CaseVerdict>(answer: V | (V & CaseSnapshot)): Promise<ReadModelAnswer<V>> {
    const {
      obligations: _obligations,
      enrolments: _enrolments,
      periods: _periods,
      evaluation: _evaluation,
      ...verdict
    } = answer as V & CaseSnapshot;
    const caseId = verdict.caseId;
    const [c, tasks, enrolments, periods] = await Promise.all([
      this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId }),
      this.dataSource.getRepository(TaskEntity).findBy({ caseId }),
      this.dataSource.getRepository(CaseEnrolmentEntity).find({ where: { caseId }, order: { assignedOn: 'ASC' } }),
      this.dataSource.getRepository(CaseJobtalkPeriodEntity).find({ where: { caseId }, order: { periodStart: 'ASC' } }),
    ]);
    const answered = {
      ...verdict,
      team: c.team,
      phase: c.phase as CaseVerdict['phase'],
      closedOn: c.closedOn,
      nextDueOn: c.nextDueOn,
      projectionSeq: c.projectionSeq,
      obligations: tasks.sort(byEngineOrder).map(occurrenceOfTask),
      enrolments: enrolments.map((e) => ({
        program: e.program,
        arm: e.arm,
        assignedOn: e.assignedOn,
        lastDayOn: e.lastDayOn,
        status: e.status,
        endedOn: e.endedOn,
        outcome: e.outcome,
        exemptionReason: e.exemptionReason,
      })),
      ...(periods.length
        ? {
            // The engine's LyPeriod: the read model keeps the ly-jobtalk periods only.
            periods: periods.map((p) => ({ code: 'ly-jobtalk', ...toJobtalkPeriodView(p), source: p.source })),
          }
        : {}),
    };
    // The verdict's own fields, as V declares them, with the read model's view of the rest.
    return answered as unknown as ReadModelAnswer<V>;
  }

  private async snapshot(caseId: string) {
    try {
      return await this.temporal.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseSnapshotQuery);
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
  }

  /** The case row if it exists in one of the caller's teams; otherwise the same 404 whether it exists or not. */
  async findInScope(user: AuthUser, caseId: string): Promise<CaseEntity> {
    const c = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!c || !TeamScope.has(user, c.team)) throw new DomainError(ErrorCode.CaseNotFound, `no case ${caseId}`);
    return c;
  }

  async get(user: AuthUser, caseId: string): Promise<CaseView> {
    const c = await this.findInScope(user, caseId);
    const [tasks, events, periods] = await Promise.all([
      this.dataSource
        .getRepository(TaskEntity)
        .find({ where: { caseId }, order: { dueOn: 'ASC', obligationCode: 'ASC', occurrence: 'ASC' } }),
      this.dataSource
        .getRepository(CaseEventEntity)
        .find({ where: { caseId }, order: { eventDate: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(CaseJobtalkPeriodEntity).find({ where: { caseId }, order: { periodStart: 'ASC' } }),
    ]);
    return {
      id: c.id,
      citizenRef: c.citizenRef,
      team: c.team,
      caseType: c.caseType,
      birthDate: c.birthDate,
      phase: c.phase,
      nextDueOn: c.nextDueOn,
      overdueCount: c.overdueCount,
      closedOn: c.closedOn,
      obligations: tasks.map(toObligationView),
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        date: e.eventDate,
        fields: e.fields,
        recordedAt: e.recordedAt.toISOString(),
        actor: e.actor,
        corrects: e.corrects,
        retracted: e.retractedAt
          ? { at: e.retractedAt.toISOString(), reason: e.retractionReason, replacedBy: e.replacedBy }
          : null,
      })),
      jobtalkPeriods: periods.map(toJobtalkPeriodView),
    };
  }

  /**
   * The caller's cases (one team or all of theirs), by next due date (cases with nothing due last) then id;
   * keyset-paginated, matching the (team, next_due_on) shape of the inbox.
   */
  async list(user: AuthUser, q: CaseQueryDto) {
    const teams = TeamScope.teamsFor(user, q.team);
    if (teams.length === 0) return { items: [], nextCursor: null };
    const qb = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.team IN (:...teams)', { teams });
    if (q.phase) qb.andWhere('c.phase IN (:...phases)', { phases: q.phase });
    if (q.caseType) qb.andWhere('c.case_type = :caseType', { caseType: q.caseType });
    // The search text is a literal: LIKE's wildcards in it are escaped.
    if (q.q) qb.andWhere(`c.citizen_ref ILIKE :q ESCAPE '\\'`, { q: `%${q.q.replace(/[\\%_]/g, '\\$&')}%` });
    if (q.dueBefore) qb.andWhere('c.next_due_on <= :dueBefore', { dueBefore: q.dueBefore });
    if (q.overdue === true) qb.andWhere('c.overdue_count > 0');
    if (q.overdue === false) qb.andWhere('c.overdue_count = 0');
    if (q.cursor) {
      const [due, id] = decodeCursor(q.cursor, ['date-or-null', 'uuid']);
      // Postgres sorts NULL last in ascending order, so a null due date sits after every date.
      if (due === null) qb.andWhere('c.next_due_on IS NULL AND c.id > :id', { id });
      else
        qb.andWhere('(c.next_due_on > :due OR (c.next_due_on = :due AND c.id > :id) OR c.next_due_on IS NULL)', {
          due,
          id,
        });
    }
    const rows = await qb
      .orderBy('c.next_due_on', 'ASC', 'NULLS LAST')
      .addOrderBy('c.id', 'ASC')
      .limit(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((c) => ({
        id: c.id,
        citizenRef: c.citizenRef,
        team: c.team,
        caseType: c.caseType,
        phase: c.phase,
        nextDueOn: c.nextDueOn,
        overdueCount: c.overdueCount,
        closedOn: c.closedOn,
        updatedAt: c.updatedAt.toISOString(),
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.nextDueOn, last.id]) : null,
    };
  }

  /**
   * Moves a case to another team. The caller must see the case (else 404) and either belong to the target team
   * too, or be a manager: a manager may hand a case over to a team they do not belong to; a caseworker may move
   * cases only between their own teams. The target must be a registered team (else 422 UNKNOWN_TEAM), so a case
   * never lands where nobody can see it.
   */
  async move(user: AuthUser, caseId: string, dto: MoveCaseDto): Promise<ReadModelAnswer<CaseVerdict>> {
    await this.findInScope(user, caseId);
    if (!TeamScope.has(user, dto.team) && user.role !== 'manager')
      throw new DomainError(ErrorCode.Forbidden, 'only a manager may move a case to a team you are not a member of', [
        { field: 'team', message: 'is not one of your teams' },
      ]);
    await this.teams.assertKnown(dto.team);
    let verdict: CaseSnapshot;
    try {
      verdict = await this.temporal.client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(moveCaseUpdate, {
        args: [{ team: dto.team, reason: dto.reason, actor: user.sub, answer: 'verdict' }],
      });
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
    return this.answerFromReadModel<CaseVerdict>(verdict);
  }

  /** Closing is the CASE_CLOSED event (it cancels everything open); idempotent on its eventId. */
  close(user: AuthUser, caseId: string, dto: CloseCaseDto): Promise<CaseAnswer> {
    const date = dto.date ?? copenhagenDate(this.clock.now().getTime());
    const eventId = dto.eventId ?? `case-closed:${date}`;
    return this.registerEvents(user, caseId, [{ eventId, type: 'CASE_CLOSED', date, reason: dto.reason }]);
  }

  async auditTrail(user: AuthUser, caseId: string, q: PageQueryDto) {
    await this.findInScope(user, caseId);
    return this.audit.list(caseId, q);
  }

  /**
   * The per-case budget (CASE_EVENT_BUDGET: events, and bytes of event data), checked against the read model before
   * a change travels, so a case's workflow history and its continue-as-new input stay far below Temporal's payload
   * limits. Events the case already holds (a retry) do not count twice. The workflow's validator checks it again.
   */
  async assertBudget(caseId: string, submitted: SubmittedEvent[]): Promise<void> {
    if (submitted.length === 0) return;
    const [held] = await this.dataSource.query<{ n: number; bytes: number; known: string[] }[]>(
      `SELECT count(*)::int AS n,
              coalesce(sum(length(type) + length(fields::text) + 30), 0)::int AS bytes,
              coalesce(array_agg(event_id) FILTER (WHERE event_id = ANY($2)), '{}') AS known
         FROM case_events WHERE case_id = $1`,
      [caseId, submitted.map((s) => s.eventId)],
    );
    const fresh = submitted.filter((s) => !held?.known.includes(s.eventId));
    const events = (held?.n ?? 0) + fresh.length;
    const bytes = (held?.bytes ?? 0) + fresh.reduce((n, s) => n + JSON.stringify(s.event).length, 0);
    // The configured budget may only lower the workflow's own ceiling.
    const maxEvents = Math.min(this.config.caseBudget.maxEvents, CASE_EVENT_BUDGET.maxEvents);
    const maxBytes = Math.min(this.config.caseBudget.maxEventBytes, CASE_EVENT_BUDGET.maxEventBytes);
    if (events > maxEvents)
      throw new DomainError(ErrorCode.CaseEventLimit, `a case holds at most ${maxEvents} events`, [
        { field: 'events', message: `the case holds ${held?.n ?? 0} events; at most ${maxEvents} are allowed` },
      ]);
    if (bytes > maxBytes)
      throw new DomainError(ErrorCode.CasePayloadLimit, `a case holds at most ${maxBytes} characters of event data`, [
        { field: 'events', message: `this change would bring the case to ${bytes}` },
      ]);
  }

  /**
   * Validates each event against the case type's vocabulary (exactly its fields, typed and bounded; unknown fields
   * refused) and then the engine's own rules, before it travels to the workflow, naming index and field.
   */
  toSubmitted(events: SubmittedEventDto[], actor: string | null, caseType = 'fleksjob'): SubmittedEvent[] {
    return toSubmittedEvents(events, actor, caseType, this.catalogue.programmes);
  }
}

/** An answer to a change, built from the read model around the workflow's verdict: the workflow snapshot's schema. */
export type ReadModelAnswer<V extends CaseVerdict> = V & {
  obligations: ReturnType<typeof occurrenceOfTask>[];
  enrolments: Record<string, unknown>[];
  periods?: Record<string, unknown>[];
};
/** The answer to events applied (a creation, an update, a close). */
export type CaseAnswer = ReadModelAnswer<ApplyEventsVerdict>;

/** The engine's order (§E): due date, then code, then occurrence; codes compared as JavaScript does, not by collation. */
function byEngineOrder(a: TaskEntity, b: TaskEntity): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  if (a.obligationCode !== b.obligationCode) return a.obligationCode < b.obligationCode ? -1 : 1;
  return a.occurrence - b.occurrence;
}

/** A task as the engine's occurrence (the fields the read model holds; a closed task's date by how it closed). */
function occurrenceOfTask(t: TaskEntity) {
  const met = t.status === 'met' || t.status === 'met-late';
  return {
    code: t.obligationCode,
    occurrence: t.occurrence,
    kind: t.kind,
    status: t.status,
    ruleSet: t.ruleSet,
    ...(t.program !== null ? { program: t.program } : {}),
    source: t.source,
    title: t.title,
    startedOn: t.startedOn,
    nominalDueOn: t.nominalDueOn,
    dueOn: t.dueOn,
    ...(t.remindOn !== null ? { remindOn: t.remindOn } : {}),
    ...(t.closedOn !== null ? (met ? { metOn: t.closedOn } : { cancelledOn: t.closedOn }) : {}),
    ...(t.targetHours !== null ? { targetHours: Number(t.targetHours) } : {}),
    ...(t.registeredHours !== null ? { registeredHours: Number(t.registeredHours) } : {}),
    explanation: t.explanation,
    ...legalBasisOf(t),
    ...(t.backfilled ? { backfilled: true } : {}),
  };
}

/** The row's legal basis ("Hjemmel"), as the case's GET shows it: every due date says why. */
function legalBasisOf(t: TaskEntity) {
  const legalBasis = legalBasisOfRow(t.ruleSet, t.obligationCode);
  return legalBasis ? { legalBasis } : {};
}

function toJobtalkPeriodView(p: CaseJobtalkPeriodEntity) {
  return {
    periodStart: p.periodStart,
    lastDay: p.lastDay,
    heldCount: p.heldCount,
    outcome: p.outcome,
    exemptedOn: p.exemptedOn,
    exemptionReason: p.exemptionReason,
    endedOn: p.endedOn,
  };
}

export function toObligationView(t: TaskEntity) {
  return {
    taskId: t.id,
    code: t.obligationCode,
    occurrence: t.occurrence,
    kind: t.kind,
    status: t.status,
    title: t.title,
    startedOn: t.startedOn,
    nominalDueOn: t.nominalDueOn,
    dueOn: t.dueOn,
    remindOn: t.remindOn,
    closedOn: t.closedOn,
    ruleSet: t.ruleSet,
    source: t.source,
    /** The Danish legal basis ("Hjemmel") and the authority tag of the due date (law-2026 §L). */
    legalBasis: legalBasisOfRow(t.ruleSet, t.obligationCode) ?? null,
    explanation: t.explanation,
  };
}
