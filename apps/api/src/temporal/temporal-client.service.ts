import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { fristDataConverter } from '@frist/codec';
import type { AppConfig } from '@frist/config';
import { CorrelationClientInterceptor, tracingClientInterceptor } from '@frist/observability';
import { APP_CONFIG } from '../config/config.module';

/**
 * gRPC's reconnect backoff grows to 120 s by default (1.6x from 1 s, reset only by a connection that succeeds): after
 * a Temporal outage of 90 s the channel stayed in backoff ~30 s after the server was back, and every request in
 * that time answered 503. Capped at 2 s, the API is back within seconds; a reconnect attempt is one TCP dial.
 */
export const TEMPORAL_CHANNEL_ARGS = {
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 2_000,
} as const;

/** One lazily connected Temporal client: the API boots even while Temporal is down, and readiness says so. */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.connection = Connection.lazy({ address: config.temporal.address, channelArgs: TEMPORAL_CHANNEL_ARGS });
    this.client = new Client({
      connection: this.connection,
      namespace: config.temporal.namespace,
      dataConverter: fristDataConverter(config.temporal.encryption),
      // Each start/update/signal carries the request's correlation id into the workflow's and activities' logs,
      // and (with tracing configured) its span context, so the workflow and its activities join the request's trace.
      interceptors: { workflow: [new CorrelationClientInterceptor(), tracingClientInterceptor()] },
    });
  }

  get taskQueue(): string {
    return this.config.temporal.taskQueue;
  }

  async ping(): Promise<void> {
    await this.connection.workflowService.getSystemInfo({});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
