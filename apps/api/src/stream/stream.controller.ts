import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '@frist/config';
import type { TaskChange } from '@frist/persistence';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { DomainError, ErrorCode } from '../common/domain-error';
import { teamSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { APP_CONFIG } from '../config/config.module';
import { ApiProblems, ApiZodQuery } from '../openapi/zod-openapi';
import { TaskChangeFeed } from './task-change-feed.service';

const HEARTBEAT_MS = 15_000;
/** Streams end after this long; the client reconnects with Last-Event-ID, which re-checks its token. */
const MAX_STREAM_MS = 10 * 60_000;
const MAX_STREAMS = 1_000;

export const streamQuerySchema = z.object({ team: teamSchema.optional() });

/**
 * Server-Sent Events of task changes in the caller's teams (`event: task-change`, `id:` = outbox id). Resume with
 * Last-Event-ID (EventSource sends it on reconnect). Browsers' EventSource cannot send an Authorization header;
 * use a fetch-based reader (or a proxy that adds the header).
 */
@ApiTags('tasks')
@Roles('caseworker', 'manager')
@Controller('api/v1/tasks/stream')
export class StreamController {
  /** Open streams per user (sub) in this process: one user cannot hold the process's stream capacity. */
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly feed: TaskChangeFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Server-Sent Events: task changes of the caller's teams (event task-change, id = change id)",
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'text/event-stream: `id: <change id>`, `event: task-change`, `data: <JSON task change>`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiZodQuery(streamQuerySchema)
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this change id' })
  @ApiProblems(ErrorCode.TooManyStreams, ErrorCode.TooManyUserStreams)
  async stream(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(streamQuerySchema)) q: z.infer<typeof streamQuerySchema>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const teams = TeamScope.teamsFor(user, q.team);
    if (lastEventId !== undefined && !/^\d{1,18}$/.test(lastEventId))
      throw new DomainError(ErrorCode.ValidationFailed, 'Last-Event-ID must be an event id this stream sent');
    if (this.feed.size >= MAX_STREAMS)
      throw new DomainError(ErrorCode.TooManyStreams, 'too many open streams; retry shortly');
    const mine = this.perUser.get(user.sub) ?? 0;
    if (mine >= this.config.api.maxStreamsPerUser) {
      res.setHeader('Retry-After', '30');
      throw new DomainError(
        ErrorCode.TooManyUserStreams,
        `you have ${mine} open change streams, the most one user may hold; close one first`,
      );
    }
    const send = (c: TaskChange) => res.write(`id: ${c.id}\nevent: task-change\ndata: ${JSON.stringify(c)}\n\n`);
    // A resume too far behind gets `event: reset` (reload your lists) and a fresh start on reconnect.
    const reset = () => res.end('event: reset\ndata: {}\n\n');
    // Subscribe before the headers go out, so a failure here is still an ordinary problem-details answer.
    // The slot is taken before the first await, so concurrent requests cannot all pass the check.
    this.perUser.set(user.sub, mine + 1);
    let closed = false;
    const release = () => {
      if (closed) return; // req and res both report the close
      closed = true;
      const left = (this.perUser.get(user.sub) ?? 1) - 1;
      if (left > 0) this.perUser.set(user.sub, left);
      else this.perUser.delete(user.sub);
    };
    let subscription: Awaited<ReturnType<TaskChangeFeed['subscribe']>>;
    try {
      subscription = await this.feed.subscribe(teams, lastEventId, { send, end: () => res.end(), reset });
    } catch (err) {
      release();
      throw err;
    }
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = setTimeout(() => res.end(), MAX_STREAM_MS);
    const close = () => {
      release();
      subscription.close();
      clearInterval(heartbeat);
      clearTimeout(end);
    };
    req.once('close', close);
    res.once('close', close);
    if (req.socket.destroyed) close(); // the client left while we subscribed: no close event will come
  }
}
