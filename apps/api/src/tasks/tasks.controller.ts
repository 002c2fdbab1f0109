import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  assignTaskSchema,
  completeTaskSchema,
  waiveTaskSchema,
  type AssignTaskDto,
  type CompleteTaskDto,
  type WaiveTaskDto,
} from './dtos/task-action.dto';
import { taskQuerySchema, type TaskQueryDto } from './dtos/task-query.dto';
import { etagOf } from './if-match';
import { TasksService, type TaskEventResult, type TaskView } from './tasks.service';

/**
 * Tasks of the caller's teams. Reads return an ETag (the task's version); every mutation needs If-Match with it
 * (428 without, 412 when the task changed since).
 */
@Roles('caseworker', 'manager')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(taskQuerySchema)) q: TaskQueryDto) {
    return this.tasks.list(user, q);
  }

  @Get(':id')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tasks.get(user, id));
  }

  @Post(':id/claim')
  @HttpCode(200)
  async claim(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tasks.claim(user, id, ifMatch));
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  async unclaim(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tasks.unclaim(user, id, ifMatch));
  }

  @Post(':id/assign')
  @Roles('manager')
  @HttpCode(200)
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodValidationPipe(assignTaskSchema)) dto: AssignTaskDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tasks.assign(user, id, ifMatch, dto.assignee));
  }

  @Post(':id/complete')
  @HttpCode(200)
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodValidationPipe(completeTaskSchema)) dto: CompleteTaskDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withResultEtag(res, await this.tasks.complete(user, id, ifMatch, dto));
  }

  @Post(':id/waive')
  @HttpCode(200)
  async waive(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodValidationPipe(waiveTaskSchema)) dto: WaiveTaskDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withResultEtag(res, await this.tasks.waive(user, id, ifMatch, dto));
  }
}

function withEtag(res: Response, task: TaskView): TaskView {
  res.setHeader('ETag', etagOf(task.version));
  return task;
}

function withResultEtag(res: Response, result: TaskEventResult): TaskEventResult {
  if (result.task) res.setHeader('ETag', etagOf(result.task.version));
  return result;
}
