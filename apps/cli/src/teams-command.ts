/** `frist teams list | add <id> <name>`: the team registry (where cases can be moved; what the web UI offers). */
import { loadDatabaseConfig } from '@frist/config';
import { TEAM_PATTERN } from '@frist/contracts';
import { createDataSource, TeamEntity, upsertTeam } from '@frist/persistence';
import { type CliCommand, CliUsageError, parseCommandArgs } from './cli-command';

const usage = `usage: npm run -s frist -- teams list
       npm run -s frist -- teams add <id> <name>

The team registry. <id> is the slug tokens carry in their teams claim (lowercase letters, digits, -); <name> is the
Danish display name. add registers a team or renames a registered one. Uses DATABASE_URL like the api.
Exit codes: 0 done; 1 failure; 2 usage.`;

function parse(args: readonly string[]): { op: 'list' } | { op: 'add'; id: string; name: string } {
  const [op, id, name, ...rest] = args;
  if (op === 'list' && args.length === 1) return { op };
  if (op === 'add' && id !== undefined && name !== undefined && rest.length === 0) {
    const issues: string[] = [];
    if (!TEAM_PATTERN.test(id)) issues.push(`${id} is not a team slug (lowercase letters, digits, -)`);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) issues.push('<name> must be 1-100 characters');
    if (issues.length) throw new CliUsageError([...issues, usage]);
    return { op, id, name: trimmed };
  }
  throw new CliUsageError([usage]);
}

export const teamsCommand: CliCommand = {
  name: 'teams',
  summary: 'list or register teams (id and Danish display name)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(usage, args, {}, { positionals: true });
    if (values.help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const cmd = parse(positionals);
    const ds = createDataSource(loadDatabaseConfig().url, 1);
    await ds.initialize();
    try {
      if (cmd.op === 'add') await upsertTeam(ds, cmd);
      const teams = await ds.getRepository(TeamEntity).find({ order: { id: 'ASC' } });
      io.stdout(
        `${JSON.stringify(
          teams.map(({ id, name }) => ({ id, name })),
          null,
          2,
        )}\n`,
      );
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};
