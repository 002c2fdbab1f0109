import { z } from 'zod';
import {
  CASE_TYPES,
  type CaseTypeDefinition,
  type EventTypeDefinition,
  type FieldSpec,
  TimelineValidationError,
  validateEvent,
  type TrialProgramme,
} from '@frist/obligations';
import type { SubmittedEvent } from '@frist/contracts';
import { documentedAs } from '../openapi/zod-openapi';
import { DomainError, ErrorCode } from './domain-error';
import { eventIdSchema, freeTextSchema, isoDateSchema } from './schemas';
import { zodIssuesError } from './zod-validation.pipe';

/** Length bound of an event's text field (an employer, a location, a reason). */
export const EVENT_TEXT_MAX = 500;

/** One field of an event as the case type's vocabulary describes it (the data decides; nothing per event here). */
function fieldSchema(spec: FieldSpec, caseType: CaseTypeDefinition): z.ZodType {
  const base = ((): z.ZodType => {
    switch (spec.kind) {
      case 'enum':
        return z.enum(spec.values as [string, ...string[]]);
      case 'text':
        return freeTextSchema(EVENT_TEXT_MAX);
      case 'integer':
        return z.int().min(spec.min).max(spec.max);
      case 'number':
        return z.number().min(spec.min).max(spec.max);
      case 'positive-number':
        return z.number().positive().max(spec.max);
      case 'obligation-code':
        // A migrated case (MIG-2026) also knows the later rule sets' codes; the engine checks which apply.
        return z.enum([...caseType.obligationCodes, ...(caseType.migratedObligationCodes ?? [])] as [
          string,
          ...string[],
        ]);
      case 'boolean':
        return z.boolean();
      case 'date':
        return isoDateSchema;
      default:
        return assertNever(spec);
    }
  })();
  return spec.required ? base : base.optional();
}

function assertNever(spec: never): never {
  throw new Error(`event schema: no rule for field spec ${JSON.stringify(spec)}`);
}

/**
 * The fields of an event type as the API accepts them: its fields before and after MIG-2026 (law-2026 R0), a field
 * required only where both require it. Whether the case has migrated is the case's own (its workflow), which then
 * validates the event against the one vocabulary that applies.
 */
function acceptedFields(definition: EventTypeDefinition): Array<[string, FieldSpec]> {
  const after = definition.migratedFields;
  if (after === undefined) return Object.entries(definition.fields);
  const names = [...new Set([...Object.keys(definition.fields), ...Object.keys(after)])];
  return names.map((name) => {
    const before = definition.fields[name];
    const spec = after[name] ?? before;
    const required = before?.required === true && after[name]?.required === true;
    return [name, { ...spec, required }];
  });
}

/** A submitted event of one type: exactly its vocabulary fields, plus the eventId idempotency key. */
function eventSchema(definition: EventTypeDefinition, caseType: CaseTypeDefinition) {
  return z.strictObject({
    eventId: eventIdSchema,
    type: z.literal(definition.type),
    date: isoDateSchema,
    ...Object.fromEntries(acceptedFields(definition).map(([name, spec]) => [name, fieldSchema(spec, caseType)])),
  });
}

/** Events of one case type, discriminated by `type`, built once from its vocabulary. */
function caseTypeEventSchema(caseType: CaseTypeDefinition) {
  const [first, ...rest] = caseType.events.map((e) => eventSchema(e, caseType));
  return z.discriminatedUnion('type', [first, ...rest]).meta({
    // One shared schema in the OpenAPI document, referenced by every route that takes events.
    id: `${caseType.id[0].toUpperCase()}${caseType.id.slice(1)}Event`,
    title: `${caseType.id} event`,
    description: `An event of a ${caseType.id} case: its type's fields only (the catalog lists them)`,
  });
}

const byCaseType = new Map(Object.values(CASE_TYPES).map((c) => [c.id, caseTypeEventSchema(c)]));

/** The strict schema of a case type's events; undefined for an unknown case type. */
export function eventSchemaFor(caseTypeId: string) {
  return byCaseType.get(caseTypeId);
}

/** For the OpenAPI document: an event of any case type, each type with exactly its fields. */
const submittedEventDocSchema = z
  .union([...byCaseType.values()] as [
    ReturnType<typeof caseTypeEventSchema>,
    ...ReturnType<typeof caseTypeEventSchema>[],
  ])
  .meta({ id: 'SubmittedEvent' });

/**
 * What the request schema checks before the case (and so its type) is known: the envelope of an event (an
 * unknown type is the vocabulary's INVALID_EVENT, named with the case type). The case's own vocabulary (eventSchemaFor) then checks every field and refuses unknown ones. The OpenAPI document
 * shows the full vocabularies.
 */
export const submittedEventEnvelopeSchema = documentedAs(
  z.looseObject({ eventId: eventIdSchema, type: z.string().min(1).max(100), date: isoDateSchema }),
  submittedEventDocSchema,
);

/**
 * Validates submitted events against the case type's vocabulary (exactly its fields, typed and bounded; unknown
 * fields refused) and then the engine's own rules, naming index and field, before they travel to the workflow.
 * The vocabulary is the widest one (after MIG-2026): whether this case has taken the migration is its workflow's
 * state, and the workflow refuses a law-2026 event (or a field rule of R0) for a case that has not (INVALID_EVENT).
 */
export function toSubmittedEvents(
  events: ReadonlyArray<{ eventId: string; type: string; date: string; [field: string]: unknown }>,
  actor: string | null,
  caseType = 'fleksjob',
  /** The installation's trial catalogue (published and adopted programmes). */
  programmes?: readonly TrialProgramme[],
): SubmittedEvent[] {
  const schema = eventSchemaFor(caseType);
  if (!schema) throw new DomainError(ErrorCode.InvalidEvent, `${caseType} is not a case type`);
  return events.map((submitted, i) => {
    const parsed = schema.safeParse(submitted);
    if (!parsed.success)
      throw zodIssuesError(parsed.error.issues, ErrorCode.InvalidEvent, events.length > 1 ? `events.${i}` : '');
    const { eventId, ...rest } = parsed.data;
    try {
      return { eventId, event: validateEvent(rest, i, caseType, true, programmes), ...(actor ? { actor } : {}) };
    } catch (err) {
      if (err instanceof TimelineValidationError)
        throw new DomainError(ErrorCode.InvalidEvent, err.message, err.issues);
      throw err;
    }
  });
}
