import type { DataSource } from 'typeorm';
import { FIRST_CASE_ID } from '@frist/activities';
import {
  computeObligations,
  RULE_SETS,
  type CaseEvent,
  type CaseTypeId,
  type RuleSet,
  type TrialProgramme,
} from '@frist/obligations';
import { readTimelines } from '@frist/persistence';

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
  /** The installation's trial catalogue (ADOPTED_PROGRAMMES), so cases in an adopted programme evaluate. */
  programmes?: readonly TrialProgramme[],
): Promise<RuleSetDryRun> {
  const withProgrammes = programmes ? { programmes } : {};
  const current = { ruleSets: [...RULE_SETS, ...adopted], ...withProgrammes };
  const next = { ruleSets: [...RULE_SETS, ...adopted, candidate], ...withProgrammes };
  const report: RuleSetDryRun = { ruleSet: candidate.id, asOf, cases: 0, casesAffected: 0, moves: [] };
  for await (const { c, facts, events } of openCases(ds, asOf)) {
    report.cases++;
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
  return report;
}

/** One open case of a dry run: its row, its engine facts and its timeline up to `asOf` (retracted events left out). */
export interface OpenCase {
  c: { id: string; team: string; birth_date: string | null; case_type: CaseTypeId };
  facts: { caseType: CaseTypeId; birthDate?: string };
  events: CaseEvent[];
}

/** Every open case in id order, read from the read model a page at a time (the dry runs' input). */
export async function* openCases(ds: DataSource, asOf: string): AsyncGenerator<OpenCase> {
  let after = FIRST_CASE_ID;
  for (;;) {
    const cases: OpenCase['c'][] = await ds.query(
      `SELECT id, team, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, case_type FROM cases
       WHERE closed_on IS NULL AND id > $1 ORDER BY id LIMIT 500`,
      [after],
    );
    if (cases.length === 0) return;
    after = cases[cases.length - 1].id;
    const timelines = await readTimelines(
      ds,
      cases.map((c) => c.id),
    );
    for (const c of cases) {
      // Each case with its own type (its vocabulary and rule sets); a sygedagpenge case has no birth date (H2).
      const facts = { caseType: c.case_type, ...(c.birth_date !== null ? { birthDate: c.birth_date } : {}) };
      yield { c, facts, events: (timelines.get(c.id) ?? []).filter((e) => e.date <= asOf) };
    }
  }
}
