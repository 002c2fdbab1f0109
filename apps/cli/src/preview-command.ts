/** `frist preview <timeline.json> [--as-of YYYY-MM-DD]`: the engine's obligations of a timeline, as JSON. */
import { TimelineValidationError, formatIssues, preview } from '@frist/obligations';
import { type CliCommand, type CliIo, CliUsageError, parseCommandArgs, readFileArgument } from './cli-command';
import { trialCatalogue } from './cli-resources';

const usage = `usage: npm run -s frist -- preview <timeline.json | -> [--as-of YYYY-MM-DD]

Prints { ruleSet, asOf, obligations, warnings, enrolments } for a timeline { "case": {...}, "events": [...], "asOf": "..." }.
Optional "migrations": [{ "id": "MIG-2026", "publishedOn": "YYYY-MM-DD" }] applies the 2026 rule sets (then also
"migrations" and "periods" are printed, and every row has legalBasis, backfilled, k); "ruleSetConfig" holds the
local-policy switches ("contactCadence.enabled", "passivity.enabled", "otherActor12m.enabled", "sdpFollowups.enabled").
"case": { "caseType": "fleksjob" (default, needs birthDate) | "sygedagpenge" }; trial events name a "program": a published
programme (aht-2009) or one adopted from the programme files listed in ADOPTED_PROGRAMMES.
  --as-of YYYY-MM-DD   evaluate on this date instead of the timeline's asOf (events after it are ignored)
  -                    read the timeline from stdin
Exit codes: 0 ok; 2 invalid input or usage (one line per issue on stderr).`;

interface PreviewArgs {
  file: string;
  asOf?: string;
}

function parsePreviewArgs(args: readonly string[]): PreviewArgs | 'help' {
  const { values, positionals } = parseCommandArgs(usage, args, { 'as-of': { type: 'string' } }, { positionals: true });
  if (values.help) return 'help';
  const asOf = values['as-of'];
  if (asOf === '') throw new CliUsageError(['--as-of needs a date YYYY-MM-DD', usage]);
  if (positionals.length > 1)
    throw new CliUsageError([`unexpected argument ${positionals[1]}: give one timeline file`, usage]);
  const file = positionals[0];
  if (file === undefined) throw new CliUsageError(['missing <timeline.json>', usage]);
  return asOf === undefined ? { file } : { file, asOf };
}

export const previewCommand: CliCommand = {
  name: 'preview',
  summary: 'compute the obligations of a timeline JSON file',
  usage,
  run(args: readonly string[], io: CliIo): number {
    const parsed = parsePreviewArgs(args);
    if (parsed === 'help') {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const { text } = readFileArgument(parsed.file, io);
    const catalogue = trialCatalogue();
    try {
      const output = preview(text, parsed.asOf, catalogue.programmes);
      io.stdout(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof TimelineValidationError)
        throw new CliUsageError([
          `invalid timeline ${parsed.file} (${error.issues.length} ${error.issues.length === 1 ? 'issue' : 'issues'}):`,
          ...formatIssues(error.issues)
            .split('\n')
            .map((line) => `  ${line}`),
        ]);
      throw error;
    }
  },
};
