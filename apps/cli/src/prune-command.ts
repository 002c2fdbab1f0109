/** `frist prune [--dry-run] [--changes-days N] [--deliveries-days N]`: retention for the outbox and delivery log. */
import { loadConfig, SystemClock, type Clock } from '@frist/config';
import { createDataSource, pruneOutbox } from '@frist/persistence';
import { type CliCommand, CliUsageError } from './cli-command';

const usage = `usage: npm run -s frist -- prune [--dry-run] [--changes-days N] [--deliveries-days N] [--batch N]

Deletes task_changes (the change feed's outbox) older than --changes-days (default 30) and webhook_deliveries
older than --deliveries-days (default 90), oldest first, --batch rows per statement (default 5000). The audit
trail is never pruned. SSE clients behind the oldest kept change are told to reload. Run it daily (cron, or a
Kubernetes CronJob); --dry-run only counts. Uses DATABASE_URL like the api and worker.
Exit codes: 0 done; 1 failure; 2 usage.`;

const FLAGS = {
  '--changes-days': [30, 7, 3650],
  '--deliveries-days': [90, 7, 3650],
  '--batch': [5000, 100, 100_000],
} as const;
type Flag = keyof typeof FLAGS;

/** Parses the flags into numbers within their bounds; anything else is a usage error. */
export function parsePruneArgs(args: readonly string[]): { dryRun: boolean } & Record<Flag, number> {
  const out = { dryRun: false, '--changes-days': 30, '--deliveries-days': 90, '--batch': 5000 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') out.dryRun = true;
    else if (a in FLAGS) {
      const [, min, max] = FLAGS[a as Flag];
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < min || v > max)
        throw new CliUsageError([`${a} must be an integer ${min}-${max}`, usage]);
      out[a as Flag] = v;
    } else throw new CliUsageError([`unknown argument ${a}`, usage]);
  }
  return out;
}

export function pruneCommandWith(clock: Clock): CliCommand {
  return {
    name: 'prune',
    summary: 'delete old change-feed outbox rows and webhook delivery logs (retention)',
    usage,
    async run(args, io) {
      if (args.includes('--help') || args.includes('-h')) {
        io.stdout(`${usage}\n`);
        return 0;
      }
      const opts = parsePruneArgs(args);
      const config = loadConfig();
      const ds = createDataSource(config.database.url, 1);
      await ds.initialize();
      try {
        const now = clock.now().getTime();
        const result = await pruneOutbox(ds, {
          changesBefore: new Date(now - opts['--changes-days'] * 86_400_000),
          deliveriesBefore: new Date(now - opts['--deliveries-days'] * 86_400_000),
          batchSize: opts['--batch'],
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
