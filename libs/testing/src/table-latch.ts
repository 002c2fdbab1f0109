import { Client } from 'pg';

export interface TableLatch {
  /** How many sessions are waiting on the latch right now (a projection in flight, observed). */
  waiting(): Promise<number>;
  /** Lets the waiting writes through. */
  release(): Promise<void>;
}

/**
 * A latch in the projection: an EXCLUSIVE lock on a read-model table, held in its own transaction, so every write
 * to the table waits (reads go on). A fault test holds it, waits until a projection is observably blocked on it
 * (pg_locks), injects the fault, and only then releases: the fault is certain to hit mid-flight.
 */
export async function latchTable(databaseUrl: string, table: string): Promise<TableLatch> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  let released = false;
  return {
    async waiting() {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass`,
        [table],
      );
      return rows[0].n;
    },
    async release() {
      if (released) return;
      released = true;
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
