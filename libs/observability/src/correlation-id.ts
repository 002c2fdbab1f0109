import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { containsCpr } from '@frist/contracts';

/** The correlation id of the request, workflow update or activity being handled, for logs and Temporal headers. */
const store = new AsyncLocalStorage<string>();

export function currentCorrelationId(): string | undefined {
  return store.getStore();
}

export function runWithCorrelationId<T>(id: string, fn: () => T): T {
  return store.run(id, fn);
}

/** Ids a caller may choose: short, printable, nothing that could forge a log field or smuggle personal data
 * (an id that reads as a CPR number is refused: it would reach logs and workflow histories). */
const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** W3C trace context: version-traceid-parentid-flags; the trace id is the correlation id then. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The correlation id of an incoming request: the caller's `X-Request-Id` when it is a plausible id, else the trace
 * id of its `traceparent`, else a new UUID. Anything else a caller sends is ignored, never echoed.
 */
export function correlationIdFromHeaders(headers: Record<string, string | string[] | undefined>): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();
  const requestId = first(headers['x-request-id']);
  if (requestId && CLIENT_ID.test(requestId) && !containsCpr(requestId)) return requestId;
  const trace = TRACEPARENT.exec(first(headers['traceparent'])?.toLowerCase() ?? '')?.[1];
  if (trace && !/^0+$/.test(trace)) return trace;
  return randomUUID();
}
