import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@frist/config';
import { WorkerMetrics } from './metrics.service';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { APP_CONFIG } from './worker.tokens';

/**
 * GET /metrics on the worker: frist's own metrics plus the Temporal SDK core's (installed by main.ts with a
 * Prometheus exporter on 127.0.0.1:TEMPORAL_SDK_METRICS_PORT), so Prometheus scrapes one target per worker. If the
 * core exporter does not answer, frist's metrics are still served and `frist_temporal_sdk_metrics_up` says 0.
 */
@Injectable()
export class MetricsServerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServerService.name);
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
    private readonly lifecycle: WorkerLifecycle,
  ) {
    metrics.runsRoles(config.worker.roles, config.webhooks.enabled);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { host, port } = this.config.worker.metrics;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && (path === '/health/ready' || path === '/health/live')) {
        // Readiness reports the process's roles and each one's Temporal worker (503 unless all run) and what is
        // retrying now; liveness is the process.
        const { roles } = this.config.worker;
        const { ready, workers } = this.lifecycle.readiness(roles);
        const body = { ready, roles, workers, retrying: this.metrics.retryingNow() };
        res
          .writeHead(path === '/health/live' || ready ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify(path === '/health/live' ? { live: true, roles, workers } : body));
        return;
      }
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.render().then(
        (body) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(body),
        (err: unknown) => {
          this.logger.error(`metrics failed: ${String(err)}`);
          res.writeHead(500).end();
        },
      );
    });
    // A taken port must not stop the worker from doing its real job: say so loudly and run without the endpoint
    // (Prometheus then shows the target down).
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', (err) => {
        this.logger.error(`metrics endpoint not started on ${host}:${port}: ${err.message}`);
        resolve(false);
      });
      server.listen(port, host, () => resolve(true));
    });
    if (!bound) return;
    this.server = server;
    this.logger.log(`metrics on http://${host}:${this.port()}/metrics`);
  }

  /** The bound port (the configured one, or the one the OS chose for 0). */
  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async render(): Promise<string> {
    const own = await this.metrics.registry.metrics();
    const sdk = await this.sdkMetrics();
    return `${own}\n# HELP frist_temporal_sdk_metrics_up Whether the Temporal SDK core exporter answered this scrape\n# TYPE frist_temporal_sdk_metrics_up gauge\nfrist_temporal_sdk_metrics_up ${sdk === undefined ? 0 : 1}\n${sdk ?? ''}`;
  }

  private async sdkMetrics(): Promise<string | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.config.worker.metrics.sdkPort}/metrics`, {
        signal: AbortSignal.timeout(2_000),
      });
      return res.ok ? await res.text() : undefined;
    } catch {
      return undefined;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
