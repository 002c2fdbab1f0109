import { join } from 'node:path';
import { Client } from 'pg';
// Global setup runs outside Jest's module registry, so path aliases don't apply here.
import { createDataSource } from '../../persistence/src/data-source';
import { startEmbeddedPostgres } from './postgres-server';

export const TEMPLATE_DB = 'frist_template';

/** One real PostgreSQL per test run; a migrated template database that each test file clones. */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.FRIST_TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(__dirname, '..', '..', '..', '.cache', 'test-pg', String(process.pid), 'data'),
      fresh: true,
      unsafeFast: true,
    });
    (globalThis as { __fristPg?: { stop(): Promise<void> } }).__fristPg = pg;
    adminUrl = pg.adminUrl;
    process.env.FRIST_TEST_PG_ADMIN_URL = adminUrl;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const ds = createDataSource(adminUrl.replace(/\/[^/]*$/, `/${TEMPLATE_DB}`), 1);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
