/**
 * `frist changes draft|approve|publish|list|show`: the governed life cycle of rule changes, as the token's person.
 * It talks to the API (the API verifies who drafts and who approves, and computes the dry-run impact the approver
 * sees); only the migration draft also reads the database itself, to write the whole dry run as a file to read.
 */
import { writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadApiClientConfig, loadConfig, SystemClock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { isValidIsoDate, MIGRATION_IDS, type MigrationId, RULE_SET_SWITCHES } from '@frist/obligations';
import { dryRunMigration, IMPACT_ROWS, MIG_2026_PUBLISHED_ON, migrationDryRunCsv } from '@frist/operations';
import { createDataSource, RULE_CHANGE_KINDS, RULE_CHANGE_STATUSES } from '@frist/persistence';
import { type CliCommand, type CliIo, CliUsageError, parseCommandArgs } from './cli-command';
import { trialCatalogue } from './cli-resources';

const usage = `usage: npm run -s frist -- changes <command>   (as the person in FRIST_TOKEN or --token; API at FRIST_API_URL)
  draft migration MIG-2026 --title T [--as-of D] [--out F.csv]
                       drafts the change; the API runs the dry run and attaches its totals and first ${IMPACT_ROWS}
                       rows for the approver. The whole dry run is written here as CSV too (needs DATABASE_URL)
  draft policy <municipality|team> --title T --set <switch>=<true|false> [--set …] --decision-date D --effective-from D [--as-of D]
                       a local policy decision (switches: ${RULE_SET_SWITCHES.join(', ')}); the API attaches its
                       dry run (what appears, moves, closes or no longer starts); the whole run as a file:
                       npm run -s frist -- rules dry-run policy <change id>
  draft rule-set <id> --title T
  approve <id> --source "<legal source checked>" [--source …]   jurist only, never the drafter
  publish <id>                                                   after approval; then rules apply may roll it out
  list [--status ${RULE_CHANGE_STATUSES.join('|')}] [--kind ${RULE_CHANGE_KINDS.join('|')}]
  show <id>                                                      with the impact and the audit trail
Each command prints a summary and the next step; --json prints the API's answer instead.
Exit codes: 0 ok; 1 refused by the API (the problem's code is printed); 2 invalid usage.`;

interface Problem {
  status: number;
  code?: string;
  detail?: string;
  errors?: { field?: string; path?: string; message: string }[];
}

class ApiRefusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
  }
}

async function call(io: CliIo, token: string | undefined, method: string, path: string, body?: unknown) {
  const { url, token: envToken } = loadApiClientConfig();
  const bearer = token ?? envToken;
  if (!bearer)
    throw new CliUsageError([
      'no token: set FRIST_TOKEN or pass --token (e.g. npm run -s frist -- token --role jurist --sub <you>)',
    ]);
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    io.stderr(`frist changes: the API at ${url} does not answer (${(err as Error).message})\n`);
    throw new ApiRefusal({ status: 0, code: 'API_UNREACHABLE' });
  }
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiRefusal({ ...(json as Problem), status: res.status });
  return json;
}

function dateOption(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !isValidIsoDate(value)) throw new CliUsageError([`${name} must be a date YYYY-MM-DD`]);
  return value;
}

async function draftBody(positionals: string[], values: Record<string, unknown>, io: CliIo) {
  const [kind, target] = positionals;
  const title = values.title as string | undefined;
  if (!(RULE_CHANGE_KINDS as readonly string[]).includes(kind ?? ''))
    throw new CliUsageError([`draft needs a kind: ${RULE_CHANGE_KINDS.join(', ')}`, usage]);
  if (!target) throw new CliUsageError([`draft ${kind} needs a target`, usage]);
  if (!title) throw new CliUsageError(['draft needs --title', usage]);
  const asOf = dateOption(values['as-of'] as string | undefined, '--as-of');
  if (kind === 'migration') {
    if (!MIGRATION_IDS.includes(target as MigrationId))
      throw new CliUsageError([`${target} is not a migration (${MIGRATION_IDS.join(', ')})`]);
    const day = asOf ?? copenhagenDate(new SystemClock().now().getTime());
    const out = (values.out as string | undefined) ?? `${target.toLowerCase()}-dry-run.csv`;
    const file = isAbsolute(out) ? out : resolve(io.cwd, out);
    const ds = createDataSource(loadConfig().database.url, 2);
    await ds.initialize();
    try {
      const report = await dryRunMigration(
        ds,
        { id: target as MigrationId, publishedOn: MIG_2026_PUBLISHED_ON },
        day,
        trialCatalogue().programmes,
      );
      writeFileSync(file, migrationDryRunCsv(report));
      io.stdout(
        `dry run as of ${day}: ${report.cases} open cases, ${report.casesAffected} affected; per case: ${file}\n`,
      );
    } finally {
      await ds.destroy();
    }
    return { kind, target, title, asOf: day };
  }
  if (kind === 'policy') {
    const switches: Record<string, boolean> = {};
    for (const s of (values.set as string[] | undefined) ?? []) {
      const m = /^([A-Za-z0-9.]+)=(true|false)$/.exec(s);
      if (!m) throw new CliUsageError([`--set ${s}: write <switch>=true or <switch>=false`]);
      switches[m[1]] = m[2] === 'true';
    }
    return {
      kind,
      target,
      title,
      ...(asOf ? { asOf } : {}),
      payload: {
        switches,
        decisionDate: dateOption(values['decision-date'] as string | undefined, '--decision-date'),
        effectiveFrom: dateOption(values['effective-from'] as string | undefined, '--effective-from'),
      },
    };
  }
  return { kind, target, title };
}

interface ChangeView {
  id: string;
  kind: string;
  target: string;
  title: string;
  status: string;
  payload: { switches?: Record<string, boolean>; decisionDate?: string; effectiveFrom?: string };
  impact: { asOf: string; cases: number; casesAffected: number; totals: Record<string, number> } | null;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  sourcesChecked: string[] | null;
  publishedBy: string | null;
  audit?: { action: string; actor: string; at: string }[];
}

/** The dry run's totals in the order a person reads them (the stored impact's keys come back reordered). */
const TOTALS = [
  'appears',
  'moves',
  'kind',
  'rule-set',
  'policy',
  'closes',
  'disappears',
  'backfilled',
  'backfilledOverdue',
];

/** One change for a person: what, its state, its dry-run impact, its trail, and the next step. */
function describeChange(c: ChangeView): string {
  const lines = [`${c.id}  ${c.kind} ${c.target}  "${c.title}"  ${c.status}`];
  if (c.kind === 'policy')
    lines.push(
      `  sets ${Object.entries(c.payload.switches ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}; decided ${c.payload.decisionDate}, effective from ${c.payload.effectiveFrom}`,
    );
  lines.push(`  drafted by ${c.draftedBy} ${c.draftedAt}`);
  if (c.approvedBy)
    lines.push(`  approved by ${c.approvedBy}, sources checked: ${(c.sourcesChecked ?? []).join('; ')}`);
  if (c.publishedBy) lines.push(`  published by ${c.publishedBy}`);
  if (c.impact) {
    const t = c.impact.totals;
    lines.push(
      `  impact (the API's dry run as of ${c.impact.asOf}): ${c.impact.cases} open cases, ${c.impact.casesAffected} affected`,
      `    ${TOTALS.filter((k) => k in t)
        .map((k) => `${k} ${t[k]}`)
        .join(', ')}`,
    );
  }
  for (const a of c.audit ?? []) lines.push(`  ${a.at}  ${a.action} by ${a.actor}`);
  const apply = c.kind === 'policy' ? `rules apply policy ${c.id}` : `rules apply ${c.target}`;
  const next: Record<string, string> = {
    draft: `a jurist other than ${c.draftedBy} approves it: npm run -s frist -- changes approve ${c.id} --source "<legal source checked>"`,
    approved: `a jurist or a manager publishes it: npm run -s frist -- changes publish ${c.id}`,
    published:
      c.kind === 'rule-set'
        ? `the operator rolls it out: npm run -s frist -- ${apply}`
        : `the operator applies it: npm run -s frist -- ${apply}`,
  };
  if (c.audit === undefined || c.status !== 'published' || !c.audit.some((a) => a.action === 'applied'))
    lines.push(`  next: ${next[c.status] ?? ''}`);
  return lines.join('\n');
}

/** A change, or the list of them, as `describeChange` writes it. */
function describeChanges(json: unknown): string {
  const items = (json as { items?: ChangeView[] }).items;
  if (!items) return describeChange(json as ChangeView);
  return items.length ? items.map(describeChange).join('\n\n') : 'no rule changes';
}

export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'draft, approve (jurist, four-eyes), publish and list governed rule changes',
  usage,
  async run(args, io) {
    const parsed = parseCommandArgs(
      usage,
      args,
      {
        token: { type: 'string' },
        title: { type: 'string' },
        out: { type: 'string' },
        'as-of': { type: 'string' },
        set: { type: 'string', multiple: true },
        'decision-date': { type: 'string' },
        'effective-from': { type: 'string' },
        source: { type: 'string', multiple: true },
        status: { type: 'string' },
        kind: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      { positionals: true },
    );
    const { values, positionals } = parsed;
    const [sub, ...rest] = positionals;
    if (values.help || !sub) {
      io[values.help ? 'stdout' : 'stderr'](`${usage}\n`);
      return values.help ? 0 : 2;
    }
    const token = values.token;
    // A person reads a summary and the next step; --json gives the API's answer as it is (for scripts).
    const print = (json: unknown) =>
      io.stdout(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${describeChanges(json)}\n`);
    try {
      switch (sub) {
        case 'draft':
          print(await call(io, token, 'POST', '/api/v1/rule-changes', await draftBody(rest, values, io)));
          return 0;
        case 'approve': {
          if (!rest[0]) throw new CliUsageError(['approve needs the change id', usage]);
          const sourcesChecked = values.source ?? [];
          if (!sourcesChecked.length)
            throw new CliUsageError(['approve needs --source for every legal source you checked', usage]);
          print(await call(io, token, 'POST', `/api/v1/rule-changes/${rest[0]}/approve`, { sourcesChecked }));
          return 0;
        }
        case 'publish':
          if (!rest[0]) throw new CliUsageError(['publish needs the change id', usage]);
          print(await call(io, token, 'POST', `/api/v1/rule-changes/${rest[0]}/publish`));
          return 0;
        case 'list': {
          const q = new URLSearchParams();
          if (values.status) q.set('status', values.status);
          if (values.kind) q.set('kind', values.kind);
          print(await call(io, token, 'GET', `/api/v1/rule-changes${q.size ? `?${q.toString()}` : ''}`));
          return 0;
        }
        case 'show':
          if (!rest[0]) throw new CliUsageError(['show needs the change id', usage]);
          print(await call(io, token, 'GET', `/api/v1/rule-changes/${rest[0]}`));
          return 0;
        default:
          throw new CliUsageError([`unknown changes command ${sub}`, usage]);
      }
    } catch (err) {
      if (!(err instanceof ApiRefusal)) throw err;
      const p = err.problem;
      if (p.code !== 'API_UNREACHABLE') {
        const fields = (p.errors ?? []).map((e) => `\n  ${e.field ?? e.path ?? ''}: ${e.message}`).join('');
        io.stderr(`frist changes: refused (${p.status} ${p.code ?? ''}): ${p.detail ?? ''}${fields}\n`);
      }
      return 1;
    }
  },
};
