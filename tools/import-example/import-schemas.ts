/**
 * The published JSON Schemas of the import formats (docs/schemas), generated from the engine's own case types, so
 * the event vocabulary and field rules in the schema are the ones validation applies. `npm run import-example`
 * rewrites them; a unit test fails when they drift.
 */
import { CASE_TYPES, type CaseTypeDefinition, type FieldSpec } from '@frist/obligations';

type Schema = Record<string, unknown>;
const DATE: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar date YYYY-MM-DD' };
const EVENT_ID: Schema = {
  type: 'string',
  pattern: '^[A-Za-z0-9._:-]{1,100}$',
  description: "the case management system's own id of the event (journal number); unique within the case",
};

function fieldSchema(spec: FieldSpec, caseType: CaseTypeDefinition): Schema {
  switch (spec.kind) {
    case 'enum':
      return { type: 'string', enum: [...spec.values] };
    case 'text':
      return spec.required ? { type: 'string', minLength: 1 } : { type: 'string' };
    case 'integer':
      return { type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'number':
      return { type: 'number', minimum: spec.min, maximum: spec.max };
    case 'positive-number':
      return { type: 'number', exclusiveMinimum: 0 };
    case 'obligation-code':
      return { type: 'string', enum: [...caseType.obligationCodes] };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return DATE;
  }
}

function eventSchemas(caseType: CaseTypeDefinition): Schema[] {
  return caseType.events.map((e) => {
    const fields = Object.entries(e.fields);
    return {
      title: e.type,
      description: e.meaning,
      type: 'object',
      required: ['eventId', 'type', 'date', ...fields.filter(([, s]) => s.required).map(([name]) => name)],
      properties: {
        eventId: { $ref: '#/$defs/eventId' },
        type: { const: e.type },
        date: { $ref: '#/$defs/date' },
        ...Object.fromEntries(fields.map(([name, spec]) => [name, fieldSchema(spec, caseType)])),
      },
    };
  });
}

/** One line of a JSON Lines import file: one case. */
export function importCaseSchema(): Schema {
  const types = Object.values(CASE_TYPES);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://frist.example/schemas/import-case.schema.json',
    title: 'frist import: one case per line (JSON Lines)',
    description:
      'One running case as exported from the case management system. The caseId is derived from caseType and ' +
      'citizenRef unless given, so a re-run finds the same case. Beyond this schema, the engine rejects events ' +
      'dated after the import day, duplicate eventIds and domain rules (e.g. permanent fleksjob before 40).',
    type: 'object',
    required: ['citizenRef', 'team', 'events'],
    properties: {
      caseId: { type: 'string', format: 'uuid', description: 'optional: frist case id to use' },
      citizenRef: {
        type: 'string',
        minLength: 1,
        maxLength: 100,
        description: "the case management system's opaque reference; never a CPR number",
      },
      team: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'team slug, e.g. fleks-nord' },
      caseType: { enum: types.map((t) => t.id), default: 'fleksjob' },
      birthDate: { ...DATE, description: 'required for fleksjob; ignored for sygedagpenge (no personal facts)' },
      events: { type: 'array', description: 'the case history, in any order' },
    },
    // fleksjob (also when caseType is left out) and sygedagpenge each have their own event vocabulary.
    allOf: types.map((t) => {
      const others = types.filter((o) => o.id !== t.id).map((o) => o.id);
      return {
        if:
          t.id === 'fleksjob'
            ? { not: { required: ['caseType'], properties: { caseType: { enum: others } } } }
            : { required: ['caseType'], properties: { caseType: { const: t.id } } },
        then: {
          ...(t.requiresBirthDate ? { required: ['birthDate'] } : {}),
          properties: { events: { items: { $ref: `#/$defs/${t.id}Event` } } },
        },
      };
    }),
    $defs: {
      date: DATE,
      eventId: EVENT_ID,
      ...Object.fromEntries(types.map((t) => [`${t.id}Event`, { anyOf: eventSchemas(t) }])),
    },
  };
}

/** One row of a CSV-of-events import file, as the object its header makes of it. */
export function importEventRowSchema(): Schema {
  const fieldNames = [
    ...new Set(Object.values(CASE_TYPES).flatMap((t) => t.events.flatMap((e) => Object.keys(e.fields)))),
  ].sort();
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://frist.example/schemas/import-events-csv.schema.json',
    title: 'frist import: CSV of events, one event per row',
    description:
      'Header row with these column names, separator ";" (or ","), UTF-8 (a BOM is allowed). Rows of one case ' +
      'share caseId, or else caseType + citizenRef, and repeat the same case columns. Every other column is a ' +
      'field of the event type named in "type"; an empty cell means the field is absent. Numbers may use a ' +
      'decimal comma. Each case is then validated like a JSON Lines case (import-case.schema.json).',
    type: 'object',
    required: ['citizenRef', 'team', 'eventId', 'type', 'date'],
    properties: {
      caseId: { type: 'string', description: 'optional frist case id (UUID)' },
      citizenRef: { type: 'string', minLength: 1 },
      team: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      caseType: { enum: ['', ...Object.keys(CASE_TYPES)], description: 'empty: fleksjob' },
      birthDate: { type: 'string', description: 'YYYY-MM-DD; required for fleksjob' },
      eventId: EVENT_ID,
      type: { enum: [...new Set(Object.values(CASE_TYPES).flatMap((t) => t.events.map((e) => e.type)))].sort() },
      date: DATE,
      ...Object.fromEntries(fieldNames.map((f) => [f, { type: 'string', description: `event field ${f}` }])),
    },
    additionalProperties: { type: 'string' },
  };
}
