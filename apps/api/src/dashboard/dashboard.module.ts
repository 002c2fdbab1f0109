import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { TrialKpiService } from './trial-kpis.service';

@Module({ controllers: [DashboardController], providers: [DashboardService, TrialKpiService] })
export class DashboardModule {}
