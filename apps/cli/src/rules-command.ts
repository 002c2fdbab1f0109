/** `frist rules dry-run|apply|status`: roll a rule-set change out to running cases, visibly and audited. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adoptedRuleSets, ruleSetFromFile, RuleSetFileError } from '@frist/activities';
import { loadConfig, SystemClock } from '@frist/config';
import { copenhagenDate, ruleSetRolloutWorkflowId, type RolloutProgress } from '@frist/contracts';
import {
  isValidIsoDate,
  MIGRATION_IDS,
  type MigrationId,
  type MigrationInput,
  RULES_REFERENCE_PATH,
  renderRulesReference,
} from '@frist/obligations';
import {
  dryRunMigration,
  dryRunPolicy,
  dryRunRuleSet,
  MIG_2026_PUBLISHED_ON,
  migrationDryRunCsv,
} from '@frist/operations';
import { createDataSource, RuleChangeError, RuleChangeRegistry } from '@frist/persistence';
import { type CliCommand, type CliIo, CliUsageError, integerOption, parseCommandArgs } from './cli-command';
import { trialCatalogue, withTemporal } from './cli-resources';

const usage = `usage: npm run -s frist -- rules <command>
  dry-run <rule-set.json> [--as-of YYYY-MM-DD]   per open case, which deadlines the rule set would move and by how much
  apply <rule-set-id> [--rate N]                 (only a published change: see frist changes) re-evaluate every open case now (N cases/s, default 20); each moved
                                                 deadline gets an audit entry. The workers must already adopt the rule
                                                 set: list its file in ADOPTED_RULE_SETS and restart them first.
  status <rule-set-id>                           progress of an apply
  dry-run MIG-2026 [--as-of D] [--out F.csv]     per open case, the tasks the law migration adds, moves, relabels,
                                                 backfills or removes, written as CSV (default mig-2026-dry-run.csv) + totals
  dry-run policy <change-id> [--as-of D] [--out F.csv]
                                                 per open case the policy decision governs, the tasks that appear, move,
                                                 close or no longer start, as CSV (default policy-dry-run.csv) + totals
  apply policy <change-id> [--rate N]            (only once published) every open case takes the published local
                                                 policy decision (N cases/s); each change is audited with the decision
                                                 as cause; effective-dated: nothing started before its date changes.
                                                 Cases opened from then on start with it; resumable and idempotent
  apply MIG-2026 [--rate N]                      (only once published: frist changes) every open case takes the migration (N cases/s); each change is
                                                 audited; resumable and idempotent (a second apply changes nothing)
  docs [--out <file>] [--check]                  write the Danish rules reference of every published rule set and
                                                 policy switch (default ${RULES_REFERENCE_PATH}); --check only
                                                 compares and exits 1 when the file is out of date
A rule-set file: {"base": "fleksjob-2024", "id": "...", "effectiveFrom": "YYYY-MM-DD", "description": "...",
  "obligations": {"contact-14d": {"due": {"after": {"amount": 21, "unit": "days"}}}}}
Exit codes: 0 ok; 1 failure or RULE_CHANGE_NOT_PUBLISHED; 2 invalid usage or rule-set file.`;

function parseRulesArgs(args: readonly string[]) {
  return parseCommandArgs(
    usage,
    args,
    {
      'as-of': { type: 'string' },
      out: { type: 'string' },
      rate: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    { positionals: true },
  );
}

/** The options a subcommand takes; any other one given is a usage error. */
function onlyOptions(sub: string, values: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(values).find(
    (k) => k !== 'help' && values[k] !== undefined && values[k] !== false && !allowed.includes(k),
  );
  if (extra !== undefined) throw new CliUsageError([`rules ${sub}: unknown option --${extra}`, usage]);
}

/** `rules docs`: the reference is rendered from the data; only this writes it (the generator has no I/O). */
function writeRulesReference(out: string | undefined, check: boolean, io: CliIo): number {
  // npm run starts in the repository root; an explicit --out is relative to where the caller stands.
  const path = out === undefined ? resolve(process.cwd(), RULES_REFERENCE_PATH) : resolve(io.cwd, out);
  const text = renderRulesReference();
  if (check) {
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) {
      io.stdout(`${path} is up to date\n`);
      return 0;
    }
    io.stderr(`${path} is out of date: run npm run -s frist -- rules docs\n`);
    return 1;
  }
  writeFileSync(path, text);
  io.stdout(`wrote ${path}\n`);
  return 0;
}

/** `rules dry-run policy <change-id>`: the drafted (or published) policy change's dry run as a CSV file + totals. */
async function dryRunPolicyChange(
  id: string | undefined,
  asOfOption: string | undefined,
  outOption: string | undefined,
  io: CliIo,
): Promise<number> {
  if (!id) throw new CliUsageError(['rules dry-run policy needs the change id (see frist changes list)', usage]);
  const asOf = asOfOption ?? copenhagenDate(new SystemClock().now().getTime());
  if (!isValidIsoDate(asOf)) throw new CliUsageError(['--as-of must be a date YYYY-MM-DD', usage]);
  const out = outOption ?? 'policy-dry-run.csv';
  const ds = createDataSource(loadConfig().database.url, 2);
  await ds.initialize();
  try {
    let change;
    try {
      change = await new RuleChangeRegistry(ds).get(id);
    } catch (err) {
      if (!(err instanceof RuleChangeError)) throw err;
      io.stderr(`frist rules: ${err.code}: ${err.message}\n`);
      return 1;
    }
    if (change.kind !== 'policy') {
      io.stderr(`frist rules: rule change ${id} is a ${change.kind} change, not a policy decision\n`);
      return 1;
    }
    const report = await dryRunPolicy(ds, change, asOf, trialCatalogue().programmes);
    writeFileSync(out.startsWith('/') ? out : `${io.cwd}/${out}`, migrationDryRunCsv(report));
    const t = report.totals;
    io.stdout(
      `policy ${change.id} (${change.title}, ${change.status}) dry run as of ${asOf}: ${report.cases} open cases ` +
        `it governs, ${report.casesAffected} affected\n  appears ${t.appears}, moves ${t.moves}, kind ${t.kind}, ` +
        `now made by a policy decision (or no longer) ${t.policy}, closes ${t.closes}, no longer starts ${t.disappears}\n` +
        (report.migrations.length
          ? ''
          : '  (no law migration is published: the switches take effect only after MIG-2026)\n') +
        `  per case: ${out}\n`,
    );
  } finally {
    await ds.destroy();
  }
  return 0;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'dry-run, apply and follow a rule-set change for running cases; write the rules reference',
  usage,
  async run(args, io) {
    const { values, positionals } = parseRulesArgs(args);
    const [sub, target, ...extra] = positionals;
    if (!sub || values.help) {
      io.stdout(`${usage}\n`);
      return values.help ? 0 : 2;
    }
    // `apply policy <change-id>` and `dry-run policy <change-id>` are the forms with a third argument.
    const policyForm = (sub === 'apply' || sub === 'dry-run') && target === 'policy';
    if (extra.length > (policyForm ? 1 : 0) || (sub === 'docs' && target !== undefined))
      throw new CliUsageError([`rules ${sub}: unexpected argument ${sub === 'docs' ? target : extra[0]}`, usage]);
    onlyOptions(sub, values, { docs: ['out', 'check'], 'dry-run': ['as-of', 'out'], apply: ['rate'] }[sub] ?? []);
    if (sub === 'docs') return writeRulesReference(values.out, values.check, io);
    if (!target) throw new CliUsageError([`rules ${sub} needs an argument`, usage]);
    const migration: MigrationInput | undefined = MIGRATION_IDS.includes(target as MigrationId)
      ? { id: target as MigrationId, publishedOn: MIG_2026_PUBLISHED_ON }
      : undefined;
    try {
      switch (sub) {
        case 'dry-run': {
          if (policyForm) return await dryRunPolicyChange(extra[0], values['as-of'], values.out, io);
          if (migration) {
            const asOf = values['as-of'] ?? copenhagenDate(new SystemClock().now().getTime());
            if (!isValidIsoDate(asOf)) throw new CliUsageError(['--as-of must be a date YYYY-MM-DD', usage]);
            const out = values.out ?? `${target.toLowerCase()}-dry-run.csv`;
            const ds = createDataSource(loadConfig().database.url, 2);
            await ds.initialize();
            try {
              const report = await dryRunMigration(ds, migration, asOf, trialCatalogue().programmes);
              writeFileSync(out.startsWith('/') ? out : `${io.cwd}/${out}`, migrationDryRunCsv(report));
              const t = report.totals;
              io.stdout(
                `${target} dry run as of ${asOf} (published ${migration.publishedOn}): ${report.cases} open cases, ` +
                  `${report.casesAffected} affected\n  appears ${t.appears}, moves ${t.moves}, kind ${t.kind}, ` +
                  `rule-set ${t['rule-set']}, closes ${t.closes}, disappears ${t.disappears}, backfilled ${t.backfilled} (overdue ${t.backfilledOverdue})\n` +
                  `  per case: ${out}\n`,
              );
            } finally {
              await ds.destroy();
            }
            return 0;
          }
          if (values.out !== undefined) throw new CliUsageError(['--out belongs to dry-run MIG-2026', usage]);
          const asOf = values['as-of'] ?? copenhagenDate(new SystemClock().now().getTime());
          if (!isValidIsoDate(asOf)) throw new CliUsageError(['--as-of must be a date YYYY-MM-DD', usage]);
          const candidate = ruleSetFromFile(target.startsWith('/') ? target : `${io.cwd}/${target}`);
          const config = loadConfig();
          const ds = createDataSource(config.database.url, 2);
          await ds.initialize();
          try {
            const report = await dryRunRuleSet(
              ds,
              candidate,
              asOf,
              adoptedRuleSets(config.rules.adoptedFiles),
              trialCatalogue().programmes,
            );
            io.stdout(`${JSON.stringify(report, null, 2)}\n`);
          } finally {
            await ds.destroy();
          }
          return 0;
        }
        case 'apply': {
          const rate = integerOption(values.rate, '--rate', [1, 500], usage) ?? 20;
          const config = loadConfig();
          // `apply policy <change-id>`: every open case re-evaluates under the published policy decision.
          const policyId = policyForm ? extra[0] : undefined;
          if (policyForm && !policyId)
            throw new CliUsageError(['rules apply policy needs the change id (see frist changes list)', usage]);
          const adopted = migration || policyId ? [] : adoptedRuleSets(config.rules.adoptedFiles);
          if (!migration && !policyId && !adopted.some((r) => r.id === target)) {
            throw new CliUsageError([
              `rule set ${target} is not adopted here: list its file in ADOPTED_RULE_SETS (workers too) and restart the workers first`,
            ]);
          }
          // Governed (issue 14): only a change drafted, approved by a jurist and published is rolled out.
          const kind = migration ? 'migration' : 'rule-set';
          const ds = createDataSource(config.database.url, 2);
          await ds.initialize();
          try {
            const registry = new RuleChangeRegistry(ds);
            let change;
            try {
              change = policyId
                ? await registry.assertPublishedChange(policyId, 'policy')
                : await registry.assertPublished(kind, target);
            } catch (err) {
              if (!(err instanceof RuleChangeError)) throw err;
              io.stderr(`frist rules: ${err.code}: ${err.message}\n`);
              return 1;
            }
            const ruleSet = policyId ? `policy-${change.id}` : target;
            const workflowId = ruleSetRolloutWorkflowId(ruleSet);
            // Recorded first: from now on the decision is applied, so a case opened meanwhile starts with it, and
            // the rollout sends every running case the applied decisions including this one.
            await registry.recordApplied(
              change.id,
              { sub: 'frist rules apply', role: 'cli' },
              new SystemClock().now(),
              {
                workflowId,
                ratePerSecond: rate,
              },
            );
            const policy = policyId
              ? {
                  change: {
                    id: change.id,
                    title: change.title,
                    decisionDate: change.payload.decisionDate as string,
                    effectiveFrom: change.payload.effectiveFrom as string,
                  },
                  decisions: await registry.appliedPolicyDecisions(),
                }
              : undefined;
            await withTemporal((client) =>
              client.workflow.start('ruleSetRolloutWorkflow', {
                workflowId,
                taskQueue: config.temporal.taskQueue,
                args: [
                  { ruleSet, ratePerSecond: rate, ...(migration ? { migration } : {}), ...(policy ? { policy } : {}) },
                ],
                workflowIdConflictPolicy: 'USE_EXISTING',
              }),
            );
            io.stdout(
              `rollout of published change ${change.id} started: ${workflowId} ` +
                `(follow it with: npm run -s frist -- rules status ${ruleSet})\n`,
            );
          } finally {
            await ds.destroy();
          }
          return 0;
        }
        case 'status': {
          const progress = await withTemporal((client) =>
            client.workflow.getHandle(ruleSetRolloutWorkflowId(target)).query<RolloutProgress>('rolloutProgress'),
          );
          io.stdout(`${JSON.stringify(progress, null, 2)}\n`);
          return 0;
        }
        default:
          throw new CliUsageError([`unknown rules command ${sub}`, usage]);
      }
    } catch (err) {
      if (err instanceof RuleSetFileError) throw new CliUsageError([err.message]);
      throw err;
    }
  },
};
