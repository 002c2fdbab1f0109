import { Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { Clock, loadConfig, SystemClock, type AppConfig, type WorkerRole } from '@frist/config';
import {
  CaseAttentionActivities,
  CaseProjectionActivities,
  TrialCatalogue,
  WebhookActivities,
  WebhookReceiverPolicy,
} from '@frist/activities';
import { createLogger, type Tracing } from '@frist/observability';
import { dataSourceOptions } from '@frist/persistence';
import { MetricsServerService } from './metrics-server.service';
import { WorkerMetrics } from './metrics.service';
import { TemporalWorkerService } from './temporal-worker.service';
import { WebhookWorkerService } from './webhook-worker.service';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { APP_CONFIG, TRACING } from './worker.tokens';

/** What each worker role adds to the process (WORKER_ROLES): a case replica loads nothing of the webhooks. */
const ROLE_PROVIDERS: Record<WorkerRole, (config: AppConfig) => Provider[]> = {
  cases: (config) => [
    // The installation's trial programmes (ADOPTED_PROGRAMMES), read once: a bad file stops the start.
    { provide: TrialCatalogue, useValue: TrialCatalogue.fromFiles(config.rules.adoptedProgrammeFiles) },
    CaseProjectionActivities,
    CaseAttentionActivities,
    TemporalWorkerService,
  ],
  // Outgoing webhooks: their own worker and task queue (see webhook-worker.service.ts).
  webhooks: (config) => [
    { provide: WebhookReceiverPolicy, useValue: WebhookReceiverPolicy.fromConfig(config) },
    WebhookActivities,
    WebhookWorkerService,
  ],
};

@Module({})
export class WorkerModule {
  static forConfig(
    config: AppConfig = loadConfig(),
    logger: PinoLogger = createLogger(config, 'worker'),
    tracing?: Tracing,
  ) {
    return {
      module: WorkerModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.database.url, config.database.poolSize)),
        // Nest's Logger calls (services, lifecycle) as pino JSON; the worker serves no HTTP through Nest.
        LoggerModule.forRoot({ pinoHttp: { logger } }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: TRACING, useValue: tracing },
        { provide: Clock, useClass: SystemClock },
        WorkerMetrics,
        WorkerLifecycle,
        MetricsServerService,
        ...config.worker.roles.flatMap((role) => ROLE_PROVIDERS[role](config)),
      ],
    };
  }
}
