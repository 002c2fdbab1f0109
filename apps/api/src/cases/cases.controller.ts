import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  ApiZodResponse,
  applyEventsResponse,
  auditPageResponse,
  caseListResponse,
  caseSnapshotResponse,
  caseViewResponse,
} from '../openapi/response-schemas';
import {
  ApiProblems,
  ApiZodBody,
  ApiZodQuery,
  CASE_CHANGE_PROBLEMS,
  CASE_EVENT_PROBLEMS,
} from '../openapi/zod-openapi';
import { CasesService } from './cases.service';
import {
  caseQuerySchema,
  closeCaseSchema,
  createCaseSchema,
  moveCaseSchema,
  pageQuerySchema,
  type CaseQueryDto,
  type CloseCaseDto,
  type CreateCaseDto,
  type MoveCaseDto,
  type PageQueryDto,
} from './dtos/case.dto';

/** Cases of the caller's teams; another team's case answers 404 exactly like a missing one. */
@ApiTags('cases')
@Roles('caseworker', 'manager')
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a case (idempotent on caseId); citizenRef is an opaque fagsystem reference, never a CPR number',
  })
  @ApiZodBody(createCaseSchema)
  @ApiZodResponse(201, applyEventsResponse, 'Created; Location names the case')
  @ApiZodResponse(200, applyEventsResponse, 'The case existed with the same facts (idempotent repeat)')
  @ApiProblems(
    ErrorCode.CaseNotFound,
    ErrorCode.CaseClosed,
    ErrorCode.CprNotAllowed,
    ErrorCode.InvalidEvent,
    ErrorCode.CaseExists,
    ErrorCode.EventInFuture,
    ErrorCode.UnknownTeam,
    ...CASE_EVENT_PROBLEMS,
  )
  async create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(createCaseSchema)) dto: CreateCaseDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, result } = await this.cases.create(user, dto);
    res.status(created ? 201 : 200).location(`/api/v1/cases/${result.caseId}`);
    return result;
  }

  @Get()
  @ApiOperation({ summary: "The caller's cases by next due date (nothing due last), keyset-paginated" })
  @ApiZodQuery(caseQuerySchema)
  @ApiZodResponse(200, caseListResponse)
  @ApiProblems(ErrorCode.InvalidCursor)
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(caseQuerySchema)) q: CaseQueryDto) {
    return this.cases.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case: timeline (with corrections and retractions) and obligations with explanations' })
  @ApiZodResponse(200, caseViewResponse)
  @ApiProblems(ErrorCode.CaseNotFound)
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.get(user, id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "The case's audit trail in time order, keyset-paginated" })
  @ApiZodQuery(pageQuerySchema)
  @ApiZodResponse(200, auditPageResponse)
  @ApiProblems(ErrorCode.CaseNotFound, ErrorCode.InvalidCursor)
  audit(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(pageQuerySchema)) q: PageQueryDto,
  ) {
    return this.cases.auditTrail(user, id, q);
  }

  @Post(':id/move')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the case to another team',
    description:
      'The caller must belong to the target team too, or be a manager of the source team; the target must be a ' +
      'registered team (GET /api/v1/teams).',
  })
  @ApiZodBody(moveCaseSchema)
  @ApiZodResponse(200, caseSnapshotResponse)
  @ApiProblems(
    ErrorCode.CaseNotFound,
    ErrorCode.ReasonRequired,
    ErrorCode.CaseClosed,
    ErrorCode.UnknownTeam,
    ...CASE_CHANGE_PROBLEMS,
  )
  move(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(moveCaseSchema)) dto: MoveCaseDto,
  ) {
    return this.cases.move(user, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the case (a CASE_CLOSED event; cancels everything open); idempotent on eventId' })
  @ApiZodBody(closeCaseSchema)
  @ApiZodResponse(200, applyEventsResponse)
  @ApiProblems(
    ErrorCode.InvalidEvent,
    ErrorCode.CaseNotFound,
    ErrorCode.EventInFuture,
    ErrorCode.EventIdConflict,
    ErrorCode.CaseClosed,
    ...CASE_EVENT_PROBLEMS,
  )
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(closeCaseSchema)) dto: CloseCaseDto,
  ) {
    return this.cases.close(user, id, dto);
  }
}
