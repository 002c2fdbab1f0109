import type { DataSource } from 'typeorm';
import { computeObligations, FLEKSJOB_2026, type IsoDate, type MigrationInput } from '@frist/obligations';
import { openCases } from './rule-set-dry-run';

/** One change a law migration makes to a case's tasks (law-2026 M4/M5), as the dry run lists it. */
export interface MigrationChange {
  caseId: string;
  team: string;
  code: string;
  occurrence: number;
  /**
   * appears: a new task; moves: its deadline moves; kind / rule-set: its label changes; disappears: a shown task the
   * migrated rules no longer have (a sygedagpenge-2009 follow-up series replaced by sdp-followups-6m, R3).
   */
  change: 'appears' | 'moves' | 'kind' | 'rule-set' | 'disappears';
  from: string;
  to: string;
  status: string;
  dueOn: string;
  backfilled: boolean;
}

export interface MigrationDryRun {
  migration: MigrationInput;
  asOf: string;
  cases: number;
  casesAffected: number;
  totals: Record<MigrationChange['change'] | 'backfilled' | 'backfilledOverdue', number>;
  changes: MigrationChange[];
}

/** P of MIG-2026 (M2): the publication date the migrated rule sets carry as effectiveFrom. */
export const MIG_2026_PUBLISHED_ON: IsoDate = FLEKSJOB_2026.effectiveFrom;

/**
 * What taking `migration` would do to open cases: per case, every task that appears, moves, or changes kind or rule
 * set, and which are backfilled. Runs the engine without and with the migration; writes nothing.
 */
export async function dryRunMigration(
  ds: DataSource,
  migration: MigrationInput,
  asOf: string,
): Promise<MigrationDryRun> {
  const report: MigrationDryRun = {
    migration,
    asOf,
    cases: 0,
    casesAffected: 0,
    totals: { appears: 0, moves: 0, kind: 0, 'rule-set': 0, disappears: 0, backfilled: 0, backfilledOverdue: 0 },
    changes: [],
  };
  for await (const { c, facts, events } of openCases(ds, asOf)) {
    report.cases++;
    const shown = new Map(
      computeObligations(facts, events, asOf).occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]),
    );
    const changes: MigrationChange[] = [];
    const kept = new Set<string>();
    for (const o of computeObligations(facts, events, asOf, { migrations: [migration] }).occurrences) {
      kept.add(`${o.code}#${o.occurrence}`);
      const old = shown.get(`${o.code}#${o.occurrence}`);
      const row = (change: MigrationChange['change'], from: string, to: string): MigrationChange => ({
        caseId: c.id,
        team: c.team,
        code: o.code,
        occurrence: o.occurrence,
        change,
        from,
        to,
        status: o.status,
        dueOn: o.dueOn,
        backfilled: o.backfilled === true,
      });
      if (!old) changes.push(row('appears', '', o.dueOn));
      else {
        if (old.dueOn !== o.dueOn) changes.push(row('moves', old.dueOn, o.dueOn));
        if (old.kind !== o.kind) changes.push(row('kind', old.kind, o.kind));
        if (old.ruleSet !== o.ruleSet) changes.push(row('rule-set', old.ruleSet, o.ruleSet));
      }
      if (o.backfilled) {
        report.totals.backfilled++;
        if (o.status === 'overdue') report.totals.backfilledOverdue++;
      }
    }
    for (const [key, o] of shown)
      if (!kept.has(key))
        changes.push({
          caseId: c.id,
          team: c.team,
          code: o.code,
          occurrence: o.occurrence,
          change: 'disappears',
          from: o.dueOn,
          to: '',
          status: o.status,
          dueOn: o.dueOn,
          backfilled: false,
        });
    for (const ch of changes) report.totals[ch.change]++;
    if (changes.length) {
      report.casesAffected++;
      report.changes.push(...changes);
    }
  }
  return report;
}

const CSV_COLUMNS = [
  'caseId',
  'team',
  'code',
  'occurrence',
  'change',
  'from',
  'to',
  'status',
  'dueOn',
  'backfilled',
] as const;

/** The dry run as CSV (RFC 4180, one change per line) for a person to read in a spreadsheet. */
export function migrationDryRunCsv(report: MigrationDryRun): string {
  const cell = (v: unknown) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...report.changes.map((ch) => CSV_COLUMNS.map((k) => cell(ch[k])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}
