import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { SystemClock, type AppConfig, type Clock } from '@frist/config';
import { createLogger } from '@frist/observability';
import { dataSourceOptions } from '@frist/persistence';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { httpLoggerOptions } from './observability/request-logging';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OpsModule } from './ops/ops.module';
import { PreviewModule } from './preview/preview.module';
import { StreamModule } from './stream/stream.module';
import { TasksModule } from './tasks/tasks.module';
import { RuleChangesModule } from './rule-changes/rule-changes.module';
import { TeamsModule } from './teams/teams.module';
import { TemporalModule } from './temporal/temporal.module';
import { TrialsModule } from './trials/trials.module';
import { WebModule } from './web/web.module';
import { ImportsModule } from './imports/imports.module';
import { CalendarModule } from './calendar/calendar.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(createLogger(config, 'api')) }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database.url, config.database.poolSize),
          retryAttempts: 0,
        }),
        TemporalModule,
        AuthModule,
        HealthModule,
        TeamsModule,
        RuleChangesModule,
        CasesModule,
        EventsModule,
        TrialsModule,
        // Before TasksModule: /api/v1/tasks/stream must be routed before /api/v1/tasks/:id.
        StreamModule,
        TasksModule,
        WebhooksModule,
        CalendarModule,
        ImportsModule,
        DashboardModule,
        PreviewModule,
        OpsModule,
        MetricsModule,
        WebModule.forConfig(config),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
