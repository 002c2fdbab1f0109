/** The singleton workflow that delivers task changes to the teams' webhooks (one per namespace). */
export const WEBHOOK_DISPATCHER_WORKFLOW_ID = 'webhook-dispatcher';
export const WEBHOOK_DISPATCHER_WORKFLOW_TYPE = 'webhookDispatcherWorkflow';

/** Retry of one delivery: exponential backoff, bounded attempts (every attempt is logged in webhook_deliveries). */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
}

export interface WebhookDispatcherInput {
  /** task_changes id the dispatcher has read up to; absent on the very first start (then: the newest change). */
  cursor?: string;
  /** Epoch ms since which the reader has waited at an id gap right after the cursor. */
  gapSince?: number;
  retry?: Partial<WebhookRetryPolicy>;
  /** How long to sleep when the outbox has nothing new. */
  idleMs?: number;
}

/** One change for one subscription; the activity loads url, secret and payload itself (no secrets in history). */
export interface WebhookDelivery {
  subscriptionId: string;
  changeId: string;
}

export interface WebhookBatch {
  deliveries: WebhookDelivery[];
  cursor: string;
  gapSince?: number;
  /** More changes are waiting: read again at once. */
  more: boolean;
}

export interface WebhookActivities {
  /** The newest outbox id: where a dispatcher that starts from nothing begins. */
  latestTaskChangeId(): Promise<string>;
  /** Changes after the cursor that some team subscribes to, fanned out per subscription. */
  readWebhookBatch(input: { cursor: string; gapSince?: number; limit: number }): Promise<WebhookBatch>;
  /** One signed POST; logs the attempt; throws (so Temporal retries) unless the receiver answered 2xx. */
  deliverWebhook(delivery: WebhookDelivery): Promise<'delivered' | 'skipped'>;
}
