/** `frist quota <input.json>`: the job-talk quota (law-2026 O5) of many cases, as JSON. */
import { isAbsolute, resolve } from 'node:path';
import { QuotaInputError, formatIssues, quotaForCases } from '@frist/obligations';
import { parseArgs } from 'node:util';
import { type CliCommand, type CliIo, CliUsageError, parseOrUsage } from './cli-command';

const usage = `usage: npm run -s frist -- quota <input.json | ->

Prints the job-talk quota { scope, from, to, asOf, cohortSize, met, exempted, short, endedEarly, open, denominator,
metShare, exemptedShare, metSharePercent, exemptedSharePercent, atRisk, status } of the input
{ "cases": [ { "case", "events", "migrations", "ruleSetConfig" } ], "scope": {"level": "municipality"} |
{"level": "team", "team": "…"}, "from", "to", "asOf" }. Each case is evaluated at asOf; the cohort is the
ly-jobtalk periods whose last day lies in [from, to].
  -   read the input from stdin
Exit codes: 0 ok; 2 invalid input or usage (one line per issue on stderr).`;

function readInput(file: string, io: CliIo): unknown {
  const path = file === '-' ? '/dev/stdin' : isAbsolute(file) ? file : resolve(io.cwd, file);
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError([`cannot read ${file}${code ? ` (${code})` : ''}`]);
  }
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
    const { values, positionals } = parseOrUsage(usage, () =>
      parseArgs({ args: [...args], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } }),
    );
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
