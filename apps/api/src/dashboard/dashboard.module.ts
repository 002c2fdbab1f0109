import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { TrialKpiService } from './trial-kpis.service';
import { JobtalkQuotaService } from './jobtalk-quota.service';

@Module({ controllers: [DashboardController], providers: [DashboardService, TrialKpiService, JobtalkQuotaService] })
export class DashboardModule {}
