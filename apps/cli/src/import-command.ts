/**
 * `frist import validate|run <file>`: onboarding a municipality's running caseload from a case management export
 * (JSON Lines, one case per line, or CSV, one event per row; docs/onboarding.md).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import {
  caseReportCsv,
  CaseImportRunner,
  checkImportCase,
  detectFormat,
  importSummary,
  importTotals,
  readImportFile,
  teamOverdueCsv,
  type CaseReportEntry,
  type ImportFormat,
  type ImportProgress,
} from '@frist/activities';
import { SystemClock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { isValidIsoDate } from '@frist/obligations';
import {
  type CliCommand,
  type CliIo,
  CliUsageError,
  integerOption,
  parseCommandArgs,
  readFileArgument,
} from './cli-command';
import { trialCatalogue, withTemporalAndDatabase } from './cli-resources';

const usage = `usage: npm run -s frist -- import validate <file> [--format jsonl|csv] [--report <file.csv>] [--today YYYY-MM-DD]
       npm run -s frist -- import run <file> [--rate N] [--concurrency N] [--actor NAME] [--report <file.csv>] [--no-wait]

validate  every case through the engine's validation and preview, without Temporal or the database: writes the
          report (one row per accepted case or per issue, with event index, field and Danish reason) to --report
          (default <file>.report.csv), the obligations overdue on day one per team to <report>.teams.csv, and a
          summary to the terminal.
run       validates the same way, then creates the accepted cases (a workflow start each, no per-case wait) or adds
          their new events; a re-run skips identical cases and reports conflicts; a crashed run resumes where it
          stopped. Uses DATABASE_URL and TEMPORAL_ADDRESS like the api and worker.
  --rate N          at most N cases per second (default: as fast as --concurrency allows)
  --concurrency N   cases in flight at once, 1-64 (default 8)
  --actor NAME      who runs the import, for the batch and the audit trail (default: $USER or "import")
  --no-wait         do not wait until the read model shows every created case
Exit codes: 0 every case accepted (and imported); 3 some cases rejected or in conflict (see the report);
1 failures (run again to resume); 2 usage or unreadable file.`;

interface Loaded {
  path: string;
  name: string;
  text: string;
  format: ImportFormat;
  report: string;
}

function load(positionals: string[], values: Record<string, string | boolean | undefined>, io: CliIo): Loaded {
  const [, file, extra] = positionals;
  if (!file) throw new CliUsageError(['missing <file>', usage]);
  if (extra !== undefined) throw new CliUsageError([`unexpected argument ${extra}: give one file`, usage]);
  const { path, text } = readFileArgument(file, io);
  const format = values.format as string | undefined;
  if (format !== undefined && format !== 'jsonl' && format !== 'csv')
    throw new CliUsageError(['--format must be jsonl or csv', usage]);
  const report = values.report as string | undefined;
  return {
    path,
    name: basename(path),
    text,
    format: format ?? detectFormat(path, text),
    report: report
      ? isAbsolute(report)
        ? report
        : resolve(io.cwd, report)
      : resolve(io.cwd, `${basename(path)}.report.csv`),
  };
}

function writeReports(file: Loaded, entries: readonly CaseReportEntry[], io: CliIo): void {
  const teams = file.report.replace(/\.csv$/i, '') + '.teams.csv';
  writeFileSync(file.report, caseReportCsv(entries));
  writeFileSync(teams, teamOverdueCsv(entries));
  io.stdout(importSummary(entries));
  io.stdout(`Rapport: ${file.report}\nForfaldne pr. hold: ${teams}\n`);
}

/** One progress line: a bar, count, rate and ETA (redrawn in place on a terminal). */
export function progressLine(p: ImportProgress, width = 30): string {
  const filled = p.total ? Math.round((p.done / p.total) * width) : width;
  const eta =
    p.etaSeconds === null
      ? '–'
      : `${Math.floor(p.etaSeconds / 60)}:${String(Math.round(p.etaSeconds % 60)).padStart(2, '0')}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} sager  ${p.rate.toFixed(1)} sager/s  ETA ${eta}`;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'validate or import a running caseload (JSON Lines or CSV of events)',
  usage,
  async run(args, io) {
    const parsed = parseCommandArgs(
      usage,
      args,
      {
        format: { type: 'string' },
        report: { type: 'string' },
        today: { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        actor: { type: 'string' },
        'no-wait': { type: 'boolean' },
      },
      { positionals: true },
    );
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    const sub = positionals[0];
    if (sub !== 'validate' && sub !== 'run')
      throw new CliUsageError([`expected validate or run, got ${sub ?? 'nothing'}`, usage]);
    if (sub === 'validate' && (values.rate || values.concurrency || values.actor || values['no-wait']))
      throw new CliUsageError(['--rate, --concurrency, --actor and --no-wait belong to import run', usage]);
    if (sub === 'run' && values.today)
      throw new CliUsageError(['--today belongs to import validate (a run imports as of today)', usage]);
    if (values.today !== undefined && !isValidIsoDate(values.today))
      throw new CliUsageError(['--today must be a date YYYY-MM-DD', usage]);
    const rate = integerOption(values.rate, '--rate', [1, 100_000], usage);
    const concurrency = integerOption(values.concurrency, '--concurrency', [1, 64], usage) ?? 8;
    const file = load(positionals, values, io);

    const clock = new SystemClock();
    const today = values.today ?? copenhagenDate(clock.now().getTime());
    const catalogue = trialCatalogue();
    const checks = readImportFile(file.text, file.format).map((record) =>
      checkImportCase(record, { today, programmes: catalogue.programmes }),
    );
    if (sub === 'validate') {
      const entries = checks.map((check) => ({ check }));
      writeReports(file, entries, io);
      return importTotals(entries).rejected ? 3 : 0;
    }

    return withTemporalAndDatabase(Math.min(concurrency, 10), async (client, ds, config) => {
      const runner = new CaseImportRunner({
        client,
        taskQueue: config.temporal.taskQueue,
        dataSource: ds,
        clock,
        adoptedProgrammes: catalogue.adopted,
      });
      let lastDraw = 0;
      const result = await runner.run(checks, {
        sourceName: file.name,
        sourceSha256: createHash('sha256').update(file.text).digest('hex'),
        actor: values.actor ?? process.env.USER ?? 'import',
        concurrency,
        ...(rate ? { rate } : {}),
        onProgress: (p) => {
          const now = clock.now().getTime();
          if (p.done !== p.total && now - lastDraw < 1000) return;
          lastDraw = now;
          io.stderr(`${progressLine(p)}\n`);
        },
      });
      io.stdout(
        `Batch ${result.batchId}${result.resumed ? ' (genoptaget)' : ''}: ${result.entries.length} sager på ${result.seconds.toFixed(1)} s.\n`,
      );
      if (!values['no-wait']) {
        const created = result.entries.filter((e) => e.outcome === 'created').map((e) => e.check.plan!.caseId);
        const visible = await runner.waitForReadModel(created, (n) =>
          io.stderr(`læsemodel: ${n}/${created.length} sager synlige\n`),
        );
        io.stdout(`Læsemodel: ${visible}/${created.length} oprettede sager synlige.\n`);
      }
      writeReports(file, result.entries, io);
      const t = importTotals(result.entries);
      return t.outcomes.failed ? 1 : t.rejected || t.outcomes.conflict ? 3 : 0;
    });
  },
};
