import { z } from 'zod';
import { CASE_TYPES, type CaseTypeDefinition, type EventTypeDefinition, type FieldSpec } from '@frist/obligations';
import { documentedAs } from '../openapi/zod-openapi';
import { eventIdSchema, freeTextSchema, isoDateSchema } from './schemas';

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

/** A submitted event of one type: exactly its vocabulary fields, plus the eventId idempotency key. */
function eventSchema(definition: EventTypeDefinition, caseType: CaseTypeDefinition) {
  return z.strictObject({
    eventId: eventIdSchema,
    type: z.literal(definition.type),
    date: isoDateSchema,
    ...Object.fromEntries(Object.entries(definition.fields).map(([name, spec]) => [name, fieldSchema(spec, caseType)])),
  });
}

/** Events of one case type, discriminated by `type`, built once from its vocabulary. */
function caseTypeEventSchema(caseType: CaseTypeDefinition) {
  const [first, ...rest] = caseType.events.map((e) => eventSchema(e, caseType));
  return z.discriminatedUnion('type', [first, ...rest]).meta({
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
const submittedEventDocSchema = z.union([...byCaseType.values()] as [
  ReturnType<typeof caseTypeEventSchema>,
  ...ReturnType<typeof caseTypeEventSchema>[],
]);

/**
 * What the request schema checks before the case (and so its type) is known: the envelope of an event (an
 * unknown type is the vocabulary's INVALID_EVENT, named with the case type). The case's own vocabulary (eventSchemaFor) then checks every field and refuses unknown ones. The OpenAPI document
 * shows the full vocabularies.
 */
export const submittedEventEnvelopeSchema = documentedAs(
  z.looseObject({ eventId: eventIdSchema, type: z.string().min(1).max(100), date: isoDateSchema }),
  submittedEventDocSchema,
);
