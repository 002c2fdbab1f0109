import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import { eventIdSchema, type SubmittedEventDto } from '../cases/dtos/case.dto';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { applyEventsResponse, ApiZodResponse, correctEventResponse } from '../openapi/response-schemas';
import {
  ApiProblems,
  ApiZodBody,
  CASE_CHANGE_PROBLEMS,
  CASE_EVENT_PROBLEMS,
  EVENT_REGISTRATION_PROBLEMS,
} from '../openapi/zod-openapi';
import {
  correctEventSchema,
  eventsBodySchema,
  retractEventSchema,
  type CorrectEventDto,
  type EventsBodyDto,
  type RetractEventDto,
} from './dtos/event.dto';
import { EventsService } from './events.service';

/** A case's timeline: register events (idempotent per eventId), retract or correct them with a reason. */
@ApiTags('events')
@Roles('caseworker', 'manager')
@Controller('api/v1/cases/:id/events')
export class EventsController {
  constructor(
    private readonly cases: CasesService,
    private readonly events: EventsService,
  ) {}

  /** One event (`{eventId, type, date, ...}`) or a batch (`{events: [...]}`); idempotent per eventId. */
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Register one event or a batch; idempotent per eventId (same id, other content: 409)' })
  @ApiZodBody(eventsBodySchema)
  @ApiZodResponse(200, applyEventsResponse)
  @ApiProblems(ErrorCode.CaseNotFound, ...EVENT_REGISTRATION_PROBLEMS)
  register(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(eventsBodySchema)) body: EventsBodyDto,
  ) {
    const events: SubmittedEventDto[] = 'eventId' in body ? [body] : body.events;
    return this.cases.registerEvents(user, id, events);
  }

  @Post(':eventId/retract')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retract an event with a reason; it stays in the timeline, marked, and stops counting' })
  @ApiZodBody(retractEventSchema)
  @ApiZodResponse(200, correctEventResponse)
  @ApiProblems(
    ErrorCode.CaseClosed,
    ErrorCode.CaseNotFound,
    ErrorCode.EventNotFound,
    ErrorCode.EventIdConflict,
    ErrorCode.ReasonRequired,
    ...CASE_CHANGE_PROBLEMS,
  )
  retract(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('eventId', new ZodValidationPipe(eventIdSchema)) eventId: string,
    @Body(new ZodValidationPipe(retractEventSchema)) dto: RetractEventDto,
  ) {
    return this.events.retract(user, id, eventId, dto.reason);
  }

  @Post(':eventId/correct')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace an event by a corrected one (new eventId) with a reason' })
  @ApiZodBody(correctEventSchema)
  @ApiZodResponse(200, correctEventResponse)
  @ApiProblems(
    ErrorCode.CaseNotFound,
    ErrorCode.EventNotFound,
    ErrorCode.EventIdConflict,
    ErrorCode.InvalidEvent,
    ErrorCode.EventInFuture,
    ErrorCode.ReasonRequired,
    ErrorCode.EventNotAdmissible,
    ErrorCode.CaseClosed,
    ...CASE_EVENT_PROBLEMS,
  )
  correct(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('eventId', new ZodValidationPipe(eventIdSchema)) eventId: string,
    @Body(new ZodValidationPipe(correctEventSchema)) dto: CorrectEventDto,
  ) {
    return this.events.correct(user, id, eventId, dto.reason, dto.replacement);
  }
}
