/**
 * `npm run db -- <migrate|revert|check|generate <Name>>`: the development face of the schema steps. migrate, revert
 * and check are the same steps as the production CLI's `frist db` (apps/cli); only `generate` is development-only,
 * because it diffs against a throwaway Postgres from the test helpers, which the production build does not ship.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDatabaseConfig } from '@frist/config';
import {
  createDataSource,
  isSchemaStep,
  pendingSchemaChanges,
  renderMigration,
  runSchemaStep,
} from '@frist/persistence';
import { startEmbeddedPostgres } from '@frist/testing';

const usage = `usage: npm run -s db -- <migrate|revert|check|generate <Name>>
  migrate          apply pending migrations
  revert           undo the last migration
  check            exit 1 if the entities differ from the migrated schema (drift)
  generate <Name>  write a migration for the difference into libs/persistence/src/migrations`;

const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };

async function generate(name: string | undefined): Promise<number> {
  if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    console.error('generate needs a PascalCase name, e.g. generate AddTaskAssignee');
    return 2;
  }
  // Without DATABASE_URL, diff against a throwaway Postgres migrated to the committed state.
  let scratch: { stop(): Promise<void> } | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(mkdtempSync(join(tmpdir(), 'frist-gen-')), 'data'),
      unsafeFast: true,
    });
    scratch = pg;
    url = pg.adminUrl;
  }
  const ds = createDataSource(loadDatabaseConfig({ ...process.env, DATABASE_URL: url }).url, 2);
  await ds.initialize();
  try {
    if (scratch) await ds.runMigrations({ transaction: 'each' });
    const { up, down } = await pendingSchemaChanges(ds);
    if (up.length === 0) {
      console.error('nothing to generate: the schema matches the entities');
      return 1;
    }
    const ts = Date.now();
    const file = join(
      __dirname,
      '../../libs/persistence/src/migrations',
      `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.migration.ts`,
    );
    writeFileSync(file, renderMigration(name, ts, up, down));
    console.log(`wrote ${file}; append it to MIGRATIONS in libs/persistence/src/migrations/index.ts`);
    return 0;
  } finally {
    await ds.destroy();
    await scratch?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  const [cmd, arg, ...extra] = positionals;
  if (!cmd || values.help) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0 || (arg !== undefined && cmd !== 'generate')) {
    console.error(`unexpected argument: ${extra[0] ?? arg}\n${usage}`);
    return 2;
  }
  if (cmd === 'generate') return generate(arg);
  if (!isSchemaStep(cmd)) {
    console.error(`unknown command: ${cmd}\n${usage}`);
    return 2;
  }
  const ds = createDataSource(loadDatabaseConfig().url, 2);
  await ds.initialize();
  try {
    return await runSchemaStep(cmd, ds, io);
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
