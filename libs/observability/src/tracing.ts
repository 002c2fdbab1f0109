import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '@frist/config';
import type { FristService } from './logger';

export interface Tracing {
  readonly resource: Resource;
  /** Workflow spans reach it through the worker's `exporter` sink (see workflowSpanSink). */
  readonly spanProcessor: SpanProcessor;
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
  spanProcessor?: SpanProcessor,
): Tracing | undefined {
  const endpoint = config.observability.otlpEndpoint;
  if (!endpoint && !spanProcessor) return undefined;
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
