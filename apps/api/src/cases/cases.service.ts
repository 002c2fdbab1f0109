import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  applyEventsUpdate,
  CASE_WORKFLOW_TYPE,
  caseSnapshotQuery,
  caseWorkflowId,
  CaseTeamAttr,
  copenhagenDate,
  type ApplyEventsResult,
  type CaseWorkflowInput,
  type SubmittedEvent,
} from '@frist/contracts';
import { TimelineValidationError, validateEvent } from '@frist/obligations';
import { Clock } from '@frist/config';
import { CaseEntity, CaseEventEntity, TaskEntity } from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { DomainError, ErrorCode } from '../common/domain-error';
import { looksLikeCpr } from '../common/schemas';
import { TemporalClientService } from '../temporal/temporal-client.service';
import { fromTemporalError } from '../temporal/temporal-errors';
import type { CreateCaseDto, SubmittedEventDto } from './dtos/case.dto';

export interface CaseView {
  id: string;
  citizenRef: string;
  team: string;
  birthDate: string;
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
  }[];
}

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateCaseDto): Promise<{ created: boolean; result: ApplyEventsResult }> {
    const actor = user.sub;
    if (looksLikeCpr(dto.citizenRef)) {
      throw new DomainError(
        ErrorCode.CprNotAllowed,
        "citizenRef looks like a CPR number; send the fagsystem's opaque reference instead",
        [{ field: 'citizenRef', message: 'looks like a CPR number' }],
      );
    }
    if (!TeamScope.has(user, dto.team))
      throw new DomainError(ErrorCode.Forbidden, `you may create cases only for your own teams`, [
        { field: 'team', message: 'is not one of your teams' },
      ]);
    const today = copenhagenDate(this.clock.now().getTime());
    if (dto.birthDate > today)
      throw new DomainError(ErrorCode.ValidationFailed, 'birthDate is in the future', [
        { field: 'birthDate', message: 'is in the future' },
      ]);
    const caseId = dto.caseId ?? randomUUID();
    const existing = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    // Another team's case answers like differing facts: the same 409, nothing about its team or contents.
    if (
      existing &&
      (!TeamScope.has(user, existing.team) ||
        existing.team !== dto.team ||
        existing.birthDate !== dto.birthDate ||
        existing.citizenRef !== dto.citizenRef)
    ) {
      throw new DomainError(ErrorCode.CaseExists, `case ${caseId} exists with other facts`);
    }
    const submitted = this.toSubmitted(dto.events, actor);
    if (existing) {
      // Repeating a create is idempotent: only the events it carries are (idempotently) applied.
      if (submitted.length === 0) return { created: false, result: { ...(await this.snapshot(caseId)), accepted: [] } };
      return { created: false, result: await this.registerEvents(user, caseId, dto.events) };
    }
    const events: SubmittedEvent[] = [
      { eventId: 'case-opened', event: { type: 'CASE_OPENED', date: today }, ...(actor ? { actor } : {}) },
      ...submitted,
    ];
    const input: CaseWorkflowInput = {
      facts: { caseId, citizenRef: dto.citizenRef, team: dto.team, birthDate: dto.birthDate },
    };
    const start = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: CaseTeamAttr, value: dto.team }],
    });
    try {
      const result = await this.temporal.client.workflow.executeUpdateWithStart(applyEventsUpdate, {
        args: [{ events }],
        startWorkflowOperation: start,
      });
      return { created: true, result };
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
  }

  async registerEvents(user: AuthUser, caseId: string, submitted: SubmittedEventDto[]): Promise<ApplyEventsResult> {
    await this.findInScope(user, caseId);
    const events = this.toSubmitted(submitted, user.sub);
    try {
      return await this.temporal.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(applyEventsUpdate, { args: [{ events }] });
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
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
    const [tasks, events] = await Promise.all([
      this.dataSource
        .getRepository(TaskEntity)
        .find({ where: { caseId }, order: { dueOn: 'ASC', obligationCode: 'ASC', occurrence: 'ASC' } }),
      this.dataSource
        .getRepository(CaseEventEntity)
        .find({ where: { caseId }, order: { eventDate: 'ASC', id: 'ASC' } }),
    ]);
    return {
      id: c.id,
      citizenRef: c.citizenRef,
      team: c.team,
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
      })),
    };
  }

  /** Validates each event with the engine's own rules before it travels to the workflow, naming index and field. */
  private toSubmitted(events: SubmittedEventDto[], actor: string | null): SubmittedEvent[] {
    return events.map(({ eventId, ...rest }, i) => {
      try {
        return { eventId, event: validateEvent(rest, i), ...(actor ? { actor } : {}) };
      } catch (err) {
        if (err instanceof TimelineValidationError)
          throw new DomainError(ErrorCode.InvalidEvent, err.message, err.issues);
        throw err;
      }
    });
  }
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
    explanation: t.explanation,
  };
}
