import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Tracing } from './tracing';

/**
 * The client half of Temporal tracing: each start/update/signal becomes a span whose context travels in the
 * workflow's headers. Harmless without tracing (the global tracer is a no-op and injects nothing).
 */
export function tracingClientInterceptor(): OpenTelemetryWorkflowClientInterceptor {
  return new OpenTelemetryWorkflowClientInterceptor();
}

/** Activity spans, children of the workflow span that scheduled them; trace and span ids on activity log lines. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * The sink through which the workflow interceptors (bundled with every workflow, see bundle-options.ts) hand their
 * spans out of the sandbox. Always present, since the bundle always traces; without tracing it drops them.
 */
export function workflowSpanSinks(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: tracing
      ? makeWorkflowExporter(tracing.spanProcessor, tracing.resource)
      : { export: { fn: () => undefined } },
  };
}
