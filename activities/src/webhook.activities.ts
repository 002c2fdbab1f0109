import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@frist/codec';
import {
  Clock,
  isWebhookHostAllowed,
  resolveWebhookReceiver,
  systemLookup,
  WebhookReceiverRefused,
  type AppConfig,
  type HostLookup,
  type ResolvedReceiver,
} from '@frist/config';
import type { WebhookActivities as Contract, WebhookBatch, WebhookDelivery } from '@frist/contracts';
import { latestTaskChangeId, readTaskChanges, type TaskChange } from '@frist/persistence';
import { SIGNATURE_HEADER, signWebhookPayload } from './webhook-signature';

/** A hole in the outbox ids may be a row still committing; wait this long before stepping over it. */
const GAP_WAIT_MS = 5_000;
const TIMEOUT_MS = 10_000;

/** The body a receiver gets: the change, no personal data. `id` is stable across retries (deduplicate on it). */
export function webhookPayload(change: TaskChange): string {
  const { id, at, ...data } = change;
  return JSON.stringify({ id, type: 'task.changed', occurredAt: at, data });
}

/** Where deliveries may go and how stored signing secrets open: checked again at delivery, not only at creation. */
export class WebhookReceiverPolicy {
  constructor(
    readonly secrets: SecretBox,
    readonly allowedHosts: readonly string[] | undefined,
    readonly allowedNetworks: AppConfig['webhooks']['allowedNetworks'],
    /** DNS; tests substitute a resolver to play a rebinding name. */
    readonly lookup: HostLookup = systemLookup,
  ) {}

  static fromConfig(config: AppConfig, lookup?: HostLookup): WebhookReceiverPolicy {
    const { allowedHosts, allowedNetworks } = config.webhooks;
    return new WebhookReceiverPolicy(
      SecretBox.create(config.temporal.encryption),
      allowedHosts,
      allowedNetworks,
      lookup,
    );
  }
}

/**
 * POSTs to the receiver over a connection to the address that was checked: the host name stays in the URL (Host
 * header, TLS SNI and certificate check) but is never resolved again. Never follows a redirect.
 */
function postPinned(
  url: URL,
  to: ResolvedReceiver,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const lookup: LookupFunction = (_host, opts, cb) => {
    if (opts.all) cb(null, [{ address: to.address, family: to.family }]);
    else cb(null, to.address, to.family);
  };
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    lookup,
    timeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      res.resume(); // the answer's body is not needed
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Reads the outbox for the dispatcher workflow and delivers one signed change per activity; every attempt is logged. */
@Injectable()
export class WebhookActivities implements Contract {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly policy: WebhookReceiverPolicy,
  ) {}

  latestTaskChangeId(): Promise<string> {
    return latestTaskChangeId(this.dataSource);
  }

  async readWebhookBatch(input: { cursor: string; gapSince?: number; limit: number }): Promise<WebhookBatch> {
    const { changes, position } = await readTaskChanges(this.dataSource, input, {
      limit: input.limit,
      nowMs: this.clock.now().getTime(),
      gapWaitMs: GAP_WAIT_MS,
    });
    const teams = [...new Set(changes.map((c) => c.team))];
    const subs: { id: string; team: string; created_at: Date }[] = teams.length
      ? await this.dataSource.query(`SELECT id, team, created_at FROM webhook_subscriptions WHERE team = ANY($1)`, [
          teams,
        ])
      : [];
    // A subscription hears changes from its creation on, never older ones the dispatcher had not reached yet.
    const deliveries: WebhookDelivery[] = changes.flatMap((c) =>
      subs
        .filter((s) => s.team === c.team && s.created_at.getTime() <= Date.parse(c.at))
        .map((s) => ({ subscriptionId: s.id, changeId: c.id })),
    );
    return {
      deliveries,
      cursor: position.cursor,
      ...(position.gapSince !== undefined ? { gapSince: position.gapSince } : {}),
      more: changes.length === input.limit,
    };
  }

  async deliverWebhook({ subscriptionId, changeId }: WebhookDelivery): Promise<'delivered' | 'skipped'> {
    const [sub] = await this.dataSource.query<{ url: string; secret: string }[]>(
      `SELECT url, secret FROM webhook_subscriptions WHERE id = $1`,
      [subscriptionId],
    );
    const [change] = await this.dataSource.query<(Omit<TaskChange, 'at'> & { at: Date })[]>(
      `SELECT id::text AS id, case_id AS "caseId", team, task_id AS "taskId", obligation_code AS code, occurrence,
         change, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", created_at AS at FROM task_changes WHERE id = $1`,
      [changeId],
    );
    if (!sub || !change) return 'skipped'; // unsubscribed meanwhile (or the outbox was pruned)
    const attempt = Context.current().info.attempt;
    if (!isWebhookHostAllowed(new URL(sub.url), this.policy.allowedHosts)) {
      // The allow-list was narrowed after the subscription was made: never send, log once, do not retry.
      await this.logAttempt(subscriptionId, changeId, attempt, null, 'receiver host is not on the allow-list', 0);
      return 'skipped';
    }
    const url = new URL(sub.url);
    let receiver: ResolvedReceiver;
    try {
      receiver = await resolveWebhookReceiver(url, this.policy.allowedNetworks, this.policy.lookup);
    } catch (err) {
      if (!(err instanceof WebhookReceiverRefused)) {
        const message = `receiver host does not resolve: ${err instanceof Error ? err.message : String(err)}`;
        await this.logAttempt(subscriptionId, changeId, attempt, null, message.slice(0, 500), 0);
        throw ApplicationFailure.retryable(message, 'WEBHOOK_DELIVERY_FAILED');
      }
      // The name now points inside (DNS changed after the subscription, or rebinding): never send, do not retry.
      await this.logAttempt(subscriptionId, changeId, attempt, null, err.message, 0);
      return 'skipped';
    }
    const body = webhookPayload({ ...change, at: change.at.toISOString() });
    const started = performance.now(); // a duration, not a point in time: monotonic, no clock
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await postPinned(
        url,
        receiver,
        {
          'content-type': 'application/json',
          'user-agent': 'frist-webhooks/1',
          [SIGNATURE_HEADER]: signWebhookPayload(
            this.policy.secrets.open(sub.secret),
            Math.floor(this.clock.now().getTime() / 1000),
            body,
          ),
          'X-Frist-Event': 'task.changed',
          'X-Frist-Delivery': `${changeId}:${subscriptionId}`,
        },
        body,
        TIMEOUT_MS,
      );
      if (status < 200 || status > 299) error = `receiver answered ${status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err);
    }
    await this.logAttempt(subscriptionId, changeId, attempt, status, error, Math.round(performance.now() - started));
    if (error) throw ApplicationFailure.retryable(error, 'WEBHOOK_DELIVERY_FAILED');
    return 'delivered';
  }

  private async logAttempt(
    subscriptionId: string,
    changeId: string,
    attempt: number,
    status: number | null,
    error: string | null,
    durationMs: number,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (subscription_id, change_id, attempt, outcome, http_status, error, duration_ms, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [subscriptionId, changeId, attempt, error ? 'failed' : 'delivered', status, error, durationMs, this.clock.now()],
    );
  }
}
