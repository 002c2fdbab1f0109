/** `frist db migrate|revert|check`: the schema steps the migration job runs (the API and workers never migrate). */
import { loadDatabaseConfig } from '@frist/config';
import { createDataSource, isSchemaStep, runSchemaStep } from '@frist/persistence';
import { type CliCommand, CliUsageError, parseCommandArgs } from './cli-command';

const usage = `usage: npm run -s frist -- db <migrate|revert|check>
  migrate   apply pending migrations (safe to rerun, and two jobs at once take turns)
  revert    undo the last migration
  check     exit 1 if the entities differ from the migrated schema (drift)
Uses DATABASE_URL like the api and worker. Exit codes: 0 done; 1 failure or drift; 2 usage.`;

export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'apply, revert or check the read-model schema migrations (the migration job)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(usage, args, {}, { positionals: true });
    const [step, ...rest] = positionals;
    if (!step || values.help) {
      io.stdout(`${usage}\n`);
      return values.help ? 0 : 2;
    }
    if (!isSchemaStep(step)) throw new CliUsageError([`unknown db command ${JSON.stringify(step)}`, usage]);
    if (rest.length) throw new CliUsageError([`unknown argument ${rest[0]}`, usage]);
    const ds = createDataSource(loadDatabaseConfig().url, 2);
    await ds.initialize();
    try {
      return await runSchemaStep(step, ds, io);
    } finally {
      await ds.destroy();
    }
  },
};
