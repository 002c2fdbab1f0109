/** `frist reproject [--apply] [--fail-on-diff]`: rebuild the task read model from the case workflows. */
import { adoptedRuleSets, CaseProjectionActivities, createEvaluateCase } from '@frist/activities';
import { CaseReprojectionService } from '@frist/operations';
import { loadRulesConfig, SystemClock } from '@frist/config';
import { type CliCommand, integerOption, parseCommandArgs } from './cli-command';
import { trialCatalogue, withTemporalAndDatabase } from './cli-resources';

const usage = `usage: npm run -s frist -- reproject [--apply] [--fail-on-diff] [--concurrency N]

Queries every running case workflow (the source of truth) and compares its obligations with the task read model.
Prints a JSON report of missing, extra and changed tasks. --apply makes the read model equal the workflows
(a newer live projection always wins). Uses DATABASE_URL and TEMPORAL_ADDRESS like the api and worker.
Exit codes: 0 done; 1 failure, or differences with --fail-on-diff (after --apply: differences that could not be fixed); 2 usage.`;

export const reprojectCommand: CliCommand = {
  name: 'reproject',
  summary: 'rebuild the task read model from the case workflows and report differences',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(usage, args, {
      apply: { type: 'boolean', default: false },
      'fail-on-diff': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
    });
    if (values.help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const concurrency = integerOption(values.concurrency, '--concurrency', [1, 64], usage) ?? 8;
    const apply = values.apply;

    return withTemporalAndDatabase(Math.min(concurrency, 10), async (client, ds) => {
      const catalogue = trialCatalogue();
      // The worker's evaluation: its adopted rule sets and trial programmes.
      const adopted = adoptedRuleSets(loadRulesConfig().adoptedFiles);
      const evaluate = createEvaluateCase(adopted, catalogue.engineProgrammes);
      const report = await new CaseReprojectionService(
        client,
        ds,
        new CaseProjectionActivities(ds, new SystemClock(), catalogue),
        evaluate,
      ).run({ apply, concurrency });
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      const unresolved = apply
        ? report.casesWithDifferences - report.rebuilt - report.skippedNewer
        : report.casesWithDifferences;
      return report.failed.length || (values['fail-on-diff'] && unresolved > 0) ? 1 : 0;
    });
  },
};
