import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@frist/config';
import { canonicalJson, copenhagenDate, meetingEventType, type ApplyEventsResult } from '@frist/contracts';
import { legalBasisOfRow } from '@frist/obligations';
import { CaseEntity, CaseEventEntity, TaskActionEntity, TaskEntity, insertTaskChanges } from '@frist/persistence';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { CasesService, toObligationView } from '../cases/cases.service';
import type { SubmittedEventDto } from '../cases/dtos/case.dto';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { CompleteTaskDto, WaiveTaskDto } from './dtos/task-action.dto';
import type { TaskQueryDto } from './dtos/task-query.dto';
import { assertIfMatch } from './if-match';

const OPEN = ['open', 'overdue'];

export type TaskView = ReturnType<typeof toTaskView>;

export function toTaskView(t: TaskEntity) {
  return { ...toObligationView(t), caseId: t.caseId, team: t.team, assignee: t.assignee, version: t.version };
}

/** An inbox row names its case: the citizen reference and case type from the case it belongs to. */
export type InboxItem = TaskView & { citizenRef: string; caseType: string };

/** The inbox's select list: [SQL expression, InboxItem key]. */
const INBOX_COLUMNS: ReadonlyArray<readonly [string, keyof InboxItem]> = [
  ['t.id', 'taskId'],
  ['t.obligation_code', 'code'],
  ['t.occurrence', 'occurrence'],
  ['t.kind', 'kind'],
  ['t.status', 'status'],
  ['t.title', 'title'],
  ['t.started_on::text', 'startedOn'],
  ['t.nominal_due_on::text', 'nominalDueOn'],
  ['t.due_on::text', 'dueOn'],
  ['t.remind_on::text', 'remindOn'],
  ['t.closed_on::text', 'closedOn'],
  ['t.rule_set', 'ruleSet'],
  ['t.source', 'source'],
  ['t.explanation', 'explanation'],
  ['t.case_id', 'caseId'],
  ['t.team', 'team'],
  ['t.assignee', 'assignee'],
  ['t.version', 'version'],
  ['c.citizen_ref', 'citizenRef'],
  ['c.case_type', 'caseType'],
];

/**
 * A raw inbox row in toTaskView's key order, then the case's (the query builder reorders its columns); the legal
 * basis is not a column but derived from rule set and code, as toObligationView does.
 */
const inboxItem = (r: InboxItem): InboxItem => {
  const entries: Array<[string, unknown]> = [];
  for (const [, key] of INBOX_COLUMNS) {
    entries.push([key, r[key]]);
    if (key === 'source') entries.push(['legalBasis', legalBasisOfRow(r.ruleSet, r.code) ?? null]);
  }
  return Object.fromEntries(entries) as InboxItem;
};

export interface TaskEventResult {
  /** The task after the event (null if the recomputation removed it). */
  task: TaskView | null;
  accepted: ApplyEventsResult['accepted'];
  warnings: ApplyEventsResult['warnings'];
}

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The inbox: the caller's teams (or one of them), stable order by due date then id, keyset-paginated so pages
   * never skip or repeat a task.
   */
  async list(user: AuthUser, q: TaskQueryDto) {
    const teams = TeamScope.teamsFor(user, q.team);
    if (teams.length === 0) return { items: [], nextCursor: null };
    const qb = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoin(CaseEntity, 'c', 'c.id = t.case_id')
      .where('t.status IN (:...status)', { status: q.status })
      .andWhere('t.team IN (:...teams)', { teams });
    if (q.assignee === 'none') qb.andWhere('t.assignee IS NULL');
    else if (q.assignee)
      qb.andWhere('t.assignee = :assignee', { assignee: q.assignee === 'me' ? user.sub : q.assignee });
    if (q.code) qb.andWhere('t.obligation_code = :code', { code: q.code });
    if (q.caseId) qb.andWhere('t.case_id = :caseId', { caseId: q.caseId });
    if (q.queue) qb.andWhere('t.backfilled = :backfilled', { backfilled: q.queue === 'review' });
    if (q.dueBefore) qb.andWhere('t.due_on < :dueBefore', { dueBefore: q.dueBefore });
    if (q.dueAfter) qb.andWhere('t.due_on > :dueAfter', { dueAfter: q.dueAfter });
    if (q.cursor) {
      const [cDue, cId] = decodeCursor(q.cursor, ['date', 'uuid']);
      qb.andWhere('(t.due_on, t.id) > (:cDue, :cId)', { cDue, cId });
    }
    // Only the view's columns, dates as text, as raw rows mapped to the view: no entity hydration and no
    // date parsing for a page that goes straight to JSON (they were most of the inbox's CPU, docs/performance.md).
    qb.select(INBOX_COLUMNS[0][0], INBOX_COLUMNS[0][1]);
    for (const [expression, key] of INBOX_COLUMNS.slice(1)) qb.addSelect(expression, key);
    const rows = await qb
      .orderBy('t.due_on', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(q.limit + 1)
      .getRawMany<InboxItem>();
    const page = rows.slice(0, q.limit).map(inboxItem);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.dueOn, last.taskId]) : null,
    };
  }

  /** Every task the filter selects, in inbox order, at most `max` (the CSV export); pages through list(). */
  async listAll(user: AuthUser, q: TaskQueryDto, max = 10_000): Promise<TaskView[]> {
    const all: TaskView[] = [];
    let cursor = q.cursor;
    do {
      const page = await this.list(user, { ...q, limit: 200, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < max);
    return all.slice(0, max);
  }

  async get(user: AuthUser, id: string): Promise<TaskView> {
    return toTaskView(await this.findInScope(user, id));
  }

  /** Takes an open task for oneself; someone else's task must be released (or reassigned by a manager) first. */
  claim(user: AuthUser, id: string, ifMatch: string | undefined): Promise<TaskView> {
    return this.changeAssignee(user, id, ifMatch, 'TASK_CLAIMED', (t) => {
      assertOpen(t);
      if (t.assignee !== null && t.assignee !== user.sub)
        throw new DomainError(ErrorCode.TaskAssigned, `the task is assigned to ${t.assignee}`);
      return user.sub;
    });
  }

  /** Releases a task: one's own, or (as a manager) anyone's. */
  unclaim(user: AuthUser, id: string, ifMatch: string | undefined): Promise<TaskView> {
    return this.changeAssignee(user, id, ifMatch, 'TASK_UNCLAIMED', (t) => {
      if (t.assignee !== null && t.assignee !== user.sub && user.role !== 'manager')
        throw new DomainError(ErrorCode.Forbidden, 'only a manager may release a task assigned to someone else');
      return null;
    });
  }

  /** A manager assigns (or, with null, unassigns) an open task. */
  assign(user: AuthUser, id: string, ifMatch: string | undefined, assignee: string | null): Promise<TaskView> {
    return this.changeAssignee(user, id, ifMatch, 'TASK_ASSIGNED', (t) => {
      if (assignee !== null) assertOpen(t);
      return assignee;
    });
  }

  /** Registers the event that meets the task's obligation (spec §D "Met by"), with the client's fields. */
  async complete(user: AuthUser, id: string, ifMatch: string | undefined, dto: CompleteTaskDto) {
    const t = await this.findInScope(user, id);
    const type = meetingEventType(t.obligationCode, t.ruleSet);
    if (!type) throw new DomainError(ErrorCode.TaskNotOpen, `obligation ${t.obligationCode} has no meeting event`);
    const { eventId, date, type: sent, ...fields } = dto;
    if (sent !== undefined && sent !== type)
      throw new DomainError(ErrorCode.ValidationFailed, `a ${t.obligationCode} task is completed by ${type}`, [
        { path: 'type', message: `must be ${type} or left out` },
      ]);
    return this.applyTaskEvent(user, t, ifMatch, { ...fields, eventId, type, date: date ?? this.today() });
  }

  /** OBLIGATION_WAIVED {code, reason}: closes this occurrence as waived; recurring obligations continue. */
  async waive(user: AuthUser, id: string, ifMatch: string | undefined, dto: WaiveTaskDto) {
    const t = await this.findInScope(user, id);
    return this.applyTaskEvent(user, t, ifMatch, {
      eventId: dto.eventId,
      type: 'OBLIGATION_WAIVED',
      date: dto.date ?? this.today(),
      code: t.obligationCode,
      reason: dto.reason,
    });
  }

  private async findInScope(user: AuthUser, id: string): Promise<TaskEntity> {
    const t = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!t || !TeamScope.has(user, t.team)) throw new DomainError(ErrorCode.TaskNotFound, `no task ${id}`);
    return t;
  }

  /**
   * A retry with an eventId the case already holds goes straight to the workflow, which answers it idempotently
   * (or with EVENT_ID_CONFLICT): the task has moved on since, so its old ETag must not turn the retry into a 412.
   * So does a retry of an action that passed its ETag check but whose event has not reached the read model yet
   * (the first attempt timed out, or Temporal was down): its task_actions row says the check was passed already.
   */
  private async applyTaskEvent(
    user: AuthUser,
    t: TaskEntity,
    ifMatch: string | undefined,
    event: SubmittedEventDto,
  ): Promise<TaskEventResult> {
    const seen = await this.dataSource
      .getRepository(CaseEventEntity)
      .existsBy({ caseId: t.caseId, eventId: event.eventId });
    const { caseType } = await this.cases.findInScope(user, t.caseId);
    const [submitted] = this.cases.toSubmitted([event], user.sub, caseType);
    const content = canonicalJson(submitted.event);
    const claimed = seen
      ? undefined
      : await this.dataSource.getRepository(TaskActionEntity).findOneBy({ caseId: t.caseId, eventId: event.eventId });
    if (claimed && (claimed.taskId !== t.id || claimed.content !== content))
      throw new DomainError(
        ErrorCode.EventIdConflict,
        `eventId ${event.eventId} was already used for a different event`,
      );
    if ((ifMatch === undefined || !seen) && !claimed) assertIfMatch(ifMatch, t.version);
    if (!seen && !claimed) {
      assertOpen(t);
      // Everything checkable here is checked before the version bump below, so a bad request keeps the ETag.
      // The event was checked against the case's own vocabulary above (a sygedagpenge task is met by its own event).
      if (event.date > this.today())
        throw new DomainError(ErrorCode.EventInFuture, `the date ${event.date} is after today`, [
          { field: 'date', message: 'is in the future' },
        ]);
      if (event.date < t.startedOn)
        throw new DomainError(ErrorCode.EventNotAdmissible, `the task started on ${t.startedOn}`, [
          { field: 'date', message: `must be on or after ${t.startedOn}` },
        ]);
      // Compare-and-bump the version before the event travels: of two concurrent completions with the same ETag
      // only one passes, so the second can never meet the next occurrence by accident. The same transaction
      // records the action, so a retry of it is recognised whatever the ETag says by then.
      await this.dataSource.transaction(async (em) => {
        const [, bumped] = await em.query<[unknown, number]>(
          `UPDATE tasks SET version = version + 1 WHERE id = $1 AND version = $2 AND status IN ('open', 'overdue')`,
          [t.id, t.version],
        );
        if (bumped !== 1)
          throw new DomainError(ErrorCode.PreconditionFailed, 'the task changed meanwhile; read it again');
        await em.query(
          `INSERT INTO task_actions (case_id, event_id, task_id, content) VALUES ($1, $2, $3, $4)
           ON CONFLICT (case_id, event_id) DO NOTHING`,
          [t.caseId, event.eventId, t.id, content],
        );
      });
    }
    const result = await this.cases.registerEvents(user, t.caseId, [event]);
    // The event is in the read model now, where later retries find it.
    if (!seen)
      await this.dataSource.query('DELETE FROM task_actions WHERE case_id = $1 AND event_id = $2', [
        t.caseId,
        event.eventId,
      ]);
    // The update answers after the projection, so the read model already shows the outcome.
    const after = await this.dataSource.getRepository(TaskEntity).findOneBy({ id: t.id });
    return { task: after ? toTaskView(after) : null, accepted: result.accepted, warnings: result.warnings };
  }

  /**
   * Row-locked read-check-write: the If-Match check, the rule and the write see the same version. A change bumps
   * the version, is audited and goes to the task_changes outbox (so streams and webhooks see claims), all in one
   * transaction. Setting the assignee it already has is a no-op that keeps the version.
   */
  private changeAssignee(
    user: AuthUser,
    id: string,
    ifMatch: string | undefined,
    action: AuditRecord['action'],
    decide: (t: TaskEntity) => string | null,
  ): Promise<TaskView> {
    return this.dataSource.transaction(async (em) => {
      const t = await em
        .getRepository(TaskEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id })
        .getOne();
      if (!t || !TeamScope.has(user, t.team)) throw new DomainError(ErrorCode.TaskNotFound, `no task ${id}`);
      assertIfMatch(ifMatch, t.version);
      const next = decide(t);
      if (next === t.assignee) return toTaskView(t);
      await em.query(`UPDATE tasks SET assignee = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
        id,
        next,
      ]);
      await this.audit.record(em, {
        caseId: t.caseId,
        actor: user.sub,
        action,
        details: { taskId: t.id, code: t.obligationCode, occurrence: t.occurrence, from: t.assignee, to: next },
      });
      await this.outbox(em, t);
      return toTaskView({ ...t, assignee: next, version: t.version + 1 });
    });
  }

  private async outbox(em: EntityManager, t: TaskEntity): Promise<void> {
    // The row as just updated in this transaction: team, status, due date and sequence are unchanged by assigning.
    await em.query(insertTaskChanges({ rows: 'tasks', change: "'assigned'", tail: 'WHERE id = $1' }), [t.id]);
  }

  private today(): string {
    return copenhagenDate(this.clock.now().getTime());
  }
}

function assertOpen(t: TaskEntity): void {
  if (!OPEN.includes(t.status)) throw new DomainError(ErrorCode.TaskNotOpen, `the task is ${t.status}`);
}
