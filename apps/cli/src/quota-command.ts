/** `frist quota <input.json>`: the job-talk quota (law-2026 O5) of many cases, as JSON. */
import { QuotaInputError, formatIssues, quotaForCases } from '@frist/obligations';
import { type CliCommand, type CliIo, CliUsageError, parseCommandArgs, readFileArgument } from './cli-command';

const usage = `usage: npm run -s frist -- quota <input.json | ->

Prints the job-talk quota { scope, from, to, asOf, cohortSize, met, exempted, short, endedEarly, open, denominator,
metShare, exemptedShare, metSharePercent, exemptedSharePercent, atRisk, status } of the input
{ "cases": [ { "case", "events", "migrations", "ruleSetConfig" } ], "scope": {"level": "municipality"} |
{"level": "team", "team": "…"}, "from", "to", "asOf" }. Each case is evaluated at asOf; the cohort is the
ly-jobtalk periods whose last day lies in [from, to].
  -   read the input from stdin
Exit codes: 0 ok; 2 invalid input or usage (one line per issue on stderr).`;

function readInput(file: string, io: CliIo): unknown {
  const { text } = readFileArgument(file, io);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliUsageError([`invalid JSON in ${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

export const quotaCommand: CliCommand = {
  name: 'quota',
  summary: 'compute the job-talk quota (75 % met, ≤ 25 % exempted) of many cases',
  usage,
  run(args: readonly string[], io: CliIo): number {
    const { values, positionals } = parseCommandArgs(usage, args, {}, { positionals: true });
    if (values.help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1)
      throw new CliUsageError([positionals.length === 0 ? 'missing <input.json>' : 'give one input file', usage]);
    const input = readInput(positionals[0], io);
    try {
      io.stdout(`${JSON.stringify(quotaForCases(input), null, 2)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof QuotaInputError)
        throw new CliUsageError([
          `invalid quota input ${positionals[0]} (${error.issues.length} ${error.issues.length === 1 ? 'issue' : 'issues'}):`,
          ...formatIssues(error.issues)
            .split('\n')
            .map((line) => `  ${line}`),
        ]);
      throw error;
    }
  },
};
