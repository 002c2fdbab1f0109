import type { DataSource } from 'typeorm';
import {
  computeObligations,
  FLEKSJOB_2026,
  type IsoDate,
  type MigrationInput,
  type Occurrence,
  type TrialProgramme,
} from '@frist/obligations';
import { openCases } from './rule-set-dry-run';

/** One change a law migration or a policy decision makes to a case's tasks (law-2026 M4/M5), as a dry run lists it. */
export interface MigrationChange {
  caseId: string;
  team: string;
  code: string;
  occurrence: number;
  /**
   * appears: a new task; moves: its deadline moves; kind / rule-set: its label changes; policy: another local
   * policy decision (or none) made it, which its explanation names (from/to: the decision ids); closes: an open task is
   * closed (met, waived, cancelled); disappears: a shown task the new rules no longer have (a sygedagpenge-2009
   * follow-up series replaced by sdp-followups-6m, R3; a policy task a switch turned off no longer starts).
   */
  change: 'appears' | 'moves' | 'kind' | 'rule-set' | 'policy' | 'closes' | 'disappears';
  from: string;
  to: string;
  status: string;
  dueOn: string;
  backfilled: boolean;
}

/** What a dry run found: cases read, cases with a change, totals per change and every change, per case. */
export interface DryRunReport {
  asOf: string;
  cases: number;
  casesAffected: number;
  totals: Record<MigrationChange['change'] | 'backfilled' | 'backfilledOverdue', number>;
  changes: MigrationChange[];
}

export interface MigrationDryRun extends DryRunReport {
  migration: MigrationInput;
}

/** An empty report as of `asOf`. */
export function emptyDryRun(asOf: string): DryRunReport {
  return {
    asOf,
    cases: 0,
    casesAffected: 0,
    totals: {
      appears: 0,
      moves: 0,
      kind: 0,
      'rule-set': 0,
      policy: 0,
      closes: 0,
      disappears: 0,
      backfilled: 0,
      backfilledOverdue: 0,
    },
    changes: [],
  };
}

const isOpen = (status: string) => status === 'open' || status === 'overdue';

/**
 * Adds one case's changes to `report`: every task of `after` that appears, moves, is relabelled or closes compared
 * with `before` (what the case shows now), and every task of `before` that `after` no longer has. Backfilled tasks
 * are counted all (a migration: each exists only because of it) or only where they appear (a policy decision).
 */
export function addCaseChanges(
  report: DryRunReport,
  c: { id: string; team: string },
  before: readonly Occurrence[],
  after: readonly Occurrence[],
  backfilled: 'all' | 'appearing' = 'all',
): void {
  const shown = new Map(before.map((o) => [`${o.code}#${o.occurrence}`, o]));
  const changes: MigrationChange[] = [];
  const kept = new Set<string>();
  for (const o of after) {
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
      if (old.policy?.decisionId !== o.policy?.decisionId)
        changes.push(row('policy', old.policy?.decisionId ?? '', o.policy?.decisionId ?? ''));
      if (isOpen(old.status) && !isOpen(o.status)) changes.push(row('closes', old.status, o.status));
    }
    if (o.backfilled && (backfilled === 'all' || !old)) {
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
  /** The installation's trial catalogue (ADOPTED_PROGRAMMES), so cases in an adopted programme evaluate. */
  programmes?: readonly TrialProgramme[],
): Promise<MigrationDryRun> {
  const withProgrammes = programmes ? { programmes } : undefined;
  const report: MigrationDryRun = { ...emptyDryRun(asOf), migration };
  for await (const { c, facts, events } of openCases(ds, asOf)) {
    report.cases++;
    addCaseChanges(
      report,
      c,
      computeObligations(facts, events, asOf, withProgrammes).occurrences,
      computeObligations(facts, events, asOf, { migrations: [migration], ...withProgrammes }).occurrences,
    );
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
export function migrationDryRunCsv(report: DryRunReport): string {
  const cell = (v: unknown) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...report.changes.map((ch) => CSV_COLUMNS.map((k) => cell(ch[k])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}

/** Rows of a dry run kept with a drafted change for the approver (the whole run is in the drafter's file). */
export const IMPACT_ROWS = 500;

/** The impact a drafted change carries: the dry run's totals and its first rows. */
export function dryRunImpact(report: DryRunReport) {
  return {
    asOf: report.asOf,
    cases: report.cases,
    casesAffected: report.casesAffected,
    totals: report.totals,
    rows: report.changes.slice(0, IMPACT_ROWS).map((c) => ({ ...c })),
    rowsTotal: report.changes.length,
  };
}
