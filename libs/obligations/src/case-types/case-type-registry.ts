import { type CaseTypeDefinition, type EventTypeDefinition } from './case-type';
import { FLEKSJOB_CASE_TYPE } from './fleksjob/fleksjob-case-type';

/** Registered case types. A second one (sygedagpenge) is added here as data plus its guards. */
export const CASE_TYPES: Readonly<Record<string, CaseTypeDefinition>> = Object.freeze({
  fleksjob: FLEKSJOB_CASE_TYPE,
});

export const DEFAULT_CASE_TYPE = 'fleksjob';

export function findCaseType(id: string | undefined): CaseTypeDefinition | undefined {
  const key = id ?? DEFAULT_CASE_TYPE;
  return Object.prototype.hasOwnProperty.call(CASE_TYPES, key) ? CASE_TYPES[key] : undefined;
}

const eventIndexes = new Map<CaseTypeDefinition, Map<string, EventTypeDefinition>>();

/** Event definitions by type, built once per case type. */
export function eventDefinitions(caseType: CaseTypeDefinition): Map<string, EventTypeDefinition> {
  let map = eventIndexes.get(caseType);
  if (!map) {
    map = new Map(caseType.events.map((e) => [e.type, e]));
    eventIndexes.set(caseType, map);
  }
  return map;
}
