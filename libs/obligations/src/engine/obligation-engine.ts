/**
 * computeObligations (spec A1): a pure function of case facts, events and asOf. No clock, no I/O, no randomness.
 *
 * One pass over the events in same-date order (C2) interprets the rule sets' triggers against the case type's
 * state (event-interpreter.ts, occurrence-lifecycle.ts); due dates are computed afterwards from each occurrence's
 * governing rule set (§G rule 2, finalize-occurrence.ts), because re-anchoring can still change an occurrence's
 * startedOn. Linear in the number of events after sorting (ordering.ts).
 */
import { type CaseTypeDefinition, type EngineEvent } from '../case-types/case-type';
import { eventDefinitions } from '../case-types/case-type-registry';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import {
  type MigrationState,
  NOT_MIGRATED,
  isMigrated,
  readMigrationState,
  readPolicyDecisions,
} from '../migration/migration';
import { PROGRAMMES } from '../trials/aht.programmes';
import { type TrialProgramme } from '../trials/trial-programme';
import {
  TimelineValidationError,
  type ValidationIssue,
  validateAsOf,
  validateCaseFacts,
  validateEngineEvent,
} from '../validation/timeline-validation';
import { type CaseEvent, type CaseFacts, type ComputeOptions, type EngineResult, type IsoDate } from './engine-types';
import { runEvents } from './event-interpreter';
import { finalizeOccurrences } from './finalize-occurrence';
import { finishMigrated } from './law-extensions';
import { insertSorted, mergeOverlays } from './ordering';
import { selectorFor } from './rule-set-tables';

export interface PreparedInput {
  caseType: CaseTypeDefinition;
  birthDate: EpochDay | undefined;
  events: EngineEvent[];
  asOf: EpochDay;
  migration: MigrationState;
  /** The trial programmes this evaluation knows: the published ones unless ComputeOptions gave others. */
  programmes: readonly TrialProgramme[];
}

/** Validates trusted-but-checked input; throws TimelineValidationError with every issue found. */
export function prepareInput(
  caseFacts: CaseFacts,
  events: readonly CaseEvent[],
  asOf: IsoDate,
  options?: ComputeOptions,
): PreparedInput {
  const issues: ValidationIssue[] = [];
  const facts = validateCaseFacts(caseFacts, 'caseFacts', issues);
  const asOfDay = validateAsOf(asOf, 'asOf', issues);
  const read =
    options?.migrations === undefined && options?.ruleSetConfig === undefined
      ? NOT_MIGRATED
      : readMigrationState(options.migrations, options.ruleSetConfig, issues);
  // Policy decisions, like the switches, are read only after MIG-2026.
  const decisions = readPolicyDecisions(options?.policyDecisions, issues);
  const migration = isMigrated(read) && decisions.length ? { ...read, decisions } : read;
  const migrated = isMigrated(migration);
  const programmes = options?.programmes ?? PROGRAMMES;
  const prepared: EngineEvent[] = [];
  if (!Array.isArray(events)) issues.push({ path: 'events', message: 'must be an array' });
  else if (facts) {
    const definitions = eventDefinitions(facts.caseType);
    for (let i = 0; i < events.length; i++) {
      const e = validateEngineEvent(facts.caseType, events[i], i, issues, definitions, migrated, programmes);
      if (e) prepared.push(e);
    }
  }
  if (issues.length > 0 || !facts || asOfDay === undefined) throw new TimelineValidationError(issues);
  return {
    caseType: facts.caseType,
    birthDate: facts.birthDate,
    events: prepared,
    asOf: asOfDay,
    migration,
    programmes,
  };
}

export function computeObligations(
  caseFacts: CaseFacts,
  events: CaseEvent[],
  asOf: IsoDate,
  options?: ComputeOptions,
): EngineResult {
  const input = prepareInput(caseFacts, events, asOf, options);
  const migrated = isMigrated(input.migration);
  const selector = selectorFor(input.caseType, options?.ruleSets, migrated);
  const { ledger, warnings, trials, law, phase, closedOn } = runEvents(input, selector);
  const caseState = { phase, closedOn: closedOn === undefined ? null : formatIsoDate(closedOn) };
  if (law !== undefined) {
    const { occurrences: base, periods, ledgerOccurrences } = finishMigrated(law, ledger, input);
    let occurrences = insertSorted(base, ledgerOccurrences);
    if (trials) occurrences = mergeOverlays(occurrences, trials.occurrences(input.asOf).map(law.decorateOverlay));
    return {
      ruleSet: selector.governing(input.asOf).id,
      asOf: formatIsoDate(input.asOf),
      migrations: [...input.migration.ids],
      occurrences,
      warnings,
      periods,
      enrolments: trials ? trials.enrolmentsOutput() : [],
      ...caseState,
    };
  }
  let occurrences = finalizeOccurrences(ledger.records, input.asOf);
  if (trials) occurrences = mergeOverlays(occurrences, trials.occurrences(input.asOf));
  return {
    ruleSet: selector.governing(input.asOf).id,
    asOf: formatIsoDate(input.asOf),
    occurrences,
    warnings,
    enrolments: trials ? trials.enrolmentsOutput() : [],
    ...caseState,
  };
}
