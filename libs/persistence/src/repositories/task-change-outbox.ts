/**
 * The task_changes outbox: its one writer (the SQL that records changed task rows, used inside the statement that
 * changes them) and its readers in id order, for the SSE change feed and the webhook dispatcher.
 */

/**
 * `INSERT INTO task_changes … SELECT` over task rows: one outbox row per row that `rows` yields (the tasks table, or
 * a CTE over it such as `DELETE … RETURNING *`). `change` and `seq` are SQL expressions (a quoted literal, a
 * parameter, a column); `tail` is the rest of the SELECT (WHERE, ORDER BY).
 */
export function insertTaskChanges(q: { rows: string; change: string; seq?: string; tail?: string }): string {
  return `INSERT INTO task_changes (case_id, team, task_id, obligation_code, occurrence, change, status, due_on, projection_seq)
  SELECT case_id, team, id, obligation_code, occurrence, ${q.change}, status, due_on, ${q.seq ?? 'projection_seq'}
  FROM ${q.rows}${q.tail ? ` ${q.tail}` : ''}`;
}

/** One outbox row as the feeds send it; no personal data (no citizen reference). */
export interface TaskChange {
  /** bigint id as a decimal string: the SSE event id and the webhook payload id. */
  id: string;
  caseId: string;
  team: string;
  taskId: string | null;
  code: string;
  occurrence: number;
  /** created | updated | removed (projection) | assigned (API) */
  change: string;
  status: string;
  dueOn: string;
  at: string;
}

/** Where a reader stands: after `cursor`, and since when (epoch ms) it has waited at a gap right after it. */
export interface OutboxPosition {
  cursor: string;
  gapSince?: number;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

// Qualified column names throughout: the output alias `id` is text, and ORDER BY id would sort "10" before "8".
const SELECT = `SELECT task_changes.id::text AS id, case_id AS "caseId", team, task_id AS "taskId", obligation_code AS code, occurrence,
  change, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", created_at AS at FROM task_changes`;

function toChange(r: Omit<TaskChange, 'at'> & { at: Date }): TaskChange {
  return { ...r, at: r.at.toISOString() };
}

export async function latestTaskChangeId(db: Queryable): Promise<string> {
  const [row] = (await db.query(`SELECT coalesce(max(id), 0)::text AS id FROM task_changes`)) as { id: string }[];
  return row?.id ?? '0';
}

/**
 * The next committed rows after the position, never skipping one that is still being written. Ids come from a
 * sequence at insert time but transactions commit in any order, so a hole right after the cursor may be a row
 * that is about to appear: the reader stops there and waits up to `gapWaitMs` (a rolled-back insert leaves a hole
 * forever) before it steps over it.
 */
export async function readTaskChanges(
  db: Queryable,
  position: OutboxPosition,
  opts: { limit: number; nowMs: number; gapWaitMs: number },
): Promise<{ changes: TaskChange[]; position: OutboxPosition }> {
  const rows = (await db.query(`${SELECT} WHERE task_changes.id > $1 ORDER BY task_changes.id LIMIT $2`, [
    position.cursor,
    opts.limit,
  ])) as (Omit<TaskChange, 'at'> & { at: Date })[];
  const changes: TaskChange[] = [];
  let cursor = BigInt(position.cursor);
  let gapSince = position.gapSince;
  for (const row of rows) {
    const id = BigInt(row.id);
    if (id <= cursor) continue;
    if (id !== cursor + 1n) {
      gapSince ??= opts.nowMs;
      if (opts.nowMs - gapSince < opts.gapWaitMs) break;
    }
    changes.push(toChange(row));
    cursor = id;
    gapSince = undefined;
  }
  return { changes, position: { cursor: cursor.toString(), ...(gapSince !== undefined ? { gapSince } : {}) } };
}

/** Rows of some teams in (after, upTo], for a reader resuming from a Last-Event-ID behind the live feed. */
export async function readTaskChangesBetween(
  db: Queryable,
  teams: string[],
  after: string,
  upTo: string,
  limit: number,
): Promise<TaskChange[]> {
  const rows = (await db.query(
    `${SELECT} WHERE task_changes.id > $1 AND task_changes.id <= $2 AND team = ANY($3) ORDER BY task_changes.id LIMIT $4`,
    [after, upTo, teams, limit],
  )) as (Omit<TaskChange, 'at'> & { at: Date })[];
  return rows.map(toChange);
}
