import type { RuntimeOptions } from '@temporalio/worker';
import type { AppConfig } from '@frist/config';

/**
 * Telemetry for Runtime.install: the SDK core's Prometheus exporter on loopback (MetricsServerService merges it into
 * the worker's /metrics), with `_total` counters and durations in seconds like frist's own metrics.
 */
export function sdkTelemetryOptions(config: AppConfig): RuntimeOptions['telemetryOptions'] {
  return {
    metrics: {
      prometheus: {
        bindAddress: `127.0.0.1:${config.worker.metrics.sdkPort}`,
        countersTotalSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}
