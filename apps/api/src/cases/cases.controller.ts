import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
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

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(caseQuerySchema)) q: CaseQueryDto) {
    return this.cases.list(user, q);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.get(user, id);
  }

  @Get(':id/audit')
  audit(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(pageQuerySchema)) q: PageQueryDto,
  ) {
    return this.cases.auditTrail(user, id, q);
  }

  @Post(':id/move')
  @HttpCode(200)
  move(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(moveCaseSchema)) dto: MoveCaseDto,
  ) {
    return this.cases.move(user, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(closeCaseSchema)) dto: CloseCaseDto,
  ) {
    return this.cases.close(user, id, dto);
  }
}
