import { type CaseTypeDefinition, type EventTypeDefinition, type FieldSpec, eventTypeId } from './case-type';
import { FLEKSJOB_CASE_TYPE } from './fleksjob/fleksjob-case-type';
import { SYGEDAGPENGE_CASE_TYPE } from './sygedagpenge/sygedagpenge-case-type';
import { TRIAL_EVENT_TYPES } from '../trials/trial-events';

/** Registered case types: each is data (events, order, rule sets) plus its named guards. */
export const CASE_TYPES: Readonly<Record<string, CaseTypeDefinition>> = Object.freeze({
  fleksjob: FLEKSJOB_CASE_TYPE,
  sygedagpenge: SYGEDAGPENGE_CASE_TYPE,
});

export const DEFAULT_CASE_TYPE = 'fleksjob';

export function findCaseType(id: string | undefined): CaseTypeDefinition | undefined {
  const key = id ?? DEFAULT_CASE_TYPE;
  return Object.prototype.hasOwnProperty.call(CASE_TYPES, key) ? CASE_TYPES[key] : undefined;
}

/**
 * An event type prepared for validation: its definition, type id, field specs as a list, and the per-type flags
 * the engine reads for every event (computed once here, never per event).
 */
export interface PreparedEventType {
  readonly definition: EventTypeDefinition;
  /** The type the engine processes: the original for an alias (N0.3), else the definition's own type. */
  readonly type: string;
  readonly typeId: number;
  readonly fields: ReadonlyArray<readonly [string, FieldSpec]>;
  /** The field specs after MIG-2026 (EventTypeDefinition.migratedFields, else `fields`). */
  readonly migratedFields: ReadonlyArray<readonly [string, FieldSpec]>;
  readonly silent: boolean;
  /** One of the trial events (TRIAL_EVENT_TYPES). */
  readonly trial: boolean;
}

const eventIndexes = new WeakMap<CaseTypeDefinition, Map<string, PreparedEventType>>();

/** Event types by type string, built once per case type. */
export function eventDefinitions(caseType: CaseTypeDefinition): Map<string, PreparedEventType> {
  let map = eventIndexes.get(caseType);
  if (!map) {
    for (const e of caseType.events)
      if (!Number.isInteger(e.rank) || e.rank < 0 || e.rank > 1023)
        throw new Error(`${caseType.id}: event ${e.type} needs a rank 0–1023`);
    map = new Map(
      caseType.events.map((e) => [
        e.type,
        {
          definition: e,
          type: e.aliasOf ?? e.type,
          typeId: eventTypeId(e.aliasOf ?? e.type),
          fields: Object.entries(e.fields),
          migratedFields: Object.entries(e.migratedFields ?? e.fields),
          silent: e.silent === true,
          trial: TRIAL_EVENT_TYPES.includes(e.type),
        },
      ]),
    );
    eventIndexes.set(caseType, map);
  }
  return map;
}
