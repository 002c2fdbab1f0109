/** `frist preview <timeline.json> [--as-of YYYY-MM-DD]`: the engine's obligations of a timeline, as JSON. */
import { isAbsolute, resolve } from 'node:path';
import { TimelineValidationError, formatIssues, preview } from '@frist/obligations';
import { type CliCommand, type CliIo, CliUsageError } from './cli-command';

const usage = `usage: npm run -s frist -- preview <timeline.json | -> [--as-of YYYY-MM-DD]

Prints { ruleSet, asOf, obligations, warnings, enrolments } for a timeline { "case": {...}, "events": [...], "asOf": "..." }.
Optional "migrations": [{ "id": "MIG-2026", "publishedOn": "YYYY-MM-DD" }] applies the 2026 rule sets (then also
"migrations" and "periods" are printed, and every row has legalBasis, backfilled, k); "ruleSetConfig" holds the
local-policy switches ("contactCadence.enabled", "passivity.enabled", "otherActor12m.enabled", "sdpFollowups.enabled").
"case": { "caseType": "fleksjob" (default, needs birthDate) | "sygedagpenge" }; trial events name a "program" (aht-2009, aht-demo).
  --as-of YYYY-MM-DD   evaluate on this date instead of the timeline's asOf (events after it are ignored)
  -                    read the timeline from stdin
Exit codes: 0 ok; 2 invalid input or usage (one line per issue on stderr).`;

interface PreviewArgs {
  file: string;
  asOf?: string;
}

function parseArgs(args: readonly string[]): PreviewArgs | 'help' {
  let file: string | undefined;
  let asOf: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const value = arg === '--as-of' ? args[++i] : arg.slice('--as-of='.length);
      if (value === undefined || value === '') throw new CliUsageError(['--as-of needs a date YYYY-MM-DD', usage]);
      asOf = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new CliUsageError([`unknown option ${arg}`, usage]);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new CliUsageError([`unexpected argument ${arg}: give one timeline file`, usage]);
    }
  }
  if (file === undefined) throw new CliUsageError(['missing <timeline.json>', usage]);
  return asOf === undefined ? { file } : { file, asOf };
}

export const previewCommand: CliCommand = {
  name: 'preview',
  summary: 'compute the obligations of a timeline JSON file',
  usage,
  run(args: readonly string[], io: CliIo): number {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const path =
      parsed.file === '-' ? '/dev/stdin' : isAbsolute(parsed.file) ? parsed.file : resolve(io.cwd, parsed.file);
    let text: string;
    try {
      text = io.readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliUsageError([`cannot read ${parsed.file}${code ? ` (${code})` : ''}`]);
    }
    try {
      const output = preview(text, parsed.asOf);
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
