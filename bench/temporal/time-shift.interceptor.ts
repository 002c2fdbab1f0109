/**
 * Bench-only workflow interceptor: faketime for the workflow sandbox.
 *
 * The Temporal CLI dev server is a statically linked Go binary, so libfaketime cannot shift its clock, and frist's
 * case workflow only ever wakes at a Copenhagen midnight. To make thousands of real case workflows reach "midnight"
 * a few minutes into the run, this interceptor adds a per-workflow constant to the workflow clock (the activation
 * timestamp that `Date.now()` returns inside the sandbox). The shift is read from the workflow id
 * (see bench-case-id.ts), so replays see exactly the same clock. Everything else is production code and real
 * machinery: the unmodified case workflow and engine compute the wake-up instant, the dev server's timer queue fires
 * it (timers are relative durations, so a workflow shifted by Δ gets its timer fired Δ earlier in real time), the
 * production worker runs the activation and the projection activity writes Postgres.
 *
 * Workflows whose id carries no shift are untouched.
 */
import { tsToMs } from '@temporalio/common/lib/time';
import { workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { shiftOf } from './bench-case-id';

interface ActivatorClock {
  now: number;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const shift = shiftOf(workflowInfo().workflowId.replace(/^case-/, ''));
  if (shift === 0) return {};
  return {
    internals: [
      {
        activate(input, next) {
          const activator = (globalThis as { __TEMPORAL_ACTIVATOR__?: ActivatorClock }).__TEMPORAL_ACTIVATOR__;
          // Query-only activations carry no timestamp; the clock then keeps the last (shifted) value.
          if (activator && input.activation.timestamp != null)
            activator.now = tsToMs(input.activation.timestamp) + shift;
          return next(input);
        },
      },
    ],
  };
};
