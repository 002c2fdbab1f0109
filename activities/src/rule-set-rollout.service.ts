import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import {
  computeObligations,
  deriveRuleSet,
  findRuleSet,
  RULE_SETS,
  type CaseTypeId,
  type RuleSet,
  type RuleSetChanges,
} from '@frist/obligations';
import { readTimelines } from '@frist/persistence';

/**
 * A rule-set file: a published rule set with some obligations changed, under a new id and an effective date
 * (e.g. a municipality's 21-day contact cadence). Rule sets are immutable; a change is always a new id.
 */
export interface RuleSetFile extends RuleSetChanges {
  base: string;
}

export class RuleSetFileError extends Error {}

export function ruleSetFromFile(path: string): RuleSet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RuleSetFileError(`${path}: not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const f = parsed as Partial<RuleSetFile>;
  const missing = (['base', 'id', 'effectiveFrom', 'description'] as const).filter(
    (k) => typeof f[k] !== 'string' || !f[k],
  );
  if (missing.length) throw new RuleSetFileError(`${path}: missing ${missing.join(', ')}`);
  const base = findRuleSet(f.base!);
  if (!base) throw new RuleSetFileError(`${path}: unknown base rule set ${f.base}`);
  if (findRuleSet(f.id!))
    throw new RuleSetFileError(`${path}: rule set ${f.id} is already published; a change needs a new id`);
  try {
    return deriveRuleSet(base, f as RuleSetFile);
  } catch (err) {
    throw new RuleSetFileError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function adoptedRuleSets(paths: readonly string[]): RuleSet[] {
  return paths.map(ruleSetFromFile);
}

export interface DeadlineMove {
  caseId: string;
  team: string;
  code: string;
  occurrence: number;
  from: string;
  to: string;
  days: number;
}

export interface RuleSetDryRun {
  ruleSet: string;
  asOf: string;
  cases: number;
  casesAffected: number;
  moves: DeadlineMove[];
}

const FIRST_ID = '00000000-0000-0000-0000-000000000000';
const dayNumber = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * What adopting `candidate` would do to open cases: per case, every open or overdue deadline that would move, and
 * by how many days. Reads the read model's timelines (retracted events left out) and runs the engine twice; writes
 * nothing.
 */
export async function dryRunRuleSet(
  ds: DataSource,
  candidate: RuleSet,
  asOf: string,
  adopted: readonly RuleSet[] = [],
): Promise<RuleSetDryRun> {
  const current = { ruleSets: [...RULE_SETS, ...adopted] };
  const next = { ruleSets: [...RULE_SETS, ...adopted, candidate] };
  const report: RuleSetDryRun = { ruleSet: candidate.id, asOf, cases: 0, casesAffected: 0, moves: [] };
  let after = FIRST_ID;
  for (;;) {
    const cases: { id: string; team: string; birth_date: string | null; case_type: CaseTypeId }[] = await ds.query(
      `SELECT id, team, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, case_type FROM cases
       WHERE closed_on IS NULL AND id > $1 ORDER BY id LIMIT 500`,
      [after],
    );
    if (cases.length === 0) return report;
    after = cases[cases.length - 1].id;
    const timelines = await readTimelines(
      ds,
      cases.map((c) => c.id),
    );
    for (const c of cases) {
      report.cases++;
      const events = (timelines.get(c.id) ?? []).filter((e) => e.date <= asOf);
      // Each case with its own type (its vocabulary and rule sets); a sygedagpenge case has no birth date (H2).
      const facts = { caseType: c.case_type, ...(c.birth_date !== null ? { birthDate: c.birth_date } : {}) };
      const before = computeObligations(facts, events, asOf, current).occurrences;
      const after_ = new Map(
        computeObligations(facts, events, asOf, next).occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]),
      );
      const moves = before
        .filter((o) => o.status === 'open' || o.status === 'overdue')
        .flatMap((o) => {
          const n = after_.get(`${o.code}#${o.occurrence}`);
          return n && n.dueOn !== o.dueOn
            ? [
                {
                  caseId: c.id,
                  team: c.team,
                  code: o.code,
                  occurrence: o.occurrence,
                  from: o.dueOn,
                  to: n.dueOn,
                  days: dayNumber(n.dueOn) - dayNumber(o.dueOn),
                },
              ]
            : [];
        });
      if (moves.length) {
        report.casesAffected++;
        report.moves.push(...moves);
      }
    }
  }
}

/** Open cases after `after`, in id order: the rollout workflow's pages. */
export async function listOpenCaseIds(ds: DataSource, after: string, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT id FROM cases WHERE closed_on IS NULL AND id > $1 ORDER BY id LIMIT $2`,
    [after || FIRST_ID, limit],
  );
  return rows.map((r) => r.id);
}
