/** Lookups into the published rule sets and event vocabulary, for dashboards, the API and tests. */
import { CASE_TYPES } from '../case-types/case-type-registry';
import { FLEKSJOB_EVENT_TYPES, FLEKSJOB_OBLIGATION_CODES } from '../case-types/fleksjob/fleksjob-case-type';
import { type EventTypeDefinition } from '../case-types/case-type';
import { type ObligationDefinition, type RuleSet } from '../rule-sets/rule-set';

/** Event types of the fleksjob case type (C4), in vocabulary order. */
export const EVENT_TYPES = FLEKSJOB_EVENT_TYPES;
export type EventType = (typeof EVENT_TYPES)[number];

export const OBLIGATION_CODES = FLEKSJOB_OBLIGATION_CODES;
export type ObligationCode = (typeof OBLIGATION_CODES)[number];

/** Every published rule set of every case type, oldest first. */
export const RULE_SETS: readonly RuleSet[] = Object.freeze(
  Object.values(CASE_TYPES)
    .flatMap((c) => c.defaultRuleSets)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0)),
);

export function findRuleSet(id: string): RuleSet | undefined {
  return RULE_SETS.find((r) => r.id === id);
}

/** The baseline (earliest) published rule set of a case type. */
export function baselineRuleSet(caseType = 'fleksjob'): RuleSet {
  const found = RULE_SETS.find((r) => r.caseType === caseType);
  if (!found) throw new Error(`No rule set for case type ${caseType}`);
  return found;
}

/** A catalog entry by code, from the given rule set (default: the fleksjob baseline). */
export function catalogEntry(code: string, ruleSetId?: string): ObligationDefinition | undefined {
  const ruleSet = ruleSetId === undefined ? baselineRuleSet() : findRuleSet(ruleSetId);
  return ruleSet?.obligations.find((o) => o.code === code);
}

/** Danish name of an obligation, e.g. titleFor('phase1-target') = "Fase 1 inden for 10 uger". */
export function titleFor(code: string, ruleSetId?: string): string | undefined {
  return catalogEntry(code, ruleSetId)?.name;
}

export function eventTypeDefinition(type: string, caseType = 'fleksjob'): EventTypeDefinition | undefined {
  return CASE_TYPES[caseType]?.events.find((e) => e.type === type);
}
