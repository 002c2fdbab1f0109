import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatabaseConfig } from '@frist/config';
import { startEmbeddedPostgres } from '@frist/testing';

import { createDataSource, pendingSchemaChanges, renderMigration } from '@frist/persistence';

const usage = `usage: npm run -s db -- <migrate|revert|check|generate <Name>>
  migrate          apply pending migrations
  revert           undo the last migration
  check            exit 1 if the entities differ from the migrated schema (drift)
  generate <Name>  write a migration for the difference into libs/persistence/src/migrations`;

async function main(argv: string[]): Promise<number> {
  const [cmd, arg] = argv;
  if (!cmd || cmd === '--help') {
    console.log(usage);
    return cmd ? 0 : 2;
  }
  // `generate` without DATABASE_URL diffs against a throwaway Postgres migrated to the committed state.
  let scratch: { stop(): Promise<void> } | undefined;
  let url = process.env.DATABASE_URL;
  if (cmd === 'generate' && !url) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(mkdtempSync(join(tmpdir(), 'frist-gen-')), 'data'),
      unsafeFast: true,
    });
    scratch = pg;
    url = pg.adminUrl;
  }
  const ds = createDataSource(loadDatabaseConfig({ ...process.env, DATABASE_URL: url }).url, 2);
  await ds.initialize();
  if (scratch) await ds.runMigrations({ transaction: 'each' });
  try {
    switch (cmd) {
      case 'migrate': {
        const done = await ds.runMigrations({ transaction: 'each' });
        console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'no pending migrations');
        return 0;
      }
      case 'revert':
        await ds.undoLastMigration({ transaction: 'each' });
        return 0;
      case 'check': {
        const { up } = await pendingSchemaChanges(ds);
        if (up.length === 0) {
          console.log('schema matches the entities');
          return 0;
        }
        console.error(`schema drift: ${up.length} statement(s) missing from migrations:\n${up.join('\n')}`);
        return 1;
      }
      case 'generate': {
        if (!arg || !/^[A-Za-z][A-Za-z0-9]*$/.test(arg)) {
          console.error('generate needs a PascalCase name, e.g. generate AddTaskAssignee');
          return 2;
        }
        const { up, down } = await pendingSchemaChanges(ds);
        if (up.length === 0) {
          console.error('nothing to generate: the schema matches the entities');
          return 1;
        }
        const ts = Date.now();
        const file = join(
          __dirname,
          '../../libs/persistence/src/migrations',
          `${ts}-${arg.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.migration.ts`,
        );
        writeFileSync(file, renderMigration(arg, ts, up, down));
        console.log(`wrote ${file}; append it to MIGRATIONS in libs/persistence/src/migrations/index.ts`);
        return 0;
      }
      default:
        console.error(`unknown command: ${cmd}\n${usage}`);
        return 2;
    }
  } finally {
    await ds.destroy();
    await scratch?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
