/**
 * Retention for the two append-only logs that only feeds read: the task_changes outbox (SSE replay, webhook
 * dispatcher) and the webhook delivery log. The audit trail (audit_entries) is never pruned here: it is the case's
 * legal record.
 */

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface RetentionPolicy {
  /** task_changes rows created before this instant may go. */
  changesBefore: Date;
  /** webhook_deliveries rows logged before this instant may go. */
  deliveriesBefore: Date;
  /** Rows per DELETE statement, so no statement holds locks for long (a dry run counts everything at once). */
  batchSize: number;
  dryRun: boolean;
}

export interface RetentionResult {
  taskChanges: number;
  webhookDeliveries: number;
  /** After pruning: the oldest outbox id still kept (readers behind it must reload), or null for an empty outbox. */
  oldestTaskChangeId: string | null;
}

/**
 * Deletes old rows in id order. The outbox loses only a contiguous oldest prefix, stopping at the first row that
 * is still young and always keeping the newest row, so "behind the oldest kept id" means "missed something" for
 * a reader (see oldestTaskChangeId) and the id sequence's high-water mark stays visible.
 */
export async function pruneOutbox(db: Queryable, policy: RetentionPolicy): Promise<RetentionResult> {
  const limit = policy.dryRun ? null : policy.batchSize;
  const taskChanges = await inBatches(
    db,
    policy,
    `WITH head AS (SELECT id, created_at FROM task_changes ORDER BY id LIMIT $2),
          young AS (SELECT min(id) AS id FROM head WHERE created_at >= $1),
          doomed AS (SELECT id FROM head
            WHERE id < coalesce((SELECT id FROM young), (SELECT max(id) FROM task_changes))
              AND id < (SELECT max(id) FROM task_changes)),
          gone AS (DELETE FROM task_changes WHERE $3 = false AND id IN (SELECT id FROM doomed) RETURNING id)`,
    [policy.changesBefore, limit, policy.dryRun],
  );
  const webhookDeliveries = await inBatches(
    db,
    policy,
    `WITH doomed AS (SELECT id FROM webhook_deliveries WHERE at < $1 ORDER BY id LIMIT $2),
          gone AS (DELETE FROM webhook_deliveries WHERE $3 = false AND id IN (SELECT id FROM doomed) RETURNING id)`,
    [policy.deliveriesBefore, limit, policy.dryRun],
  );
  return { taskChanges, webhookDeliveries, oldestTaskChangeId: await oldestTaskChangeId(db) };
}

/** Runs a `doomed`/`gone` statement until a batch comes back short; a dry run counts `doomed` once. */
async function inBatches(db: Queryable, policy: RetentionPolicy, ctes: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = (await db.query(
      `${ctes} SELECT count(*)::int AS n FROM ${policy.dryRun ? 'doomed' : 'gone'}`,
      params,
    )) as { n: number }[];
    const n = row?.n ?? 0;
    total += n;
    if (n < policy.batchSize || policy.dryRun) return total;
  }
}

export async function oldestTaskChangeId(db: Queryable): Promise<string | null> {
  const [row] = (await db.query(`SELECT min(id)::text AS id FROM task_changes`)) as { id: string | null }[];
  return row?.id ?? null;
}
