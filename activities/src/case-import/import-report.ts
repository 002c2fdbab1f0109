/** The import report: one CSV row per case (or per issue of a rejected case), overdue-on-day-one per team, totals. */
import { danishDate, toCsv, type CsvColumn } from '@frist/contracts';
import { titleFor } from '@frist/obligations';
import type { ImportCaseCheck, ImportIssue } from './import-validation';

/** What a run did with a case; a validation-only report has none. */
export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'failed' | 'rejected';

export interface CaseReportEntry {
  check: ImportCaseCheck;
  outcome?: ImportOutcome;
  /** Danish: why a conflict or failure happened. */
  note?: string;
}

export interface TeamOverdue {
  team: string;
  code: string;
  title: string;
  cases: number;
  oldestDueOn: string;
}

export interface ImportTotals {
  cases: number;
  accepted: number;
  rejected: number;
  events: number;
  overdueObligations: number;
  casesWithOverdue: number;
  outcomes: Partial<Record<ImportOutcome, number>>;
}

export function importTotals(entries: readonly CaseReportEntry[]): ImportTotals {
  const totals: ImportTotals = {
    cases: entries.length,
    accepted: 0,
    rejected: 0,
    events: 0,
    overdueObligations: 0,
    casesWithOverdue: 0,
    outcomes: {},
  };
  for (const { check, outcome } of entries) {
    if (check.status === 'accepted') totals.accepted++;
    else totals.rejected++;
    totals.events += check.plan?.events.length ?? 0;
    totals.overdueObligations += check.overdue.length;
    if (check.overdue.length) totals.casesWithOverdue++;
    if (outcome) totals.outcomes[outcome] = (totals.outcomes[outcome] ?? 0) + 1;
  }
  return totals;
}

/** The obligations overdue on day one, per team and obligation (titles without citizen data). */
export function overdueByTeam(entries: readonly CaseReportEntry[]): TeamOverdue[] {
  const groups = new Map<string, TeamOverdue>();
  for (const { check } of entries) {
    if (check.status !== 'accepted' || !check.team) continue;
    for (const o of check.overdue) {
      const key = `${check.team}\u0000${o.code}`;
      // The obligation's name, not one case's title (titles carry that case's dates).
      const title = titleFor(o.code, o.ruleSet) ?? o.code;
      const g = groups.get(key) ?? { team: check.team, code: o.code, title, cases: 0, oldestDueOn: o.dueOn };
      g.cases++;
      if (o.dueOn < g.oldestDueOn) g.oldestDueOn = o.dueOn;
      groups.set(key, g);
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.team.localeCompare(b.team) || b.cases - a.cases || a.code.localeCompare(b.code),
  );
}

interface CaseRow {
  entry: CaseReportEntry;
  issue?: ImportIssue;
}

const STATUS_DA: Record<string, string> = { accepted: 'godkendt', rejected: 'afvist' };
const OUTCOME_DA: Record<ImportOutcome, string> = {
  created: 'oprettet',
  updated: 'opdateret',
  unchanged: 'uændret',
  conflict: 'konflikt',
  failed: 'fejlet',
  rejected: 'ikke importeret',
};

const CASE_COLUMNS: CsvColumn<CaseRow>[] = [
  { header: 'linje', value: (r) => r.issue?.line ?? r.entry.check.line },
  { header: 'sag', value: (r) => r.entry.check.caseId },
  { header: 'hold', value: (r) => r.entry.check.team },
  { header: 'sagstype', value: (r) => r.entry.check.caseType },
  { header: 'validering', value: (r) => STATUS_DA[r.entry.check.status] },
  { header: 'resultat', value: (r) => (r.entry.outcome ? OUTCOME_DA[r.entry.outcome] : '') },
  { header: 'hændelse nr.', value: (r) => r.issue?.eventIndex },
  { header: 'eventId', value: (r) => r.issue?.eventId },
  { header: 'felt', value: (r) => r.issue?.field },
  { header: 'årsag', value: (r) => r.issue?.reason ?? r.entry.note },
  { header: 'detalje', value: (r) => r.issue?.detail },
  { header: 'hændelser', value: (r) => r.entry.check.plan?.events.length },
  {
    header: 'åbne forpligtelser',
    value: (r) => (r.entry.check.status === 'accepted' ? r.entry.check.openObligations : null),
  },
  {
    header: 'forfaldne på dag ét',
    value: (r) => (r.entry.check.status === 'accepted' ? r.entry.check.overdue.length : null),
  },
  {
    header: 'forfaldne forpligtelser',
    value: (r) => r.entry.check.overdue.map((o) => `${o.title} (${danishDate(o.dueOn)})`).join(' | '),
  },
];

/** One row per accepted case, one per issue of a rejected case. */
export function caseReportCsv(entries: readonly CaseReportEntry[]): string {
  const rows: CaseRow[] = entries.flatMap((entry) =>
    entry.check.issues.length ? entry.check.issues.map((issue) => ({ entry, issue })) : [{ entry }],
  );
  return toCsv(CASE_COLUMNS, rows);
}

const TEAM_COLUMNS: CsvColumn<TeamOverdue>[] = [
  { header: 'hold', value: (r) => r.team },
  { header: 'forpligtelse', value: (r) => r.code },
  { header: 'titel', value: (r) => r.title },
  { header: 'sager med forfalden frist på dag ét', value: (r) => r.cases },
  { header: 'ældste frist', value: (r) => r.oldestDueOn },
];

export function teamOverdueCsv(entries: readonly CaseReportEntry[]): string {
  return toCsv(TEAM_COLUMNS, overdueByTeam(entries));
}

/** The short terminal summary. */
export function importSummary(entries: readonly CaseReportEntry[], maxIssues = 10): string {
  const t = importTotals(entries);
  const lines = [
    `${t.cases} sager læst: ${t.accepted} godkendt, ${t.rejected} afvist (${t.events} hændelser i de godkendte).`,
  ];
  const outcomes = Object.entries(t.outcomes).map(([k, n]) => `${n} ${OUTCOME_DA[k as ImportOutcome]}`);
  if (outcomes.length) lines.push(`Import: ${outcomes.join(', ')}.`);
  const byTeam = new Map<string, { obligations: number; cases: Set<string> }>();
  for (const { check } of entries)
    if (check.status === 'accepted' && check.overdue.length && check.team) {
      const g = byTeam.get(check.team) ?? { obligations: 0, cases: new Set<string>() };
      g.obligations += check.overdue.length;
      g.cases.add(check.caseId ?? '');
      byTeam.set(check.team, g);
    }
  lines.push(`Forfaldne på dag ét: ${t.overdueObligations} forpligtelser i ${t.casesWithOverdue} sager.`);
  for (const [team, g] of [...byTeam].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${team}: ${g.obligations} forpligtelser i ${g.cases.size} sager`);
  const problems = entries.filter(
    (e) => e.check.status === 'rejected' || e.outcome === 'conflict' || e.outcome === 'failed',
  );
  if (problems.length) {
    lines.push(`Første ${Math.min(maxIssues, problems.length)} af ${problems.length} problemer:`);
    for (const e of problems.slice(0, maxIssues)) {
      const issue = e.check.issues[0];
      const where = issue
        ? [issue.eventIndex !== undefined ? `hændelse ${issue.eventIndex}` : '', issue.field ?? '']
            .filter(Boolean)
            .join(', ')
        : '';
      lines.push(
        `  linje ${issue?.line ?? e.check.line}${where ? ` (${where})` : ''}: ${issue?.reason ?? e.note ?? ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
