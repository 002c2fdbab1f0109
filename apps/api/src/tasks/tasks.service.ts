import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@frist/config';
import { canonicalJson, copenhagenDate, meetingEventType, type ApplyEventsResult } from '@frist/contracts';
import { CaseEventEntity, TaskActionEntity, TaskEntity, insertTaskChanges, pgPool } from '@frist/persistence';
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

/**
 * An inbox row: what the list shows and the CSV export writes. The reasons for the date (explanation, legal basis,
 * provenance) are the task's own read (GET /api/v1/tasks/:id): they were most of the page's bytes.
 */
export type InboxItem = Omit<TaskView, 'explanation' | 'legalBasis' | 'source'> & {
  citizenRef: string;
  caseType: string;
};

/** The inbox's select list, in InboxItem's key order (dates as text: the page goes straight to JSON). */
const INBOX_SELECT = [
  't.id AS "taskId"',
  't.obligation_code AS "code"',
  't.occurrence AS "occurrence"',
  't.kind AS "kind"',
  't.status AS "status"',
  't.title AS "title"',
  't.started_on::text AS "startedOn"',
  't.nominal_due_on::text AS "nominalDueOn"',
  't.due_on::text AS "dueOn"',
  't.remind_on::text AS "remindOn"',
  't.closed_on::text AS "closedOn"',
  't.rule_set AS "ruleSet"',
  't.case_id AS "caseId"',
  't.team AS "team"',
  't.assignee AS "assignee"',
  't.version AS "version"',
  'c.citizen_ref AS "citizenRef"',
  'c.case_type AS "caseType"',
].join(', ');

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
  async list(user: AuthUser, q: TaskQueryDto): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
    const teams = TeamScope.teamsFor(user, q.team);
    if (teams.length === 0) return { items: [], nextCursor: null };
    // Plain parameterised SQL on the pool, rows as the driver returns them: the query builder, entity mapping and
    // TypeORM's query runner were a large share of the inbox's CPU (docs/performance.md). `IN ($1, $2)` rather than
    // `= ANY($1)`, so the planner sees the statuses and can use the partial index of open tasks.
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = [`t.status IN (${q.status.map(p).join(', ')})`, `t.team IN (${teams.map(p).join(', ')})`];
    if (q.assignee === 'none') where.push('t.assignee IS NULL');
    else if (q.assignee) where.push(`t.assignee = ${p(q.assignee === 'me' ? user.sub : q.assignee)}`);
    if (q.code) where.push(`t.obligation_code = ${p(q.code)}`);
    if (q.caseId) where.push(`t.case_id = ${p(q.caseId)}`);
    if (q.queue) where.push(`t.backfilled = ${p(q.queue === 'review')}`);
    if (q.dueBefore) where.push(`t.due_on < ${p(q.dueBefore)}`);
    if (q.dueAfter) where.push(`t.due_on > ${p(q.dueAfter)}`);
    if (q.cursor) {
      const [cDue, cId] = decodeCursor(q.cursor, ['date', 'uuid']);
      where.push(`(t.due_on, t.id) > (${p(cDue)}, ${p(cId)})`);
    }
    const { rows } = await pgPool(this.dataSource).query<InboxItem>(
      `SELECT ${INBOX_SELECT} FROM tasks t INNER JOIN cases c ON c.id = t.case_id WHERE ${where.join(' AND ')} ` +
        `ORDER BY t.due_on ASC, t.id ASC LIMIT ${p(q.limit + 1)}`,
      params,
    );
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    const last = rows[rows.length - 1];
    return { items: rows, nextCursor: more && last ? encodeCursor([last.dueOn, last.taskId]) : null };
  }

  /** Every task the filter selects, in inbox order, at most `max` (the CSV export); pages through list(). */
  async listAll(user: AuthUser, q: TaskQueryDto, max = 10_000): Promise<InboxItem[]> {
    const all: InboxItem[] = [];
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
