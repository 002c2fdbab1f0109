/** `frist token --role <role> --team <team> [--team …] [--sub <id>] [--ttl <hours>]`: a dev bearer token. */
import { ConfigError, loadAuthConfig, ROLES, signAccessToken, type Role } from '@frist/config';
import { type CliCommand, type CliIo, CliUsageError, parseCommandArgs } from './cli-command';

const TEAM = /^[a-z0-9][a-z0-9-]{0,62}$/;
const usage = `usage: npm run -s frist -- token --role <${ROLES.join('|')}> --team <team> [--team <team2>] [--sub <id>] [--ttl <hours>]

Prints a bearer token signed with AUTH_JWT_SECRET (the dev secret only with NODE_ENV=development), e.g.
  curl -H "Authorization: Bearer $(NODE_ENV=development npm run -s frist -- token --role caseworker --team fleks-nord)" …
  --ttl <hours>   lifetime, default 8 (at most AUTH_MAX_TOKEN_LIFETIME_S, default 12 h)
Exit codes: 0 ok; 2 invalid usage; 1 no secret configured (tokens then come from the identity provider).`;

interface TokenArgs {
  role: Role;
  teams: string[];
  sub: string;
  ttlHours: number;
}

function parseTokenArgs(args: readonly string[]): TokenArgs | 'help' {
  const { values } = parseCommandArgs(usage, args, {
    role: { type: 'string' },
    team: { type: 'string', multiple: true },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '8' },
  });
  if (values.help) return 'help';
  const { role, sub, ttl } = values;
  const teams = values.team ?? [];
  const issues: string[] = [];
  if (!role) issues.push('--role is required');
  else if (!(ROLES as readonly string[]).includes(role)) issues.push(`--role must be one of ${ROLES.join(', ')}`);
  for (const t of teams)
    if (!TEAM.test(t)) issues.push(`--team ${t} is not a team slug (lowercase letters, digits, -)`);
  if (role !== 'ops' && role !== 'jurist' && teams.length === 0)
    issues.push('--team is required (repeat it for several teams)');
  const ttlHours = Number(ttl);
  if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 24 * 7) issues.push('--ttl must be 0 < hours <= 168');
  if (issues.length) throw new CliUsageError([...issues, usage]);
  return { role: role as Role, teams: [...new Set(teams)], sub: sub ?? `dev-${role}`, ttlHours };
}

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'print a dev bearer token for a role and teams',
  usage,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseTokenArgs(args);
    if (parsed === 'help') {
      io.stdout(`${usage}\n`);
      return 0;
    }
    let auth;
    try {
      auth = loadAuthConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message.split('\n'));
      throw error;
    }
    if (Math.round(parsed.ttlHours * 3600) > auth.maxTokenLifetimeSec)
      throw new CliUsageError([
        `--ttl must be at most ${auth.maxTokenLifetimeSec / 3600} hours (AUTH_MAX_TOKEN_LIFETIME_S)`,
      ]);
    if (!auth.jwtSecret) {
      io.stderr('frist token: no AUTH_JWT_SECRET configured; tokens come from the identity provider (AUTH_JWKS_URL)\n');
      return 1;
    }
    const token = await signAccessToken(
      auth,
      { sub: parsed.sub, role: parsed.role, teams: parsed.teams },
      { ttlSeconds: Math.round(parsed.ttlHours * 3600) },
    );
    io.stdout(`${token}\n`);
    return 0;
  },
};
