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
