import { Injectable } from '@nestjs/common';
import { caseWorkflowId, correctEventUpdate, type CorrectEventInput, type CorrectEventResult } from '@frist/contracts';
import type { ReadModelAnswer } from '../cases/cases.service';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import type { SubmittedEventDto } from '../cases/dtos/case.dto';
import { TemporalClientService } from '../temporal/temporal-client.service';
import { fromTemporalError } from '../temporal/temporal-errors';

/**
 * Corrections of a case's timeline. Both stay in the timeline and the audit trail (the workflow marks the old event
 * retracted, never deletes it) and the obligations are recomputed before the update answers.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly cases: CasesService,
    private readonly temporal: TemporalClientService,
  ) {}

  async retract(user: AuthUser, caseId: string, eventId: string, reason: string): Promise<CorrectionAnswer> {
    await this.cases.findInScope(user, caseId);
    return this.correctInWorkflow(caseId, { eventId, reason, actor: user.sub });
  }

  async correct(
    user: AuthUser,
    caseId: string,
    eventId: string,
    reason: string,
    replacement: SubmittedEventDto,
  ): Promise<CorrectionAnswer> {
    const found = await this.cases.findInScope(user, caseId);
    // The replacement is validated against the case's own event vocabulary (a sygedagpenge case has its own).
    const [submitted] = this.cases.toSubmitted([replacement], user.sub, found.caseType);
    await this.cases.assertBudget(caseId, [submitted]);
    return this.correctInWorkflow(caseId, { eventId, reason, replacement: submitted, actor: user.sub });
  }

  private async correctInWorkflow(caseId: string, input: CorrectEventInput): Promise<CorrectionAnswer> {
    let verdict: CorrectEventResult;
    try {
      // The verdict: the workflow holds no occurrences (patch 'compact-evaluation'); the read model shows them.
      verdict = await this.temporal.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(correctEventUpdate, { args: [{ ...input, answer: 'verdict' }] });
    } catch (err) {
      throw fromTemporalError(err) ?? err;
    }
    return this.cases.answerFromReadModel(verdict);
  }
}

/** A correction's answer: its verdict and `duplicate`, the occurrences from the read model. */
type CorrectionAnswer = ReadModelAnswer<
  Omit<CorrectEventResult, 'obligations' | 'enrolments' | 'periods' | 'evaluation'>
>;
