import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import {
  computeObligations,
  programmeVersionOn,
  type CaseEvent,
  type CaseFacts,
  type CaseTypeId,
  type EngineResult,
  type TrialProgramme,
} from '@frist/obligations';
import { TrialCatalogue } from '@frist/activities';
import { Clock } from '@frist/config';
import { CaseEnrolmentEntity, CaseEventEntity, readTimelines, type CaseEntity } from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { CasesService, type CaseAnswer } from '../cases/cases.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { AssignTrialDto, ExemptTrialDto } from './dtos/trial.dto';

export interface EnrolmentView {
  program: string;
  programName: string;
  arm: 'participant' | 'control';
  /** The programme version in force on the assignment date. */
  version: string;
  assignedOn: string;
  lastDayOn: string;
  status: 'active' | 'completed' | 'exempted' | 'ended';
  endedOn: string | null;
  outcome: string | null;
  exemptionReason: string | null;
  /** Danish meaning of the fritagelse code. */
  exemptionReasonText: string | null;
}

/** The workflow's answer, with the case's enrolments as the read model now shows them. */
export type TrialDecisionResult = Omit<CaseAnswer, 'enrolments'> & { enrolments: EnrolmentView[] };

interface TrialEvent extends CaseEvent {
  eventId: string;
  program: string;
}

/**
 * Trial decisions for a case (trials-and-sygedagpenge.md T2, U3): randomisation into an arm and fritagelse. Each is
 * the TRIAL_* event on the case's timeline, sent through the same workflow update as any event (idempotent on its
 * eventId), plus an audit entry with who, when and the reason given. Before the event travels, the API asks the
 * engine itself what the event would do on the case's current timeline, so a decision the engine would ignore with
 * a warning (not in the window, no first follow-up that day, already enrolled, …) is refused with a coded problem
 * instead of landing silently in the timeline.
 */
@Injectable()
export class TrialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly catalogue: TrialCatalogue,
  ) {}

  async enrolments(user: AuthUser, caseId: string): Promise<{ items: EnrolmentView[] }> {
    await this.cases.findInScope(user, caseId);
    return { items: await this.enrolmentViews(caseId) };
  }

  async assign(user: AuthUser, caseId: string, program: string, dto: AssignTrialDto): Promise<TrialDecisionResult> {
    const c = await this.cases.findInScope(user, caseId);
    const programme = this.programme(program);
    const date = this.dateOf(dto.date);
    const event: TrialEvent = {
      eventId: dto.eventId ?? `trial-assigned:${programme.id}`,
      type: 'TRIAL_ASSIGNED',
      date,
      program: programme.id,
      arm: dto.arm,
    };
    // A repeat of a known event goes straight to the workflow, which answers it idempotently (or 409 if it differs).
    if (!(await this.knownEvent(caseId, event.eventId))) {
      if (!(programme.arms as readonly string[]).includes(dto.arm))
        throw new DomainError(
          ErrorCode.TrialArmNotFound,
          `${dto.arm} is not an arm of ${programme.id} (${programme.arms.join(', ')})`,
          [{ field: 'arm', message: `must be one of ${programme.arms.join(', ')}` }],
        );
      this.checkCaseType(programme, c);
      const { from, to } = programme.enrolmentWindow;
      if (date < from || date > to)
        throw new DomainError(
          ErrorCode.TrialEntryNotMet,
          `${date} is outside the enrolment window ${from}–${to} of ${programme.id}`,
          [{ field: 'date', message: `must be within ${from}–${to}` }],
        );
      const timeline = await this.timeline(caseId);
      const before = this.evaluate(c, timeline);
      const existing = before.enrolments.find((e) => this.catalogue.find(e.program)?.prefix === programme.prefix);
      if (existing)
        throw new DomainError(
          ErrorCode.AlreadyEnrolled,
          `the case was assigned to ${existing.program} (${existing.arm}) on ${existing.assignedOn}; one enrolment per programme`,
        );
      const warning = this.warningFor(c, timeline, event);
      if (warning) throw new DomainError(ErrorCode.TrialEntryNotMet, warning, [{ field: 'date', message: warning }]);
    }
    const result = await this.cases.registerEvents(user, caseId, [event]);
    await this.record(user, caseId, event.eventId, 'TRIAL_ASSIGNED', {
      eventId: event.eventId,
      program: programme.id,
      version: programmeVersionOn(programme, date).id,
      arm: dto.arm,
      date,
      reason: dto.reason,
    });
    return { ...result, enrolments: await this.enrolmentViews(caseId) };
  }

  async exempt(user: AuthUser, caseId: string, program: string, dto: ExemptTrialDto): Promise<TrialDecisionResult> {
    const c = await this.cases.findInScope(user, caseId);
    const programme = this.programme(program);
    const date = this.dateOf(dto.date);
    const event: TrialEvent = {
      eventId: dto.eventId ?? `trial-exempted:${programme.id}`,
      type: 'TRIAL_EXEMPTED',
      date,
      program: programme.id,
      reason: dto.reasonCode,
    };
    const code = programme.reasonCodes.find((r) => r.code === dto.reasonCode);
    if (!(await this.knownEvent(caseId, event.eventId))) {
      if (!code)
        throw new DomainError(
          ErrorCode.ReasonCodeNotFound,
          `${dto.reasonCode} is not a fritagelse code of ${programme.id}`,
          [{ field: 'reasonCode', message: `must be one of ${programme.reasonCodes.map((r) => r.code).join(', ')}` }],
        );
      // U3: a code before its effective date has no effect in the engine (REASON_NOT_EFFECTIVE); refuse it here.
      if (code.effectiveFrom > date)
        throw new DomainError(
          ErrorCode.ReasonNotEffective,
          `${code.code} is valid in ${programme.id} only from ${code.effectiveFrom}`,
          [{ field: 'reasonCode', message: `in force from ${code.effectiveFrom}` }],
        );
      this.checkCaseType(programme, c);
      const timeline = await this.timeline(caseId);
      const warning = this.warningFor(c, timeline, event);
      if (warning) {
        const enrolment = this.evaluate(c, timeline).enrolments.find((e) => e.program === programme.id);
        const why = !enrolment
          ? `the case has no enrolment in ${programme.id}`
          : enrolment.assignedOn > date
            ? `the case was assigned to ${programme.id} only on ${enrolment.assignedOn}`
            : enrolment.endedOn !== null && enrolment.endedOn <= date
              ? `the enrolment in ${programme.id} ended on ${enrolment.endedOn} (${enrolment.outcome ?? enrolment.status})`
              : undefined;
        throw why
          ? new DomainError(ErrorCode.NotEnrolled, why)
          : new DomainError(ErrorCode.EventNotAdmissible, warning, [{ field: 'date', message: warning }]);
      }
    }
    const result = await this.cases.registerEvents(user, caseId, [event]);
    await this.record(user, caseId, event.eventId, 'TRIAL_EXEMPTED', {
      eventId: event.eventId,
      program: programme.id,
      version: programmeVersionOn(programme, date).id,
      date,
      reasonCode: dto.reasonCode,
      reasonText: code?.meaning ?? null,
      note: dto.note ?? null,
    });
    return { ...result, enrolments: await this.enrolmentViews(caseId) };
  }

  private programme(program: string): TrialProgramme {
    const programme = this.catalogue.find(program);
    if (!programme) throw new DomainError(ErrorCode.ProgrammeNotFound, `no trial programme ${program}`);
    return programme;
  }

  private dateOf(date: string | undefined): string {
    const today = copenhagenDate(this.clock.now().getTime());
    if (date !== undefined && date > today)
      throw new DomainError(ErrorCode.EventInFuture, `date ${date} is after today (${today})`, [
        { field: 'date', message: 'is in the future' },
      ]);
    return date ?? today;
  }

  private checkCaseType(programme: TrialProgramme, c: CaseEntity): void {
    if (!(c.caseType in programme.caseTypes))
      throw new DomainError(
        ErrorCode.CaseTypeNotInProgramme,
        `${programme.id} takes ${Object.keys(programme.caseTypes).join(' and ')} cases, not ${c.caseType}`,
      );
  }

  private knownEvent(caseId: string, eventId: string): Promise<boolean> {
    return this.dataSource.getRepository(CaseEventEntity).existsBy({ caseId, eventId });
  }

  /** The timeline that counts, as the workflow evaluates it. */
  private async timeline(caseId: string): Promise<CaseEvent[]> {
    return (await readTimelines(this.dataSource, [caseId])).get(caseId) ?? [];
  }

  private evaluate(c: CaseEntity, events: CaseEvent[]): EngineResult {
    const facts: CaseFacts = {
      caseType: c.caseType as CaseTypeId,
      ...(c.birthDate !== null ? { birthDate: c.birthDate } : {}),
    };
    return computeObligations(facts, events, copenhagenDate(this.clock.now().getTime()), {
      programmes: this.catalogue.programmes,
    });
  }

  /** The engine's warning for the new event on the current timeline, if it would be ignored. */
  private warningFor(c: CaseEntity, timeline: CaseEvent[], event: TrialEvent): string | undefined {
    const { eventId: _eventId, ...engineEvent } = event;
    const result = this.evaluate(c, [...timeline, engineEvent]);
    return result.warnings.find((w) => w.eventIndex === timeline.length)?.reason;
  }

  private async record(
    user: AuthUser,
    caseId: string,
    eventId: string,
    action: 'TRIAL_ASSIGNED' | 'TRIAL_EXEMPTED',
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, { caseId, actor: user.sub, action, details, dedupeKey: `trial:${caseId}:${eventId}` }),
    );
  }

  private async enrolmentViews(caseId: string): Promise<EnrolmentView[]> {
    const today = copenhagenDate(this.clock.now().getTime());
    const rows = await this.dataSource
      .getRepository(CaseEnrolmentEntity)
      .find({ where: { caseId }, order: { assignedOn: 'ASC', program: 'ASC' } });
    return rows.map((r) => {
      const programme = this.catalogue.find(r.program);
      // T2 rule 3: an enrolment still active after its last day L is completed on L + 1. A control enrolment changes
      // no task at its period end, so the projection may not have run since; the rule is applied here as well.
      const completed = r.status === 'active' && r.lastDayOn < today;
      const reason = r.exemptionReason;
      return {
        program: r.program,
        programName: programme?.name ?? r.program,
        arm: r.arm as EnrolmentView['arm'],
        version: r.version,
        assignedOn: r.assignedOn,
        lastDayOn: r.lastDayOn,
        status: completed ? 'completed' : (r.status as EnrolmentView['status']),
        endedOn: completed ? addDaysIso(r.lastDayOn, 1) : r.endedOn,
        outcome: completed ? 'period-ended' : r.outcome,
        exemptionReason: reason,
        exemptionReasonText: reason ? (programme?.reasonCodes.find((x) => x.code === reason)?.meaning ?? null) : null,
      };
    });
  }
}
