import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, TeamScope, type AuthUser } from '../auth';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ErrorCode } from '../common/domain-error';
import { ApiCsvExport, csvDownload, wantsCsv } from '../exports/csv-response';
import {
  forecastCsv,
  jobtalkQuotaCasesCsv,
  jobtalkQuotaCsv,
  onTimeCsv,
  overdueCasesCsv,
  overdueCsv,
  passivityCsv,
  trialKpisCsv,
} from '../exports/export-tables';
import { ApiProblems, ApiZodQuery } from '../openapi/zod-openapi';
import { ApiZodResponse } from '../openapi/response-schemas';
import { DashboardService } from './dashboard.service';
import { TrialKpiService } from './trial-kpis.service';
import { JobtalkQuotaService } from './jobtalk-quota.service';
import {
  exemptionShareQuerySchema,
  exemptionShareResponse,
  jobtalkQuotaCasesQuerySchema,
  jobtalkQuotaCasesResponse,
  jobtalkQuotaQuerySchema,
  jobtalkQuotaResponse,
  type ExemptionShareQueryDto,
  type JobtalkQuotaCasesQueryDto,
  type JobtalkQuotaQueryDto,
} from './dtos/jobtalk-quota.dto';
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

/**
 * Managers' monitoring of their own teams; `?team=` narrows to one of them (403 for a team not theirs). Every
 * table also answers as CSV (`format=csv` or `Accept: text/csv`), named after the dashboard and its date.
 */
@Roles('manager')
@Controller('api/v1/dashboard')
@ApiCsvExport()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly trials: TrialKpiService,
    private readonly quota: JobtalkQuotaService,
  ) {}

  /** JSON, or the same answer through its CSV table. */
  private static answer<T extends { today: string }>(
    req: Request,
    res: Response,
    format: 'json' | 'csv' | undefined,
    name: string,
    result: T,
    csv: (r: T) => string,
  ): T | string {
    return wantsCsv(req, format) ? csvDownload(res, name, result.today, csv(result)) : result;
  }

  @Get('overdue')
  @ApiZodQuery(overdueQuerySchema)
  async overdue(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(overdueQuerySchema)) q: OverdueQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.dashboard.overdue({ teams: TeamScope.teamsFor(user, q.team) });
    return DashboardController.answer(req, res, q.format, 'forfaldne', result, overdueCsv);
  }

  @Get('overdue/cases')
  @ApiZodQuery(overdueCasesQuerySchema)
  async overdueCases(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(overdueCasesQuerySchema)) q: OverdueCasesQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { team, format, ...filter } = q;
    const result = await this.dashboard.overdueCases({ teams: TeamScope.teamsFor(user, team) }, filter);
    return DashboardController.answer(req, res, format, 'forfaldne-sager', result, overdueCasesCsv);
  }

  @Get('on-time')
  @ApiZodQuery(onTimeQuerySchema)
  async onTime(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(onTimeQuerySchema)) q: OnTimeQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.dashboard.onTime({ teams: TeamScope.teamsFor(user, q.team) }, q);
    return DashboardController.answer(req, res, q.format, 'rettidighed', result, onTimeCsv);
  }

  @Get('forecast')
  @ApiZodQuery(forecastQuerySchema)
  async forecast(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(forecastQuerySchema)) q: ForecastQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.dashboard.forecast({ teams: TeamScope.teamsFor(user, q.team) });
    return DashboardController.answer(req, res, q.format, 'prognose', result, forecastCsv);
  }

  @Get('passivity')
  @ApiZodQuery(passivityQuerySchema)
  async passivity(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(passivityQuerySchema)) q: PassivityQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { team, format, ...filter } = q;
    const result = await this.dashboard.passivity({ teams: TeamScope.teamsFor(user, team) }, filter);
    return DashboardController.answer(req, res, format, 'passive-sager', result, passivityCsv);
  }

  /** KPIs per arm of a trial programme (trials spec U6): enrolled, fritagelse, weekly contacts, statutory follow-ups, hours. */
  @Get('trials')
  @ApiZodQuery(trialKpisQuerySchema)
  @ApiZodResponse(200, trialKpisResponse)
  @ApiProblems(ErrorCode.ProgrammeNotFound)
  async trialKpis(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(trialKpisQuerySchema)) q: TrialKpisQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { team, format, ...filter } = q;
    const result = await this.trials.kpis({ teams: TeamScope.teamsFor(user, team) }, filter);
    return DashboardController.answer(req, res, format, `forsoeg-${q.programme}`, result, trialKpisCsv);
  }

  /**
   * The job-talk quota (law-2026 O5) of ledighedsydelse periods by their last day, per quarter of the range: met,
   * exempted, short, ended early, open, the shares and the status, and the periods at risk. The legal 75 % pools
   * groups frist does not see, so this is the ledighedsydelse-andel.
   */
  @Get('jobtalk-quota')
  @ApiZodQuery(jobtalkQuotaQuerySchema)
  @ApiZodResponse(200, jobtalkQuotaResponse)
  async jobtalkQuota(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(jobtalkQuotaQuerySchema)) q: JobtalkQuotaQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.quota.report(TeamScope.teamsFor(user, q.team), q, q.limit ?? 200);
    return DashboardController.answer(req, res, q.format, 'jobsamtaler-andel', result, jobtalkQuotaCsv);
  }

  /** Drill-down: the periods behind a quota figure, with their cases. */
  @Get('jobtalk-quota/cases')
  @ApiZodQuery(jobtalkQuotaCasesQuerySchema)
  @ApiZodResponse(200, jobtalkQuotaCasesResponse)
  async jobtalkQuotaCases(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(jobtalkQuotaCasesQuerySchema)) q: JobtalkQuotaCasesQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.quota.periods(TeamScope.teamsFor(user, q.team), {
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
    return DashboardController.answer(req, res, q.format, 'jobsamtaler-perioder', result, jobtalkQuotaCasesCsv);
  }

  /**
   * For the caseworker recording a job-talk exemption: the exempted share of the quarter it counts in, for the
   * case's team and the municipality, and whether it is above 25 % (law-2026 O5: shown and warned, never refused).
   */
  @Get('jobtalk-quota/exemption-share')
  @Roles('caseworker', 'manager')
  @ApiZodQuery(exemptionShareQuerySchema)
  @ApiZodResponse(200, exemptionShareResponse)
  async exemptionShare(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(exemptionShareQuerySchema)) q: ExemptionShareQueryDto,
  ) {
    const [team] = TeamScope.teamsFor(user, q.team);
    return this.quota.exemptionShare(team ?? q.team, q.on);
  }
}
