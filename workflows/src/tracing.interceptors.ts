/**
 * OpenTelemetry's workflow interceptors, switched on per workflow by the first call that carries a trace context.
 * The API's client interceptor writes the trace header on every call, traced or not: without tracing configured its
 * carrier is empty (`{}`), so the switch reads the carrier, not the header's presence. Untraced
 * workflows (tests, tools, a deployment without OTEL_EXPORTER_OTLP_ENDPOINT) create no spans and never call the
 * worker's `exporter` sink.
 * The switch depends on headers in the history only, so a replay takes the same decisions; spans are no commands.
 *
 * The OpenTelemetry modules are required at that switch, not imported: the sandbox evaluates a workflow's modules
 * once per workflow (only the preloaded engine is shared), so an import would build OpenTelemetry's module state in
 * every cached case, traced or not (docs/performance.md, "Worker memory").
 */
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  defaultPayloadConverter,
  type ActivityInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header @temporalio/interceptors-opentelemetry carries the span context in. */
const TRACE_HEADER = '_tracer-data';

type Headers = ActivityInput['headers'];
interface Otel {
  inbound: OtelWorkflow.OpenTelemetryInboundInterceptor;
  outbound: OtelWorkflow.OpenTelemetryOutboundInterceptor;
  internals: OtelWorkflow.OpenTelemetryInternalsInterceptor;
}

/** Whether a call's headers carry a propagated context (e.g. W3C `traceparent`), not the interceptor's empty carrier. */
function carriesTrace(headers: Headers): boolean {
  const payload = headers[TRACE_HEADER];
  if (!payload) return false;
  const carrier: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof carrier === 'object' && carrier !== null && Object.keys(carrier).length > 0;
}

/** Evaluated on first use in this workflow (webpack bundles it; `require` defers its evaluation). */
const loadOtel = (): typeof OtelWorkflow =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see the module comment
  require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OtelWorkflow;

export const interceptors = (): WorkflowInterceptors => {
  let otel: Otel | undefined;
  const tracedBy = (headers: Headers): Otel | undefined => {
    if (!otel && carriesTrace(headers)) {
      const { OpenTelemetryInboundInterceptor, OpenTelemetryOutboundInterceptor, OpenTelemetryInternalsInterceptor } =
        loadOtel();
      otel = {
        inbound: new OpenTelemetryInboundInterceptor(),
        outbound: new OpenTelemetryOutboundInterceptor(),
        internals: new OpenTelemetryInternalsInterceptor(),
      };
    }
    return otel;
  };

  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => tracedBy(input.headers)?.inbound.execute(input, next) ?? next(input),
    handleSignal: (input, next) => tracedBy(input.headers)?.inbound.handleSignal(input, next) ?? next(input),
    validateUpdate: (input, next) => {
      const o = tracedBy(input.headers);
      if (o) o.inbound.validateUpdate(input, next);
      else next(input);
    },
    handleUpdate: (input, next) => tracedBy(input.headers)?.inbound.handleUpdate(input, next) ?? next(input),
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => otel?.outbound.scheduleActivity(input, next) ?? next(input),
    scheduleLocalActivity: (input, next) => otel?.outbound.scheduleLocalActivity(input, next) ?? next(input),
    startChildWorkflowExecution: (input, next) =>
      otel?.outbound.startChildWorkflowExecution(input, next) ?? next(input),
    getLogAttributes: (input, next) => otel?.outbound.getLogAttributes(input, next) ?? next(input),
  };
  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) => {
      // The SDK calls dispose without awaiting it (void); OpenTelemetry's is async only by its signature.
      if (otel) void otel.internals.dispose(input, next);
      else next(input);
    },
  };
  return { inbound: [inbound], outbound: [outbound], internals: [internals] };
};
