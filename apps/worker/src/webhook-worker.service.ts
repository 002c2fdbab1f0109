import {
  Inject,
  Injectable,
  Optional,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { fristDataConverter } from '@frist/codec';
import type { AppConfig } from '@frist/config';
import type { Tracing } from '@frist/observability';
import { WebhookActivities } from '@frist/activities';
import {
  WEBHOOK_DISPATCHER_WORKFLOW_ID,
  WEBHOOK_DISPATCHER_WORKFLOW_TYPE,
  type WebhookActivities as WebhookActivitiesContract,
} from '@frist/contracts';
import { webhookDispatcherBundleOptions } from '@frist/workflows/bundler';
import { DRAIN_MARGIN_MS, HostedWorker } from './hosted-worker';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { APP_CONFIG, TRACING } from './worker.tokens';

const ignore = () => undefined;
const quietBundlerLogger = {
  log: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
  warn: ignore,
  error: console.error,
};

/**
 * Outgoing webhooks on their own task queue: the singleton dispatcher workflow and its delivery activities, so
 * slow or failing receivers never occupy the case workers' activity slots. Starts the dispatcher at boot
 * (USE_EXISTING: every replica asks, one runs). Runs in processes with the `webhooks` role (WORKER_ROLES).
 */
@Injectable()
export class WebhookWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookWorkerService.name);
  private hosted?: HostedWorker;
  private connection?: Connection;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhookActivities,
    private readonly lifecycle: WorkerLifecycle,
    @Optional() @Inject(TRACING) private readonly tracing?: Tracing,
  ) {}

  async onModuleInit(): Promise<void> {
    const activities: WebhookActivitiesContract = {
      latestTaskChangeId: this.webhooks.latestTaskChangeId.bind(this.webhooks),
      readWebhookBatch: this.webhooks.readWebhookBatch.bind(this.webhooks),
      deliverWebhook: this.webhooks.deliverWebhook.bind(this.webhooks),
    };
    this.hosted = await HostedWorker.create(this.config, this.tracing, {
      name: 'webhooks',
      taskQueue: this.config.webhooks.taskQueue,
      activities,
      // The dispatcher alone: its own V8 isolate holds no case workflow, engine or interceptors. A deployment that
      // sets only WORKFLOW_BUNDLE_PATH (built before the dispatcher had a bundle of its own) still runs.
      workflows: {
        bundlePath: this.config.worker.webhookWorkflowBundlePath ?? this.config.worker.workflowBundlePath,
        source: webhookDispatcherBundleOptions(),
        ...(this.config.env === 'test' ? { logger: quietBundlerLogger } : {}),
      },
      // One singleton workflow (two runs at a continue-as-new); the SDK's default cache is sized for thousands.
      tuning: { maxConcurrentActivityTaskExecutions: 50, maxCachedWorkflows: 4 },
    });
    this.logger.log(`webhook worker ready on queue=${this.config.webhooks.taskQueue}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.hosted) return;
    this.hosted.run(this.lifecycle);
    const { address, namespace } = this.config.temporal;
    this.connection = await Connection.connect({ address });
    const client = new Client({
      connection: this.connection,
      namespace,
      dataConverter: fristDataConverter(this.config.temporal.encryption),
    });
    await client.workflow.start(WEBHOOK_DISPATCHER_WORKFLOW_TYPE, {
      workflowId: WEBHOOK_DISPATCHER_WORKFLOW_ID,
      taskQueue: this.config.webhooks.taskQueue,
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  async onModuleDestroy(): Promise<void> {
    const drainMs = this.config.worker.shutdownGraceMs + DRAIN_MARGIN_MS;
    if (this.hosted && !(await this.hosted.stop(drainMs))) {
      this.logger.error(`the webhook worker did not drain within ${drainMs} ms; abandoning its deliveries in flight`);
      this.lifecycle.abandoned('webhooks', 'deliveries in flight');
    }
    await this.connection?.close();
  }
}
