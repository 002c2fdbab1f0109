/**
 * The municipality-wide job-talk quota of law-2026 O5 (≥ 75 % met, ≤ 25 % exempted), measured on the ly-jobtalk
 * periods[] of many cases. A pure service function outside computeObligations: the law sets a share no single case
 * can meet or miss. It never blocks anything (PC9). `quotaForCases` evaluates the cases first, so the CLI, a
 * dashboard and an API can share one entry point.
 */
import { type EpochDay, type IsoDate, formatIsoDate, tryParseIsoDate } from '../dates/iso-date';
import { type CaseEvent, type CaseFacts, type LyPeriod } from '../engine/engine-types';
import { computeObligations } from '../engine/obligation-engine';
import { TimelineValidationError, type ValidationIssue, formatIssues } from '../validation/timeline-validation';
import { isRecord } from '../validation/describe-value';

export type QuotaScope = { level: 'municipality' } | { level: 'team'; team: string };

/** A periods[] entry tagged by the service with its case and team (O5 Arguments). */
export interface TaggedPeriod extends LyPeriod {
  caseId: string;
  team: string | null;
}

/** A cohort's counts by period outcome (N1.7). */
export interface QuotaCounts {
  met: number;
  exempted: number;
  short: number;
  endedEarly: number;
  open: number;
}

export type QuotaStatus = 'incomplete' | 'exemption-budget-exceeded' | 'below-quota' | 'ok';

/** The O5 figures of a cohort: its counts, the denominator, the shares (rounded) and the status. */
export interface QuotaFigures extends QuotaCounts {
  cohortSize: number;
  denominator: number;
  metShare: number | null;
  exemptedShare: number | null;
  metSharePercent: number | null;
  exemptedSharePercent: number | null;
  status: QuotaStatus;
}

export interface JobtalkQuota extends QuotaFigures {
  scope: QuotaScope;
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  atRisk: Array<{ caseId: string; periodStart: IsoDate; lastDay: IsoDate; heldCount: number }>;
}

/** Invalid quota arguments; `issues` name the path of each. */
export class QuotaInputError extends Error {
  readonly code = 'INVALID_QUOTA_INPUT' as const;

  constructor(readonly issues: ValidationIssue[]) {
    super(formatIssues(issues));
    this.name = 'QuotaInputError';
  }
}

/** The legal limits (O5): 0.75 and 0.25 are inside them. */
export const QUOTA_MET_MIN = 0.75;
export const QUOTA_EXEMPTED_MAX = 0.25;
/** Talks a period needs (N1.2: k = 1..4). */
export const JOBTALKS_REQUIRED = 4;
/**
 * The pace the at-risk rule assumes (O5): one talk now and then one every 28 days until L. A period is at risk when
 * it needs more talks than that pace still fits in: 4 − heldCount > ⌊(L − asOf)/28⌋ + 1.
 */
export const AT_RISK_CADENCE_DAYS = 28;

/** O5 atRisk for an open period: true when it can no longer reach 4 talks at one talk every 28 days from asOf. */
export function jobtalksAtRisk(heldCount: number, daysLeft: number): boolean {
  return JOBTALKS_REQUIRED - heldCount > Math.floor(daysLeft / AT_RISK_CADENCE_DAYS) + 1;
}

/**
 * O5 from a cohort's counts: ended-early periods are left out of the denominator [P]; shares are rounded to 6
 * decimals (fractions) and 1 (percentages), null when the denominator is 0; the status compares unrounded
 * fractions, in the order incomplete, exemption-budget-exceeded, below-quota, ok.
 */
export function quotaFigures(counts: QuotaCounts): QuotaFigures {
  const { met, exempted, short, endedEarly, open } = counts;
  const denominator = met + exempted + short;
  const metFraction = denominator === 0 ? null : met / denominator;
  const exemptedFraction = denominator === 0 ? null : exempted / denominator;
  let status: QuotaStatus = 'ok';
  if (open > 0) status = 'incomplete';
  else if (exemptedFraction !== null && exemptedFraction > QUOTA_EXEMPTED_MAX) status = 'exemption-budget-exceeded';
  else if (metFraction !== null && metFraction < QUOTA_MET_MIN) status = 'below-quota';
  return {
    cohortSize: met + exempted + short + endedEarly + open,
    met,
    exempted,
    short,
    endedEarly,
    open,
    denominator,
    metShare: metFraction === null ? null : round(metFraction, 6),
    exemptedShare: exemptedFraction === null ? null : round(exemptedFraction, 6),
    metSharePercent: metFraction === null ? null : round(metFraction * 100, 1),
    exemptedSharePercent: exemptedFraction === null ? null : round(exemptedFraction * 100, 1),
    status,
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

interface QuotaArguments {
  scope: QuotaScope;
  from: EpochDay;
  to: EpochDay;
  asOf: EpochDay;
}

function readArguments(scope: unknown, from: unknown, to: unknown, asOf: unknown, issues: ValidationIssue[]) {
  const date = (value: unknown, path: string) => {
    const day = tryParseIsoDate(value);
    if (day === undefined)
      issues.push({ path, message: `${JSON.stringify(value) ?? 'missing'} is not a date YYYY-MM-DD` });
    return day;
  };
  const f = date(from, 'from');
  const t = date(to, 'to');
  const a = date(asOf, 'asOf');
  if (f !== undefined && t !== undefined && f > t) issues.push({ path: 'to', message: 'must not be before from' });
  let parsedScope: QuotaScope | undefined;
  if (isRecord(scope) && scope.level === 'municipality') parsedScope = { level: 'municipality' };
  else if (isRecord(scope) && scope.level === 'team' && typeof scope.team === 'string' && scope.team.trim() !== '')
    parsedScope = { level: 'team', team: scope.team };
  else
    issues.push({
      path: 'scope',
      message: 'must be {"level": "municipality"} or {"level": "team", "team": "<team>"}',
    });
  if (f === undefined || t === undefined || a === undefined || parsedScope === undefined) return undefined;
  return { scope: parsedScope, from: f, to: t, asOf: a } satisfies QuotaArguments;
}

/**
 * O5: the cohort is the ly-jobtalk periods with from ≤ lastDay ≤ to (and the scope's team); ended-early periods
 * are excluded from the denominator [P]; the status compares unrounded fractions.
 */
export function computeJobtalkQuota(
  periods: readonly TaggedPeriod[],
  scope: QuotaScope,
  from: IsoDate,
  to: IsoDate,
  asOf: IsoDate,
): JobtalkQuota {
  const issues: ValidationIssue[] = [];
  const args = readArguments(scope, from, to, asOf, issues);
  if (!args) throw new QuotaInputError(issues);
  const fromIso = formatIsoDate(args.from);
  const toIso = formatIsoDate(args.to);
  const cohort = periods.filter(
    (p) =>
      p.code === 'ly-jobtalk' &&
      p.lastDay >= fromIso &&
      p.lastDay <= toIso &&
      (args.scope.level === 'municipality' || p.team === args.scope.team),
  );
  const count = (outcome: LyPeriod['outcome']) => cohort.filter((p) => p.outcome === outcome).length;
  const figures = quotaFigures({
    met: count('met'),
    exempted: count('exempted'),
    short: count('short'),
    endedEarly: count('ended-early'),
    open: count('open'),
  });
  const atRisk = cohort
    .filter(
      (p) => p.outcome === 'open' && jobtalksAtRisk(p.heldCount, (tryParseIsoDate(p.lastDay) as EpochDay) - args.asOf),
    )
    .map((p) => ({ caseId: p.caseId, periodStart: p.periodStart, lastDay: p.lastDay, heldCount: p.heldCount }));
  const { status, ...counts } = figures;
  // The O6 key order: the arguments, the figures, atRisk, status.
  return {
    scope: args.scope,
    from: fromIso,
    to: toIso,
    asOf: formatIsoDate(args.asOf),
    ...counts,
    atRisk,
    status,
  };
}

/** One case of the quota input: the preview input of a case without its asOf (the quota's asOf applies). */
export interface QuotaCase {
  case: CaseFacts;
  events: CaseEvent[];
  migrations?: unknown;
  ruleSetConfig?: unknown;
}

/**
 * Evaluates every case at the quota's asOf and measures its periods: the CLI input
 * `{ cases: [{ case, events, migrations, ruleSetConfig }], scope, from, to, asOf }`. Throws QuotaInputError with
 * every issue (paths like `cases[2].events[0].type`).
 */
export function quotaForCases(input: unknown): JobtalkQuota {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input))
    throw new QuotaInputError([{ path: '', message: 'input must be a JSON object { cases, scope, from, to, asOf }' }]);
  const args = readArguments(input.scope, input.from, input.to, input.asOf, issues);
  const periods: TaggedPeriod[] = [];
  if (!Array.isArray(input.cases))
    issues.push({ path: 'cases', message: 'must be an array of { case, events, migrations, ruleSetConfig }' });
  else if (args) {
    const asOf = formatIsoDate(args.asOf);
    input.cases.forEach((raw: unknown, i) => {
      const path = `cases[${i}]`;
      if (!isRecord(raw)) {
        issues.push({ path, message: 'must be an object { case, events, migrations, ruleSetConfig }' });
        return;
      }
      try {
        const facts = raw.case as CaseFacts;
        const result = computeObligations(facts, raw.events as CaseEvent[], asOf, {
          migrations: (raw.migrations ?? []) as never,
          ruleSetConfig: (raw.ruleSetConfig ?? {}) as never,
        });
        const caseId = isRecord(raw.case) && typeof raw.case.caseId === 'string' ? raw.case.caseId : `cases[${i}]`;
        const team = isRecord(raw.case) && typeof raw.case.team === 'string' ? raw.case.team : null;
        for (const p of result.periods ?? []) periods.push({ ...p, caseId, team });
      } catch (error) {
        if (!(error instanceof TimelineValidationError)) throw error;
        for (const issue of error.issues)
          issues.push({ ...issue, path: `${path}.${issue.path.replace(/^caseFacts/, 'case')}` });
      }
    });
  }
  if (issues.length > 0 || !args) throw new QuotaInputError(issues);
  return computeJobtalkQuota(
    periods,
    args.scope,
    formatIsoDate(args.from),
    formatIsoDate(args.to),
    formatIsoDate(args.asOf),
  );
}
