import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiCsvExport, csvDownload, wantsCsv } from '../exports/csv-response';
import { tasksCsv } from '../exports/export-tables';
import { ApiTaskResponse, ApiZodResponse, taskEventResponse, taskPageResponse } from '../openapi/response-schemas';
import { ApiProblems, ApiZodBody, ApiZodQuery, EVENT_REGISTRATION_PROBLEMS } from '../openapi/zod-openapi';
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

const MUTATION_PROBLEMS = [ErrorCode.TaskNotFound, ErrorCode.PreconditionFailed, ErrorCode.PreconditionRequired];
const EVENT_PROBLEMS = [...MUTATION_PROBLEMS, ErrorCode.TaskNotOpen, ...EVENT_REGISTRATION_PROBLEMS];

/** Documents the required If-Match header (the ETag of the task as read). */
function IfMatch() {
  return ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the task as read, e.g. "7"' });
}

/**
 * Tasks of the caller's teams. Reads return an ETag (the task's version); every mutation needs If-Match with it
 * (428 without, 412 when the task changed since).
 */
@ApiTags('tasks')
@Roles('caseworker', 'manager')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The inbox: tasks of the caller's teams by due date, keyset-paginated",
    description: 'As CSV (`format=csv` or `Accept: text/csv`): every task the filter selects, up to 10,000, one file.',
  })
  @ApiZodQuery(taskQuerySchema)
  @ApiZodResponse(200, taskPageResponse)
  @ApiCsvExport()
  @ApiProblems(ErrorCode.InvalidCursor)
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(taskQuerySchema)) q: TaskQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!wantsCsv(req, q.format)) return this.tasks.list(user, q);
    const today = copenhagenDate(this.clock.now().getTime());
    return csvDownload(res, 'opgaver', today, tasksCsv(await this.tasks.listAll(user, q)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task; the ETag header is its version, for If-Match on changes' })
  @ApiTaskResponse()
  @ApiProblems(ErrorCode.TaskNotFound)
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tasks.get(user, id));
  }

  @Post(':id/claim')
  @HttpCode(200)
  @IfMatch()
  @ApiOperation({ summary: 'Take an open task for oneself' })
  @ApiTaskResponse()
  @ApiProblems(...MUTATION_PROBLEMS, ErrorCode.TaskNotOpen, ErrorCode.TaskAssigned)
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
  @IfMatch()
  @ApiOperation({ summary: "Release a task: one's own, or as a manager anyone's" })
  @ApiTaskResponse()
  @ApiProblems(...MUTATION_PROBLEMS)
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
  @IfMatch()
  @ApiOperation({ summary: 'Assign an open task to a user (sub), or unassign with null' })
  @ApiZodBody(assignTaskSchema)
  @ApiTaskResponse()
  @ApiProblems(...MUTATION_PROBLEMS, ErrorCode.TaskNotOpen)
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
  @IfMatch()
  @ApiOperation({
    summary: "Complete a task by registering its obligation's meeting event (spec §D 'Met by')",
    description:
      "The body carries the event's own fields (e.g. form for contact-14d, outcome for temporary-status-54m); " +
      'the type follows from the task. A retry with the same eventId answers the same.',
  })
  @ApiZodBody(completeTaskSchema)
  @ApiTaskResponse(taskEventResponse)
  @ApiProblems(ErrorCode.CaseNotFound, ...EVENT_PROBLEMS)
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
  @IfMatch()
  @ApiOperation({ summary: 'Waive this occurrence with a reason (OBLIGATION_WAIVED); recurring obligations continue' })
  @ApiZodBody(waiveTaskSchema)
  @ApiTaskResponse(taskEventResponse)
  @ApiProblems(ErrorCode.CaseNotFound, ...EVENT_PROBLEMS)
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
