import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { ErrorCode, httpStatusOf } from '../common/domain-error';

const documented = new WeakMap<z.ZodType, z.ZodType>();

/**
 * Documents `schema` as `doc` wherever it appears: for a request part checked in two steps (an event's envelope
 * by the pipe, its fields once the case type is known), the document shows what the two steps accept together.
 */
export function documentedAs<T extends z.ZodType>(schema: T, doc: z.ZodType): T {
  documented.set(schema, doc);
  return schema;
}

/**
 * The shared schemas of the document (`components.schemas`): every zod schema named with `.meta({ id })` is
 * written once there and referenced with `$ref` wherever it appears (the event vocabularies, dates, the task), so the
 * document does not repeat them per operation. Filled as the decorators run; buildOpenApiDocument adds them.
 */
const sharedSchemas = new Map<string, { json: SchemaObject; text: string }>();

/** The named schemas met so far, by id, for `components.schemas` (sorted, so the document is deterministic). */
export function sharedComponentSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries([...sharedSchemas].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => [id, s.json]));
}

/**
 * A nullable reference: zod writes `{ nullable: true, allOf: [{ $ref }] }`, but OpenAPI 3.0 ignores `nullable`
 * without `type` (and ajv refuses it), so null is spelt out as the second alternative.
 */
function nullableRefs(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { nullable, allOf, ...rest } = value as { nullable?: boolean; allOf?: Array<{ $ref?: string }> };
  if (nullable !== true || 'type' in rest || allOf?.length !== 1 || !allOf[0].$ref) return value;
  return { ...rest, anyOf: [allOf[0], { type: 'object', nullable: true, enum: [null] }] };
}

/** zod writes a named schema under the schema's own `definitions`; the document keeps it in components. */
function hoistDefinitions(json: SchemaObject & { definitions?: Record<string, unknown> }): SchemaObject {
  const { definitions, ...rest } = json;
  const toComponents = (value: unknown): SchemaObject =>
    JSON.parse(
      JSON.stringify(value).replaceAll('"#/definitions/', '"#/components/schemas/'),
      nullableRefs,
    ) as SchemaObject;
  for (const [id, def] of Object.entries(definitions ?? {})) {
    const shared = toComponents(def);
    const text = JSON.stringify(shared);
    const known = sharedSchemas.get(id);
    if (known && known.text !== text) throw new Error(`OpenAPI: two different schemas are named ${id}`);
    sharedSchemas.set(id, { json: shared, text });
  }
  return toComponents(rest);
}

/** The request side of a zod schema as OpenAPI 3.0 JSON Schema (what a client sends, before defaults/transforms). */
export function zodJsonSchema(schema: z.ZodType): SchemaObject {
  // zod's JSON Schema type and swagger's SchemaObject are structurally different declarations of the same thing.
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      // zod leaves out the default of a wrapped pipe (`queryIntSchema(1, 200).default(50)`); the client needs it.
      const def = (ctx.zodSchema as unknown as z.ZodType)._zod.def as { type: string; defaultValue?: unknown };
      if (def.type === 'default' && !('default' in ctx.jsonSchema))
        Object.assign(ctx.jsonSchema, { default: def.defaultValue });
      const doc = documented.get(ctx.zodSchema as unknown as z.ZodType);
      if (!doc) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, zodJsonSchema(doc));
    },
  }) as unknown as SchemaObject & { $schema?: string };
  delete json.$schema;
  return hoistDefinitions(json);
}

/** Documents the JSON body a handler validates with this schema (ZodValidationPipe). */
export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: zodJsonSchema(schema), required: true, ...(description ? { description } : {}) });

/** Documents each property of a query-object schema as a query parameter. */
export function ApiZodQuery(schema: z.ZodObject) {
  const json = zodJsonSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
    ),
  );
}

/**
 * What a change through the case workflow can also answer: the case needs attention (a poison event, issue 15),
 * and, for changes that add events, the per-case budgets checked before anything travels to Temporal.
 */
export const CASE_CHANGE_PROBLEMS = [ErrorCode.CaseNeedsAttention] as const;
export const CASE_EVENT_PROBLEMS = [...CASE_CHANGE_PROBLEMS, ErrorCode.CaseEventLimit, ErrorCode.CasePayloadLimit];
/** What registering an event can answer, through a case's or a task's route (beside the route's own not-found). */
export const EVENT_REGISTRATION_PROBLEMS = [
  ErrorCode.InvalidEvent,
  ErrorCode.EventIdConflict,
  ErrorCode.EventInFuture,
  ErrorCode.EventNotAdmissible,
  ErrorCode.CaseClosed,
  ...CASE_EVENT_PROBLEMS,
];

/** The problem-details answers an operation can give besides the ones every operation has (400, 401, 403, 500). */
export const ApiProblems = (...codes: ErrorCode[]) => {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const [status] = httpStatusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({
        status,
        description: `Problem details with code ${list.join(' or ')}`,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      }),
    ),
  );
};
