import type { DataSource } from 'typeorm';
import { pendingSchemaChanges } from './schema-drift';

export const SCHEMA_STEPS = ['migrate', 'revert', 'check'] as const;
export type SchemaStep = (typeof SCHEMA_STEPS)[number];
export const isSchemaStep = (s: string): s is SchemaStep => (SCHEMA_STEPS as readonly string[]).includes(s);

// Any fixed key ("fris"): concurrent migration jobs (a retried Kubernetes Job, two compose runs) take turns on it.
const MIGRATION_LOCK = 0x66726973;

async function withMigrationLock<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await fn();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * One schema step against an initialised data source (pool of at least 2: the lock holds one connection): the
 * migration job's `frist db migrate`, and `npm run db` in development. Returns the exit code.
 */
export async function runSchemaStep(
  step: SchemaStep,
  ds: DataSource,
  io: { stdout(text: string): void; stderr(text: string): void },
): Promise<number> {
  switch (step) {
    case 'migrate':
      return withMigrationLock(ds, async () => {
        const done = await ds.runMigrations({ transaction: 'each' });
        io.stdout(done.length ? `applied: ${done.map((m) => m.name).join(', ')}\n` : 'no pending migrations\n');
        return 0;
      });
    case 'revert':
      return withMigrationLock(ds, async () => {
        await ds.undoLastMigration({ transaction: 'each' });
        return 0;
      });
    case 'check': {
      const { up } = await pendingSchemaChanges(ds);
      if (up.length === 0) {
        io.stdout('schema matches the entities\n');
        return 0;
      }
      io.stderr(`schema drift: ${up.length} statement(s) missing from migrations:\n${up.join('\n')}\n`);
      return 1;
    }
  }
}
