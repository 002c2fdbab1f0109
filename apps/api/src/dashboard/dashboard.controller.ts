import { Controller, Get, Query } from '@nestjs/common';
import { CurrentUser, Roles, TeamScope, type AuthUser } from '../auth';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ErrorCode } from '../common/domain-error';
import { ApiProblems, ApiZodQuery } from '../openapi/zod-openapi';
import { ApiZodResponse } from '../openapi/response-schemas';
import { DashboardService } from './dashboard.service';
import { TrialKpiService } from './trial-kpis.service';
import { trialKpisQuerySchema, trialKpisResponse, type TrialKpisQueryDto } from './dtos/trial-kpis.dto';
import {
  forecastQuerySchema,
  onTimeQuerySchema,
  overdueCasesQuerySchema,
  overdueQuerySchema,
  passivityQuerySchema,
  type ForecastQueryDto,
  type OnTimeQueryDto,
  type OverdueCasesQueryDto,
  type OverdueQueryDto,
  type PassivityQueryDto,
} from './dtos/dashboard-query.dto';

/** Managers' monitoring of their own teams; `?team=` narrows to one of them (403 for a team not theirs). */
@Roles('manager')
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly trials: TrialKpiService,
  ) {}

  @Get('overdue')
  @ApiZodQuery(overdueQuerySchema)
  overdue(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(overdueQuerySchema)) q: OverdueQueryDto) {
    return this.dashboard.overdue({ teams: TeamScope.teamsFor(user, q.team) });
  }

  @Get('overdue/cases')
  @ApiZodQuery(overdueCasesQuerySchema)
  overdueCases(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(overdueCasesQuerySchema)) q: OverdueCasesQueryDto,
  ) {
    const { team, ...filter } = q;
    return this.dashboard.overdueCases({ teams: TeamScope.teamsFor(user, team) }, filter);
  }

  @Get('on-time')
  @ApiZodQuery(onTimeQuerySchema)
  onTime(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(onTimeQuerySchema)) q: OnTimeQueryDto) {
    return this.dashboard.onTime({ teams: TeamScope.teamsFor(user, q.team) }, q);
  }

  @Get('forecast')
  @ApiZodQuery(forecastQuerySchema)
  forecast(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(forecastQuerySchema)) q: ForecastQueryDto) {
    return this.dashboard.forecast({ teams: TeamScope.teamsFor(user, q.team) });
  }

  @Get('passivity')
  @ApiZodQuery(passivityQuerySchema)
  passivity(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(passivityQuerySchema)) q: PassivityQueryDto) {
    const { team, ...filter } = q;
    return this.dashboard.passivity({ teams: TeamScope.teamsFor(user, team) }, filter);
  }

  /** KPIs per arm of a trial programme (trials spec U6): enrolled, fritagelse, weekly contacts, statutory follow-ups, hours. */
  @Get('trials')
  @ApiZodQuery(trialKpisQuerySchema)
  @ApiZodResponse(200, trialKpisResponse)
  @ApiProblems(ErrorCode.ProgrammeNotFound)
  trialKpis(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(trialKpisQuerySchema)) q: TrialKpisQueryDto) {
    const { team, ...filter } = q;
    return this.trials.kpis({ teams: TeamScope.teamsFor(user, team) }, filter);
  }
}
