/** `frist prune [--dry-run] [--changes-days N] [--deliveries-days N]`: retention for the outbox and delivery log. */
import { loadConfig, SystemClock, type Clock } from '@frist/config';
import { createDataSource, pruneOutbox } from '@frist/persistence';
import { type CliCommand, integerOption, parseCommandArgs } from './cli-command';

const usage = `usage: npm run -s frist -- prune [--dry-run] [--changes-days N] [--deliveries-days N] [--batch N]

Deletes task_changes (the change feed's outbox) older than --changes-days (default 30) and webhook_deliveries
older than --deliveries-days (default 90), oldest first, --batch rows per statement (default 5000). The audit
trail is never pruned. SSE clients behind the oldest kept change are told to reload. Run it daily (cron, or a
Kubernetes CronJob); --dry-run only counts. Uses DATABASE_URL like the api and worker.
Exit codes: 0 done; 1 failure; 2 usage.`;

const BOUNDS = {
  'changes-days': [7, 3650],
  'deliveries-days': [7, 3650],
  batch: [100, 100_000],
} as const;

export interface PruneArgs {
  dryRun: boolean;
  changesDays: number;
  deliveriesDays: number;
  batch: number;
  help: boolean;
}

/** Parses the flags into numbers within their bounds; anything else is a usage error. */
export function parsePruneArgs(args: readonly string[]): PruneArgs {
  const { values } = parseCommandArgs(usage, args, {
    'dry-run': { type: 'boolean', default: false },
    'changes-days': { type: 'string' },
    'deliveries-days': { type: 'string' },
    batch: { type: 'string' },
  });
  const int = (name: keyof typeof BOUNDS) => integerOption(values[name], `--${name}`, BOUNDS[name], usage);
  return {
    dryRun: values['dry-run'],
    changesDays: int('changes-days') ?? 30,
    deliveriesDays: int('deliveries-days') ?? 90,
    batch: int('batch') ?? 5000,
    help: values.help,
  };
}

export function pruneCommandWith(clock: Clock): CliCommand {
  return {
    name: 'prune',
    summary: 'delete old change-feed outbox rows and webhook delivery logs (retention)',
    usage,
    async run(args, io) {
      const opts = parsePruneArgs(args);
      if (opts.help) {
        io.stdout(`${usage}\n`);
        return 0;
      }
      const config = loadConfig();
      const ds = createDataSource(config.database.url, 1);
      await ds.initialize();
      try {
        const now = clock.now().getTime();
        const result = await pruneOutbox(ds, {
          changesBefore: new Date(now - opts.changesDays * 86_400_000),
          deliveriesBefore: new Date(now - opts.deliveriesDays * 86_400_000),
          batchSize: opts.batch,
          dryRun: opts.dryRun,
        });
        io.stdout(`${JSON.stringify({ dryRun: opts.dryRun, ...result }, null, 2)}\n`);
        return 0;
      } finally {
        await ds.destroy();
      }
    },
  };
}

export const pruneCommand = pruneCommandWith(new SystemClock());
