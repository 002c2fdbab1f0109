import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CasesService } from '../cases/cases.service';
import { eventIdSchema, type SubmittedEventDto } from '../cases/dtos/case.dto';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
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
  correct(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('eventId', new ZodValidationPipe(eventIdSchema)) eventId: string,
    @Body(new ZodValidationPipe(correctEventSchema)) dto: CorrectEventDto,
  ) {
    return this.events.correct(user, id, eventId, dto.reason, dto.replacement);
  }
}
