import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiZodResponse, enrolmentListResponse, trialDecisionResponse } from '../openapi/response-schemas';
import { ApiProblems, ApiZodBody, CASE_EVENT_PROBLEMS } from '../openapi/zod-openapi';
import {
  assignTrialSchema,
  exemptTrialSchema,
  programParamSchema,
  type AssignTrialDto,
  type ExemptTrialDto,
} from './dtos/trial.dto';
import { TrialsService } from './trials.service';

/** A case's trial enrolments (forsøg): randomisation into an arm and fritagelse, each with a reason and audited. */
@ApiTags('trials')
@Roles('caseworker', 'manager')
@Controller('api/v1/cases/:id/trials')
export class TrialsController {
  constructor(private readonly trials: TrialsService) {}

  @Get()
  @ApiOperation({
    summary: "The case's trial enrolments (programme, arm, period, status, fritagelse) from the read model",
  })
  @ApiZodResponse(200, enrolmentListResponse)
  @ApiProblems(ErrorCode.CaseNotFound)
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.trials.enrolments(user, id);
  }

  @Post(':program/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Randomise the case into an arm of a programme (TRIAL_ASSIGNED) with a reason; idempotent on eventId',
    description:
      'Refused when the engine would ignore the assignment: outside the enrolment window, entry rule not met on ' +
      'that date (sygedagpenge: the date of an accepted first follow-up; fleksjob: in phase LY), or an enrolment ' +
      'under the same programme prefix exists. The reason goes to the audit trail.',
  })
  @ApiZodBody(assignTrialSchema)
  @ApiZodResponse(200, trialDecisionResponse)
  @ApiProblems(
    ErrorCode.InvalidEvent,
    ErrorCode.CaseNotFound,
    ErrorCode.ProgrammeNotFound,
    ErrorCode.TrialArmNotFound,
    ErrorCode.CaseTypeNotInProgramme,
    ErrorCode.TrialEntryNotMet,
    ErrorCode.AlreadyEnrolled,
    ErrorCode.EventIdConflict,
    ErrorCode.EventInFuture,
    ErrorCode.CaseClosed,
    ...CASE_EVENT_PROBLEMS,
  )
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('program', new ZodValidationPipe(programParamSchema)) program: string,
    @Body(new ZodValidationPipe(assignTrialSchema)) dto: AssignTrialDto,
  ) {
    return this.trials.assign(user, id, program, dto);
  }

  @Post(':program/exempt')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exempt the case from a programme (fritagelse, TRIAL_EXEMPTED) with a reason code; idempotent on eventId',
    description:
      'The reason code must be one of the programme’s fritagelse codes and in force on the date (codes added by the ' +
      'midtvejsjustering only from its date: REASON_NOT_EFFECTIVE). Both arms can be exempted; it is final. The code ' +
      'and the optional note go to the audit trail.',
  })
  @ApiZodBody(exemptTrialSchema)
  @ApiZodResponse(200, trialDecisionResponse)
  @ApiProblems(
    ErrorCode.InvalidEvent,
    ErrorCode.CaseNotFound,
    ErrorCode.ProgrammeNotFound,
    ErrorCode.ReasonCodeNotFound,
    ErrorCode.ReasonNotEffective,
    ErrorCode.CaseTypeNotInProgramme,
    ErrorCode.NotEnrolled,
    ErrorCode.EventNotAdmissible,
    ErrorCode.EventIdConflict,
    ErrorCode.EventInFuture,
    ErrorCode.CaseClosed,
    ...CASE_EVENT_PROBLEMS,
  )
  exempt(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('program', new ZodValidationPipe(programParamSchema)) program: string,
    @Body(new ZodValidationPipe(exemptTrialSchema)) dto: ExemptTrialDto,
  ) {
    return this.trials.exempt(user, id, program, dto);
  }
}
