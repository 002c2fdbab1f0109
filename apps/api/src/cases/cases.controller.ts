import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CasesService } from './cases.service';
import { createCaseSchema, submittedEventSchema, type CreateCaseDto, type SubmittedEventDto } from './dtos/case.dto';

const eventsBodySchema = z.union([
  submittedEventSchema,
  z.object({ events: z.array(submittedEventSchema).min(1).max(100) }),
]);

@Roles('caseworker', 'manager')
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  async create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(createCaseSchema)) dto: CreateCaseDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, result } = await this.cases.create(user, dto);
    res.status(created ? 201 : 200).location(`/api/v1/cases/${result.caseId}`);
    return result;
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.get(user, id);
  }

  /** One event (`{eventId, type, date, ...}`) or a batch (`{events: [...]}`); idempotent per eventId. */
  @Post(':id/events')
  @HttpCode(200)
  register(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(eventsBodySchema)) body: z.infer<typeof eventsBodySchema>,
  ) {
    const events: SubmittedEventDto[] = 'eventId' in body ? [body] : body.events;
    return this.cases.registerEvents(user, id, events);
  }
}
