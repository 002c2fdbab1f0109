import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiZodResponse } from '../openapi/response-schemas';
import { ApiProblems, ApiZodBody } from '../openapi/zod-openapi';
import {
  calendarFeedCreatedResponse,
  calendarFeedListResponse,
  createCalendarFeedSchema,
  FEED_FILE,
  type CreateCalendarFeedDto,
} from './calendar-feed.dto';
import { CalendarService } from './calendar.service';

/** Where the caller reached us: feed URLs and task links use the same origin. */
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

@ApiTags('calendar')
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('feeds')
  @Roles('caseworker', 'manager')
  @ApiOperation({
    summary: 'Create a calendar feed of my open tasks (mine) or of a team (team); the URL is shown once',
    description: 'Subscribe to the URL in Outlook; revoke it with DELETE when it leaks or is no longer needed.',
  })
  @ApiZodBody(createCalendarFeedSchema)
  @ApiZodResponse(201, calendarFeedCreatedResponse)
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(createCalendarFeedSchema)) dto: CreateCalendarFeedDto,
    @Req() req: Request,
  ) {
    return this.calendar.create(user, dto, origin(req));
  }

  @Get('feeds')
  @Roles('caseworker', 'manager')
  @ApiOperation({ summary: 'My calendar feeds that are not revoked (without tokens)' })
  @ApiZodResponse(200, calendarFeedListResponse)
  list(@CurrentUser() user: AuthUser) {
    return this.calendar.list(user);
  }

  @Delete('feeds/:id')
  @Roles('caseworker', 'manager')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my calendar feeds; its URL answers 404 from now on' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblems(ErrorCode.CalendarFeedNotFound)
  async revoke(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.calendar.revoke(user, id);
  }

  @Get(':file')
  @Public()
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: 'The iCalendar feed (RFC 5545) for a feed token: all-day events on each open task’s due date',
    description:
      'No bearer token: the unguessable token in the URL is the credential (calendar clients cannot send headers).',
  })
  @ApiParam({ name: 'file', description: '<token>.ics', example: `${'A'.repeat(43)}.ics` })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar; charset=utf-8' })
  @ApiProblems(ErrorCode.CalendarFeedNotFound)
  async feed(@Param('file') file: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = FEED_FILE.exec(file)?.[1];
    if (!token) throw new DomainError(ErrorCode.CalendarFeedNotFound, 'no such calendar feed');
    const ics = await this.calendar.feed(token, origin(req));
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="frist.ics"');
    return ics;
  }
}
