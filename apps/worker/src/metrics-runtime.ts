import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { AppConfig } from '@frist/config';

/** The SDK core's own warnings and errors go to the runtime logger (pino, see main.ts) instead of raw stderr. */
const coreLogForwarding = { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } } as const;

/**
 * Telemetry for Runtime.install: the SDK core's Prometheus exporter on loopback (MetricsServerService merges it into
 * the worker's /metrics), with `_total` counters and durations in seconds like frist's own metrics.
 */
export function sdkTelemetryOptions(config: AppConfig): RuntimeOptions['telemetryOptions'] {
  return {
    ...coreLogForwarding,
    metrics: {
      prometheus: {
        bindAddress: `127.0.0.1:${config.worker.metrics.sdkPort}`,
        countersTotalSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}

/**
 * Installs the Temporal runtime with the SDK metrics exporter. If its port is taken (a second worker on the same
 * host), the worker still starts, without SDK metrics, and says so: metrics are never worth a stopped worker.
 */
export function installRuntimeWithMetrics(
  config: AppConfig,
  options: Omit<RuntimeOptions, 'telemetryOptions'>,
  warn: (message: string) => void = console.error,
): void {
  try {
    Runtime.install({ ...options, telemetryOptions: sdkTelemetryOptions(config) });
  } catch (err) {
    warn(`Temporal SDK metrics disabled: ${err instanceof Error ? err.message : String(err)}`);
    Runtime.install({ ...options, telemetryOptions: coreLogForwarding });
  }
}
