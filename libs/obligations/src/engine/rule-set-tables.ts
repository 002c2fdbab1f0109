/**
 * What the interpreter looks up per event, computed once per rule-set list and cached: the selector over the case
 * type's rule sets, the compiled rule sets, and per-event-type tables of the event types with special handling.
 */
import { type CaseTypeDefinition, eventTypeId } from '../case-types/case-type';
import { type ObligationDefinition, type RuleSet, RuleSetSelector } from '../rule-sets/rule-set';
import { type CompiledRuleSet, compileDefinition, compileRuleSet } from './compiled-rule-set';

const selectorCache = new WeakMap<readonly RuleSet[], RuleSetSelector>();
const migratedSelectorCache = new WeakMap<readonly RuleSet[], RuleSetSelector>();

/**
 * Without MIG-2026 the candidates are today's published rule sets, selected by effectiveFrom. With it, the rule
 * sets published through it join, and selection is by legal date (law-2026 M2, M3, M6).
 */
export function selectorFor(
  caseType: CaseTypeDefinition,
  ruleSets: readonly RuleSet[] | undefined,
  migrated = false,
): RuleSetSelector {
  const list = ruleSets ?? caseType.defaultRuleSets;
  const cache = migrated ? migratedSelectorCache : selectorCache;
  let selector = cache.get(list);
  if (!selector) {
    let own = list.filter((r) => r.caseType === caseType.id);
    if (migrated) own = [...own, ...(caseType.migratedRuleSets ?? []).filter((r) => !own.some((o) => o.id === r.id))];
    else own = own.filter((r) => r.requiresMigration === undefined);
    if (own.length === 0) throw new Error(`No rule set for case type ${caseType.id}`);
    selector = new RuleSetSelector(own, migrated);
    cache.set(list, selector);
  }
  return selector;
}

const compiledBySelector = new WeakMap<RuleSetSelector, readonly CompiledRuleSet[]>();

/** The selector's rule sets compiled, in `all` order. */
export function compiledRuleSets(selector: RuleSetSelector): readonly CompiledRuleSet[] {
  let compiled = compiledBySelector.get(selector);
  if (!compiled) {
    const all = selector.all;
    compiled = all.map((ruleSet, i) => {
      if (!selector.byLegalDate) return compileRuleSet(ruleSet);
      // M6: a code that exists only in a later rule set is governed by it, also before its legal date.
      const own = new Set(ruleSet.obligations.map((o) => o.code));
      const laterOnly: Array<{ definition: ObligationDefinition; governing: RuleSet }> = [];
      for (let j = i + 1; j < all.length; j++)
        for (const definition of all[j].obligations)
          if (
            definition.startsFromLegalDate !== true &&
            !own.has(definition.code) &&
            !all.slice(0, i).some((r) => r.obligations.some((o) => o.code === definition.code))
          ) {
            own.add(definition.code);
            laterOnly.push({ definition, governing: all[j] });
          }
      return compileRuleSet(ruleSet, laterOnly);
    });
    compiledBySelector.set(selector, compiled);
  }
  return compiled;
}

/** Event types with special handling, as dense tables by event-type id. */
export interface EventTypeTables {
  suspend: boolean[];
  resume: boolean[];
  /** Types that can re-anchor some obligation (checked before scanning the open occurrences). */
  reanchor: boolean[];
  /**
   * By event-type id: the obligation code ids (ascending) whose definition, in any of the selector's rule sets,
   * can be met, waived, cancelled or re-anchored by that type. Only these open occurrences need looking at.
   */
  effectCodes: number[][];
}

const tablesCache = new WeakMap<RuleSetSelector, EventTypeTables>();

export function eventTypeTables(selector: RuleSetSelector): EventTypeTables {
  let types = tablesCache.get(selector);
  if (!types) {
    types = {
      suspend: new Array<boolean>(96).fill(false),
      resume: new Array<boolean>(96).fill(false),
      reanchor: new Array<boolean>(96).fill(false),
      effectCodes: [],
    };
    const codesByType: Array<Set<number> | undefined> = [];
    for (const r of compiledRuleSets(selector))
      for (const o of r.ruleSet.obligations) {
        const compiled = compileDefinition(o);
        compiled.effects.forEach((effects, id) => {
          if (effects !== undefined) (codesByType[id] ??= new Set()).add(compiled.codeId);
        });
      }
    const length = Math.max(96, codesByType.length);
    for (let id = 0; id < length; id++) types.effectCodes.push([...(codesByType[id] ?? [])].sort((a, b) => a - b));
    for (const r of selector.all)
      for (const o of r.obligations) {
        for (const t of o.reanchoredBy ?? []) types.reanchor[eventTypeId(t.on)] = true;
        if (o.due.pause) {
          types.suspend[eventTypeId(o.due.pause.suspendedBy)] = true;
          types.resume[eventTypeId(o.due.pause.resumedBy)] = true;
        }
      }
    tablesCache.set(selector, types);
  }
  return types;
}
