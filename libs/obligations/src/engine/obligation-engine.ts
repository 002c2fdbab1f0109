/**
 * computeObligations (spec A1): a pure function of case facts, events and asOf. No clock, no I/O, no randomness.
 *
 * One pass over the events in same-date order (C2) interprets the rule sets' triggers against the case type's
 * state; due dates are computed afterwards from each occurrence's governing rule set (§G rule 2), because
 * re-anchoring can still change an occurrence's startedOn. Linear in the number of events after sorting.
 */
import { type CaseStateView, Ledger, type OccurrenceRecord } from './occurrence-ledger';
import { type CaseState, type CaseTypeDefinition, type EngineEvent } from '../case-types/case-type';
import { eventDefinitions } from '../case-types/case-type-registry';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import { type ObligationDefinition, type RuleSet, RuleSetSelector, type StartTrigger, type Trigger } from '../rule-sets/rule-set';
import { TimelineValidationError, type ValidationIssue, validateAsOf, validateCaseFacts, validateEngineEvent } from '../validation/timeline-validation';
import { type CaseEvent, type CaseFacts, type ComputeOptions, type EngineResult, type EngineWarning, type IsoDate } from './engine-types';
import { finalizeOccurrences } from './finalize-occurrence';

const selectorCache = new WeakMap<readonly RuleSet[], RuleSetSelector>();

function selectorFor(caseType: CaseTypeDefinition, ruleSets: readonly RuleSet[] | undefined): RuleSetSelector {
  const list = ruleSets ?? caseType.defaultRuleSets;
  let selector = selectorCache.get(list);
  if (!selector) {
    const own = list.filter((r) => r.caseType === caseType.id);
    if (own.length === 0) throw new Error(`No rule set for case type ${caseType.id}`);
    selector = new RuleSetSelector(own);
    selectorCache.set(list, selector);
  }
  return selector;
}

interface CompiledCaseType {
  suspendTypes: Set<string>;
  resumeTypes: Set<string>;
  overrideTypes: Set<string>;
}

const compiledCache = new WeakMap<RuleSetSelector, CompiledCaseType>();

function compile(selector: RuleSetSelector): CompiledCaseType {
  let compiled = compiledCache.get(selector);
  if (!compiled) {
    compiled = { suspendTypes: new Set(), resumeTypes: new Set(), overrideTypes: new Set() };
    for (const r of selector.all)
      for (const o of r.obligations) {
        if (o.due.pause) {
          compiled.suspendTypes.add(o.due.pause.suspendedBy);
          compiled.resumeTypes.add(o.due.pause.resumedBy);
        }
        if (o.due.override) compiled.overrideTypes.add(o.due.override.on);
      }
    compiledCache.set(selector, compiled);
  }
  return compiled;
}

function splitGuard(guard: string): [string, string | undefined] {
  const colon = guard.indexOf(':');
  return colon < 0 ? [guard, undefined] : [guard.slice(0, colon), guard.slice(colon + 1)];
}

/** Evaluates a trigger's guards; the D11 waiver guards are generic, the rest belong to the case type. */
function triggerHolds(trigger: Trigger, code: string, event: EngineEvent, state: CaseState, view: CaseStateView): boolean {
  if (trigger.on !== event.type) return false;
  if (!trigger.when) return true;
  for (const guard of trigger.when) {
    const [name, arg] = splitGuard(guard);
    if (name === 'waives-own-code') {
      if (event.fields.code !== code) return false;
    } else if (name === 'waives') {
      if (event.fields.code !== arg) return false;
    } else if (!state.guard(name, arg, event, view)) return false;
  }
  return true;
}

function anyHolds(triggers: readonly Trigger[] | undefined, code: string, event: EngineEvent, state: CaseState, view: CaseStateView): boolean {
  if (!triggers) return false;
  for (const t of triggers) if (triggerHolds(t, code, event, state, view)) return true;
  return false;
}

function firstHolding<T extends Trigger>(triggers: readonly T[] | undefined, code: string, event: EngineEvent, state: CaseState, view: CaseStateView): T | undefined {
  if (!triggers) return undefined;
  for (const t of triggers) if (triggerHolds(t, code, event, state, view)) return t;
  return undefined;
}

function sortEvents(events: EngineEvent[]): EngineEvent[] {
  // Stable sort: same date and same rank keep input order (C2, X8).
  return events.sort((a, b) => a.date - b.date || a.rank - b.rank || a.index - b.index);
}

export interface PreparedInput {
  caseType: CaseTypeDefinition;
  birthDate: EpochDay | undefined;
  events: EngineEvent[];
  asOf: EpochDay;
}

/** Validates trusted-but-checked input; throws TimelineValidationError with every issue found. */
export function prepareInput(caseFacts: CaseFacts, events: readonly CaseEvent[], asOf: IsoDate): PreparedInput {
  const issues: ValidationIssue[] = [];
  const facts = validateCaseFacts(caseFacts, 'caseFacts', issues);
  const asOfDay = validateAsOf(asOf, 'asOf', issues);
  const prepared: EngineEvent[] = [];
  if (!Array.isArray(events)) issues.push({ path: 'events', message: 'must be an array' });
  else if (facts)
    for (let i = 0; i < events.length; i++) {
      const e = validateEngineEvent(facts.caseType, events[i], i, issues);
      if (e) prepared.push(e);
    }
  if (issues.length > 0 || !facts || asOfDay === undefined) throw new TimelineValidationError(issues);
  return { caseType: facts.caseType, birthDate: facts.birthDate, events: prepared, asOf: asOfDay };
}

export function computeObligations(caseFacts: CaseFacts, events: CaseEvent[], asOf: IsoDate, options?: ComputeOptions): EngineResult {
  const input = prepareInput(caseFacts, events, asOf);
  const selector = selectorFor(input.caseType, options?.ruleSets);
  const { ledger, warnings } = runEvents(input, selector);
  return {
    ruleSet: selector.governing(input.asOf).id,
    asOf: formatIsoDate(input.asOf),
    occurrences: finalizeOccurrences(ledger.records, input.asOf),
    warnings,
  };
}

export function runEvents(input: PreparedInput, selector: RuleSetSelector): { ledger: Ledger; warnings: EngineWarning[] } {
  const { caseType, asOf } = input;
  const compiled = compile(selector);
  const definitions = eventDefinitions(caseType);
  const state = caseType.newState({ birthDate: input.birthDate });
  const ledger = new Ledger(selector);
  const view = ledger.view;
  const warnings: EngineWarning[] = [];
  const warn = (e: EngineEvent, reason: string) => warnings.push({ eventIndex: e.index, type: e.type, reason });
  const pending = new Map<string, EpochDay>();
  const overrides = new Map<string, number>();
  let dedupeDate = Number.NaN;
  const seenToday = new Set<string>();

  const due = sortEvents(input.events.filter((e) => e.date <= asOf));
  for (const event of due) {
    if (state.closed) {
      warn(event, `after ${caseType.closingEvent}`);
      continue;
    }
    const admissibility = caseType.admissibility({ birthDate: input.birthDate }, event);
    if (admissibility) {
      warn(event, `${admissibility.code}: ${admissibility.message}`);
      continue;
    }
    const definition = definitions.get(event.type);
    if (definition?.fulfilment) {
      if (event.date !== dedupeDate) {
        dedupeDate = event.date;
        seenToday.clear();
      }
      const key = caseType.dedupeKey(event);
      if (seenToday.has(key)) {
        warn(event, `a second ${key.startsWith('waive:') ? `waiver of ${key.slice(6)}` : event.type} on the same date is ignored`);
        continue;
      }
      seenToday.add(key);
    }
    const gate = state.gate(event, view);
    if (gate) {
      warn(event, gate);
      continue;
    }
    const ruleSet = selector.governing(event.date);

    if (event.type === caseType.closingEvent) {
      for (const occ of ledger.openRecords()) ledger.cancel(occ, event.date);
      state.apply(event, new Set(), view);
      continue;
    }

    // Pauses of a pausable obligation (B5).
    if (compiled.suspendTypes.has(event.type)) {
      const occ = ledger.openRecords().find((o) => o.definition.due.pause?.suspendedBy === event.type);
      if (!occ) warn(event, 'no open obligation that this suspension can pause (other-actor-12m)');
      else if (ledger.hasOpenPause(occ)) warn(event, `${occ.code} is already paused`);
      else ledger.openPause(occ, event.date);
      if (!compiled.resumeTypes.has(event.type)) {
        state.apply(event, new Set(), view);
        continue;
      }
    }
    if (compiled.resumeTypes.has(event.type)) {
      const occ = ledger.latestWithOpenPause(event.type);
      if (!occ) warn(event, 'no suspended benefit to resume');
      else ledger.closePause(occ, event.date);
      state.apply(event, new Set(), view);
      continue;
    }
    if (compiled.overrideTypes.has(event.type)) {
      for (const o of ruleSet.obligations)
        if (o.due.override?.on === event.type) overrides.set(o.code, event.fields[o.due.override.field] as number);
    }

    // Closing effects, decided against the state before the event (guards see the pre-event state).
    const closes: Array<[OccurrenceRecord, 'met' | 'waived' | 'cancelled']> = [];
    for (const occ of ledger.openRecords()) {
      const def = occ.definition;
      if (anyHolds(def.metBy, def.code, event, state, view)) closes.push([occ, 'met']);
      else if (anyHolds(def.waivedBy, def.code, event, state, view)) closes.push([occ, 'waived']);
      else if (anyHolds(def.cancelledBy, def.code, event, state, view)) closes.push([occ, 'cancelled']);
    }
    if (definition?.fulfilment && !closes.some(([, how]) => how !== 'cancelled')) {
      // C5: nothing to meet. The pending rule (C4) holds the event for the next occurrence instead.
      let held = false;
      for (const o of ruleSet.obligations)
        if (anyHolds(o.heldPendingBy, o.code, event, state, view)) {
          pending.set(o.code, event.date);
          held = true;
        }
      if (!held) warn(event, nothingToMeetReason(event));
      continue;
    }
    const closedNow = new Map<string, OccurrenceRecord>();
    for (const [occ, how] of closes) {
      if (how === 'cancelled') ledger.cancel(occ, event.date);
      else {
        ledger.close(occ, how, event.date, how === 'waived' ? textField(event, 'reason') : undefined);
        closedNow.set(occ.code, occ);
      }
    }

    for (const occ of ledger.openRecords()) {
      const trigger = firstHolding(occ.definition.reanchoredBy, occ.code, event, state, view);
      if (trigger) ledger.reanchor(occ, event.date, trigger.anchor);
    }

    const started = new Set<string>();
    for (const def of ruleSet.obligations) {
      if (view.isOpen(def.code)) continue; // "starts X" only if no X is open (C4)
      const trigger = firstStart(def, event, state, view, closedNow);
      if (!trigger) continue;
      const previous = trigger.continues ? closedNow.get(def.code) : undefined;
      const occ = ledger.start(def, ruleSet, event.date, trigger.anchor, previous, overrides.get(def.code));
      started.add(def.code);
      const heldOn = pending.get(def.code);
      if (heldOn !== undefined) {
        ledger.close(occ, 'met', heldOn, undefined);
        pending.delete(def.code);
      }
    }
    state.apply(event, started, view);
  }
  return { ledger, warnings };
}

function firstStart(
  def: ObligationDefinition,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
  closedNow: ReadonlyMap<string, OccurrenceRecord>,
): StartTrigger | undefined {
  for (const t of def.startedBy) {
    if (!triggerHolds(t, def.code, event, state, view)) continue;
    if (t.continues) {
      const previous = closedNow.get(def.code);
      if (!previous) continue;
      if (def.series && (previous.k ?? 0) >= def.series.count) continue;
    }
    return t;
  }
  return undefined;
}

function textField(event: EngineEvent, field: string): string | undefined {
  const value = event.fields[field];
  return typeof value === 'string' ? value : undefined;
}

function nothingToMeetReason(event: EngineEvent): string {
  if (event.type === 'OBLIGATION_WAIVED') return `no open ${String(event.fields.code)} to waive`;
  return 'nothing open to meet';
}
