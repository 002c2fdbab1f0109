import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { WebhookActivities, WebhookDispatcherInput, WebhookRetryPolicy } from '@frist/contracts';

const DEFAULT_RETRY: WebhookRetryPolicy = { initialIntervalMs: 2_000, maximumIntervalMs: 300_000, maximumAttempts: 8 };
const BATCH = 100;
/** Deliveries in flight at once; a slow receiver holds at most its own slots, never the reading loop. */
const MAX_IN_FLIGHT = 50;
/** Read loops per run before continue-as-new keeps the history small. */
const LOOPS_PER_RUN = 500;

const reader = proxyActivities<Pick<WebhookActivities, 'latestTaskChangeId' | 'readWebhookBatch'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Reads the task_changes outbox after its cursor and runs one `deliverWebhook` activity per change and subscribed
 * team. Temporal retries a failing delivery with exponential backoff up to a bounded number of attempts; a delivery
 * that exhausts them is given up (its attempts stay in the delivery log) and never blocks the others.
 * At-least-once and unordered: receivers deduplicate and order by the payload's `id`.
 */
export async function webhookDispatcherWorkflow(input: WebhookDispatcherInput = {}): Promise<void> {
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  const idleMs = input.idleMs ?? 2_000;
  const { deliverWebhook } = proxyActivities<Pick<WebhookActivities, 'deliverWebhook'>>({
    startToCloseTimeout: '20 seconds',
    retry: {
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: retry.maximumIntervalMs,
      maximumAttempts: retry.maximumAttempts,
    },
  });
  let cursor = input.cursor ?? (await reader.latestTaskChangeId());
  let gapSince = input.gapSince;
  const inFlight = new Set<Promise<void>>();

  for (let loop = 0; loop < LOOPS_PER_RUN && !workflowInfo().continueAsNewSuggested; loop++) {
    const batch = await reader.readWebhookBatch({
      cursor,
      limit: BATCH,
      ...(gapSince !== undefined ? { gapSince } : {}),
    });
    for (const d of batch.deliveries) {
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const p: Promise<void> = deliverWebhook(d).then(
        () => undefined,
        () => undefined, // exhausted: logged by the activity, given up here
      );
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    cursor = batch.cursor;
    gapSince = batch.gapSince;
    if (!batch.more) await sleep(idleMs);
  }
  // Deliveries still running finish in this run; the next one starts after them with the same cursor.
  await Promise.all(inFlight);
  await continueAsNew<typeof webhookDispatcherWorkflow>({
    cursor,
    ...(gapSince !== undefined ? { gapSince } : {}),
    retry,
    idleMs,
  });
}
