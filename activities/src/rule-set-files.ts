import { readFileSync } from 'node:fs';
import { deriveRuleSet, findRuleSet, type RuleSet, type RuleSetChanges } from '@frist/obligations';

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
