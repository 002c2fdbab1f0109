import { readFileSync } from 'node:fs';
import { PATH_PARAMETERS } from './openapi.document';
import { generateOpenApi, OPENAPI_FILE } from './write-openapi';
import { zodJsonSchema } from './zod-openapi';

/** The committed openapi.json is what the code describes; after changing a route, run `npm run openapi`. */
describe('OpenAPI document', () => {
  let generated: {
    paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    generated = JSON.parse(JSON.stringify(await generateOpenApi())) as typeof generated;
  });

  it('matches the committed openapi.json (run `npm run openapi` to update it)', () => {
    const committed: unknown = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(committed).toEqual(generated);
  });

  it("documents a success answer on every operation (a declared problem answer drops Swagger's default 200)", () => {
    const withoutSuccess = Object.entries(generated.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => !Object.keys(op.responses).some((status) => /^[23]\d\d$/.test(status)))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withoutSuccess).toEqual([]);
  });

  it('describes every path parameter as its pipe checks it (ids are UUIDs)', () => {
    const params = Object.values(generated.paths).flatMap((item) =>
      Object.values(item).flatMap(
        (op) => (op as { parameters?: { in: string; name: string; schema?: { format?: string } }[] }).parameters ?? [],
      ),
    );
    const pathParams = params.filter((p) => p.in === 'path');
    expect(pathParams.length).toBeGreaterThan(10);
    for (const p of pathParams) expect([p.name, p.schema]).toEqual([p.name, zodJsonSchema(PATH_PARAMETERS[p.name])]);
    expect(pathParams.find((p) => p.name === 'id')?.schema?.format).toBe('uuid');
  });

  it('documents the poison and budget codes on every route that adds events, and 503 on every authenticated one', () => {
    const text = (op: { responses: Record<string, unknown> }, status: string) =>
      (op.responses[status] as { description?: string } | undefined)?.description ?? '';
    const adding = [
      ['post', '/api/v1/cases'],
      ['post', '/api/v1/cases/{id}/events'],
      ['post', '/api/v1/cases/{id}/events/{eventId}/correct'],
      ['post', '/api/v1/cases/{id}/close'],
      ['post', '/api/v1/tasks/{id}/complete'],
      ['post', '/api/v1/tasks/{id}/waive'],
      ['post', '/api/v1/cases/{id}/trials/{program}/assign'],
      ['post', '/api/v1/cases/{id}/trials/{program}/exempt'],
    ] as const;
    for (const [method, path] of adding) {
      const op = generated.paths[path]?.[method];
      expect([path, text(op, '422')]).toEqual([path, expect.stringContaining('CASE_NEEDS_ATTENTION')]);
      expect([path, text(op, '422')]).toEqual([path, expect.stringContaining('CASE_EVENT_LIMIT')]);
      expect([path, text(op, '413')]).toEqual([path, expect.stringContaining('CASE_PAYLOAD_LIMIT')]);
    }
    const authenticated = Object.entries(generated.paths).flatMap(([path, item]) =>
      Object.values(item)
        .filter((op) => op.security?.length)
        .map((op) => [path, op] as const),
    );
    expect(authenticated.length).toBeGreaterThan(30);
    for (const [path, op] of authenticated)
      expect([path, text(op, '503')]).toEqual([
        path,
        expect.stringMatching(/TEMPORAL_UNAVAILABLE.*DATABASE_UNAVAILABLE/),
      ]);
  });

  it('writes shared schemas once in components and references them (event vocabularies, dates, the task)', () => {
    const text = JSON.stringify(generated);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    // Every reference resolves inside the document; none points at a schema's own (dropped) definitions.
    for (const ref of new Set(refs))
      expect([ref, generated.components.schemas[ref.replace('#/components/schemas/', '')]]).toEqual([
        ref,
        expect.anything(),
      ]);
    // The date pattern (the longest repeated piece) is written once: in the IsoDate component.
    const datePattern = JSON.stringify((generated.components.schemas.IsoDate as { pattern: string }).pattern);
    expect(text.split(datePattern).length - 1).toBe(1);
    for (const [method, path] of [
      ['post', '/api/v1/cases'],
      ['post', '/api/v1/cases/{id}/events'],
      ['post', '/api/v1/cases/{id}/events/{eventId}/correct'],
    ] as const)
      expect([path, JSON.stringify(generated.paths[path]?.[method])]).toEqual([
        path,
        expect.stringContaining('"#/components/schemas/SubmittedEvent"'),
      ]);
    expect(JSON.stringify(generated.components.schemas.SubmittedEvent)).toContain('#/components/schemas/FleksjobEvent');
    expect(text.length).toBeLessThan(300_000);
  });

  it('documents bearer auth, public health probes and problem details', () => {
    expect(generated.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(generated.paths['/health/ready']?.get?.security).toEqual([]);
    const claim = generated.paths['/api/v1/tasks/{id}/claim']?.post;
    expect(claim?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(claim?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '404', '412', '428']),
    );
    expect(JSON.stringify(claim?.responses['412'])).toContain('#/components/schemas/ProblemDetails');
    expect(generated.components.schemas.ProblemDetails).toBeDefined();
  });
});
