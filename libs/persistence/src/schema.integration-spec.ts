import { createTestDatabase } from '@frist/testing';
import { pendingSchemaChanges } from './schema-drift';
import { createDataSource } from './data-source';

describe('migrations', () => {
  it('produce exactly the schema the entities describe (no drift)', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url, 1);
    await ds.initialize();
    try {
      expect(await ds.showMigrations()).toBe(false);
      const { up } = await pendingSchemaChanges(ds);
      expect(up).toEqual([]);
      const cols: { table_name: string; column_name: string }[] = await ds.query(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'`,
      );
      expect(cols).toEqual([]); // every timestamp is timestamptz
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
