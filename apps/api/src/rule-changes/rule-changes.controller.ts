import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiZodResponse } from '../openapi/response-schemas';
import { ApiProblems, ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import {
  approveRuleChangeSchema,
  draftRuleChangeSchema,
  ruleChangeListResponse,
  ruleChangeQuerySchema,
  ruleChangeResponse,
  type ApproveRuleChangeDto,
  type DraftRuleChangeDto,
  type RuleChangeQueryDto,
} from './rule-changes.schemas';
import { RuleChangesService } from './rule-changes.service';

/**
 * Governed rule changes: a rule set, a local policy decision or a law migration goes draft → approved → published
 * before any rollout may apply it. A jurist other than the drafter approves, naming the legal sources checked.
 */
@ApiTags('rule-changes')
@Controller('api/v1/rule-changes')
export class RuleChangesController {
  constructor(private readonly changes: RuleChangesService) {}

  @Get()
  @Roles('manager', 'ops', 'jurist')
  @ApiOperation({ summary: 'Rule changes, newest first (filter by status and kind)' })
  @ApiZodQuery(ruleChangeQuerySchema)
  @ApiZodResponse(200, ruleChangeListResponse)
  list(@Query(new ZodValidationPipe(ruleChangeQuerySchema)) q: RuleChangeQueryDto) {
    return this.changes.list(q);
  }

  @Get(':id')
  @Roles('manager', 'ops', 'jurist')
  @ApiOperation({ summary: 'One rule change with its dry-run impact and audit trail' })
  @ApiZodResponse(200, ruleChangeResponse)
  @ApiProblems(ErrorCode.RuleChangeNotFound)
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.changes.get(id);
  }

  @Post()
  @Roles('manager', 'ops', 'jurist')
  @ApiOperation({ summary: 'Draft a rule change (with the dry run impact the approver will see)' })
  @ApiZodBody(draftRuleChangeSchema)
  @ApiZodResponse(201, ruleChangeResponse)
  @ApiProblems(ErrorCode.RuleChangeRoleRequired, ErrorCode.RuleChangeInvalid)
  draft(@CurrentUser() user: AuthUser, @Body(new ZodValidationPipe(draftRuleChangeSchema)) dto: DraftRuleChangeDto) {
    return this.changes.draft(user, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('jurist')
  @ApiOperation({ summary: 'Approve a draft (jurist, never the drafter), naming the legal sources checked' })
  @ApiZodBody(approveRuleChangeSchema)
  @ApiZodResponse(200, ruleChangeResponse)
  @ApiProblems(
    ErrorCode.RuleChangeRoleRequired,
    ErrorCode.RuleChangeNotFound,
    ErrorCode.FourEyesRequired,
    ErrorCode.SourcesRequired,
    ErrorCode.RuleChangeWrongState,
    ErrorCode.RuleSetNotVerified,
  )
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(approveRuleChangeSchema)) dto: ApproveRuleChangeDto,
  ) {
    return this.changes.approve(user, id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('jurist', 'manager')
  @ApiOperation({ summary: 'Publish an approved change: from now on a rollout may apply it' })
  @ApiZodResponse(200, ruleChangeResponse)
  @ApiProblems(
    ErrorCode.RuleChangeRoleRequired,
    ErrorCode.RuleChangeNotFound,
    ErrorCode.RuleChangeWrongState,
    ErrorCode.RuleSetNotVerified,
  )
  publish(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.changes.publish(user, id);
  }
}
