import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

const TEMPLATE_DB = 'frist_template';

/** A fresh, migrated database for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.FRIST_TEST_PG_ADMIN_URL;
  if (!adminUrl)
    throw new Error('FRIST_TEST_PG_ADMIN_URL is not set: run integration tests through jest (global setup)');
  const name = `frist_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
