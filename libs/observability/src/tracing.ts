import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as Express from '@opentelemetry/instrumentation-express';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Nest from '@opentelemetry/instrumentation-nestjs-core';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '@frist/config';
import type { FristService } from './logger';

export interface Tracing {
  readonly resource: Resources.Resource;
  /** Workflow spans reach it through the worker's `exporter` sink (see workflowSpanSink). */
  readonly spanProcessor: TraceBase.SpanProcessor;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** Probes and scrapes are no requests anyone traces. */
const UNTRACED = /^\/(health|metrics)(\/|$|\?)/;

/**
 * OpenTelemetry traces over OTLP/HTTP, only where OTEL_EXPORTER_OTLP_ENDPOINT is configured: a global tracer
 * provider (W3C trace context, async-context propagation) and the HTTP, Express, Nest and pg instrumentations.
 * Call before the app's modules are loaded: instrumentations hook `require`. The Temporal interceptors
 * (@temporalio/interceptors-opentelemetry) use the global provider and carry the context through workflow headers.
 */
export function startTracing(
  config: Pick<AppConfig, 'observability'>,
  service: FristService,
  spanProcessor?: TraceBase.SpanProcessor,
): Tracing | undefined {
  const endpoint = config.observability.otlpEndpoint;
  if (!endpoint && !spanProcessor) return undefined;
  // Required here, not imported: a process that does not trace never loads the SDK, the exporter and the
  // instrumentations (measured in the worker: ~5 MiB of heap, ~24 MiB resident; docs/performance.md).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof Express;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof Nest;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof Pg;
  const { Resource } = require('@opentelemetry/resources') as typeof Resources;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const resource = new Resource({ 'service.name': `frist-${service}` });
  const processor = spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  return {
    resource,
    spanProcessor: processor,
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
