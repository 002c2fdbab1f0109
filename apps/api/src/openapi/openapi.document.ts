import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  PathItemObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from '../auth/auth.decorators';
import { eventIdSchema } from '../common/schemas';
import { programParamSchema } from '../trials/dtos/trial.dto';
import { FEED_FILE } from '../calendar/calendar-feed.dto';
import { CSV_EXTENSION } from '../exports/csv-response';
import { sharedComponentSchemas, zodJsonSchema } from './zod-openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const problem = (description: string): ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * frist's OpenAPI document: the routes as Nest knows them, request schemas from the zod schemas the handlers
 * validate with, bearer auth on every route that is not public (with the roles that may call it), and RFC 9457
 * problem details for errors. Deterministic, so the committed openapi.json can be checked for drift.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('frist API')
    .setDescription(
      'Deadline orchestration for Danish jobcenters. Authenticate with a bearer JWT (roles caseworker, manager, ops; ' +
        'claim teams). A caller sees only their teams: another team’s case or task answers 404 like a missing one. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ...sharedComponentSchemas(), ProblemDetails: PROBLEM_DETAILS },
  };
  for (const item of Object.values<PathItemObject>(doc.paths))
    for (const method of METHODS) {
      const op = item[method];
      if (op) decorate(op);
    }
  return doc;
}

/**
 * Path parameters by name, as their pipes check them: `id` is always a UUID (cases, tasks, webhooks;
 * ParseUUIDPipe), `eventId` and `program` have their own patterns. A path parameter not listed here fails the
 * document's test.
 */
export const PATH_PARAMETERS: Record<string, z.ZodType> = {
  id: z.uuid(),
  eventId: eventIdSchema,
  program: programParamSchema,
  file: z.string().regex(FEED_FILE),
};

function decorate(op: OperationObject): void {
  for (const param of op.parameters ?? [])
    if ('in' in param && param.in === 'path' && PATH_PARAMETERS[param.name])
      param.schema = zodJsonSchema(PATH_PARAMETERS[param.name]);
  const ext = op as unknown as Record<string, unknown>;
  const isPublic = ext[PUBLIC_EXTENSION] === true;
  const roles = ext[ROLES_EXTENSION] as string[] | undefined;
  const csv = ext[CSV_EXTENSION] === true;
  delete ext[PUBLIC_EXTENSION];
  delete ext[ROLES_EXTENSION];
  delete ext[CSV_EXTENSION];
  const responses = op.responses;
  if (csv) {
    // The success answer is JSON (as its schema says, any JSON where none is given) or the same rows as CSV.
    const status = Object.keys(responses).find((s) => s.startsWith('2')) ?? '200';
    const ok = (responses[status] ??= { description: 'The report' }) as ResponseObject;
    ok.content = {
      ...(ok.content ?? { 'application/json': { schema: {} } }),
      'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM, `;` separator, CRLF' } },
    };
  }
  if (isPublic) op.security = [];
  else {
    op.security = [{ bearer: [] }];
    op.description = [roles?.length ? `Roles: ${roles.join(', ')}.` : 'No role may call this.', op.description]
      .filter(Boolean)
      .join(' ');
    responses['401'] ??= problem('Problem details with code UNAUTHENTICATED: no or an invalid bearer token');
    responses['403'] ??= problem('Problem details with code FORBIDDEN: the role (or a named team) is not allowed');
    // Any call can meet Postgres or Temporal down, or this instance shutting down; a client retries after Retry-After.
    const unavailable =
      'TEMPORAL_UNAVAILABLE, DATABASE_UNAVAILABLE or SHUTTING_DOWN with a Retry-After header: retry after that many ' +
      'seconds (with the same eventId)';
    const busy = responses['503'] as ResponseObject | undefined;
    responses['503'] = problem(
      busy ? `${busy.description}, or ${unavailable}` : `Problem details with code ${unavailable}`,
    );
    responses['429'] ??= problem(
      'Problem details with code RATE_LIMITED and a Retry-After header: too many requests for this user ' +
        '(RATE_LIMIT_USER_PER_MIN) or failed authentications from this address',
    );
  }
  if (op.requestBody) {
    // The HTTP edge reads every body: its size, media type and charset; a route's own 413 (a case's budget) is kept.
    const tooLarge = 'PAYLOAD_TOO_LARGE: the body exceeds this route’s limit';
    const own413 = (responses['413'] as ResponseObject | undefined)?.description.replace(
      /^Problem details with code /,
      '',
    );
    responses['413'] = problem(`Problem details with code ${tooLarge}${own413 ? `, or ${own413}` : ''}`);
    responses['415'] ??= problem(
      'Problem details with code UNSUPPORTED_MEDIA_TYPE: the body is not JSON (or this route’s own type) or not UTF-8',
    );
  }
  // Every request can be malformed (a bad body, query or id; JSON nested too deeply).
  const specific = (responses['400'] as ResponseObject | undefined)?.description.replace(
    /^Problem details with code /,
    '',
  );
  // CPR_NOT_ALLOWED: any text field, query or id that holds a CPR number in any spelling (the validation pipe's).
  const generic = ['VALIDATION_FAILED (errors name each field)', 'NESTING_TOO_DEEP', 'CPR_NOT_ALLOWED'];
  const specificCodes = specific?.split(/,? or |, /).filter((c) => !generic.some((g) => g.startsWith(c)));
  responses['400'] = problem(
    `Problem details with code ${[...generic, ...(specificCodes ?? [])].join(', ').replace(/, ([^,]*)$/, ' or $1')}`,
  );
  responses['500'] ??= problem('Problem details with code INTERNAL and a correlationId; no cause is revealed');
}

const PROBLEM_DETAILS = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'code', 'instance', 'correlationId'],
  properties: {
    type: { type: 'string', example: 'urn:frist:problem:case_not_found' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. CASE_NOT_FOUND, PRECONDITION_FAILED' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string', format: 'uuid' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          path: { type: 'string' },
          field: { type: 'string' },
          eventIndex: { type: 'integer' },
          message: { type: 'string' },
        },
      },
    },
  },
};

/** Serves the document at /api/openapi.json and Swagger UI at /api/docs (outside the guard: both are public). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    raw: ['json'],
  });
}
