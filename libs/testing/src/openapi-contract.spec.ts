import { OpenApiContract, type ObservedResponse } from './openapi-contract';

const json = (method: string, url: string, status: number, body: unknown): ObservedResponse => ({
  method,
  url,
  status,
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify(body)),
});

/** The contract check the e2e harness runs on every response, against the committed openapi.json. */
describe('OpenAPI response contract', () => {
  it('accepts a body that matches its operation and counts it', () => {
    const c = OpenApiContract.fromRepository();
    c.check(json('GET', '/api/v1/teams?x=1', 200, { items: [{ id: 'fleks-1', name: 'Fleksjob Nord' }] }));
    expect(c.violations).toEqual([]);
    expect(c.validated.get('GET /api/v1/teams')).toBe(1);
    expect(() => c.assertClean()).not.toThrow();
  });

  it('reports a body that breaks the schema, an undocumented status and an unknown operation', () => {
    const c = OpenApiContract.fromRepository();
    c.check(json('GET', '/api/v1/teams', 200, { items: [{ id: 'fleks-1' }] }));
    c.check(json('GET', '/api/v1/teams', 201, { items: [] }));
    c.check(json('GET', '/api/v1/no-such-thing', 200, {}));
    expect(c.violations).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/teams → 200: the body does not match GET \/api\/v1\/teams: .*name/),
      'GET /api/v1/teams → 201: status 201 is not documented for GET /api/v1/teams',
      'GET /api/v1/no-such-thing → 200: no operation in openapi.json',
    ]);
    expect(() => c.assertClean()).toThrow(/responses that break openapi.json/);
  });

  it('checks formats, and prefers a literal path over a template', () => {
    const c = OpenApiContract.fromRepository();
    c.check(json('GET', '/api/v1/tasks/not-a-uuid', 200, { taskId: 'not-a-uuid' }));
    expect(c.violations).toEqual([expect.stringContaining('/taskId must match format "uuid"')]);
    const stream = OpenApiContract.fromRepository();
    stream.check({ ...json('GET', '/api/v1/tasks/stream', 200, {}), contentType: 'text/event-stream' });
    expect(stream.violations).toEqual([]);
  });

  it('resolves the shared schemas: a nullable task reference takes null and a task, and refuses anything else', () => {
    const c = OpenApiContract.fromRepository();
    const done = { task: null, accepted: [{ eventId: 'e-1', duplicate: false }], warnings: [] };
    c.check(json('POST', '/api/v1/tasks/00000000-0000-4000-8000-000000000001/complete', 200, done));
    expect(c.violations).toEqual([]);
    c.check(json('POST', '/api/v1/tasks/00000000-0000-4000-8000-000000000001/waive', 200, { ...done, task: 5 }));
    expect(c.violations).toEqual([expect.stringContaining('/task')]);
  });

  it('leaves error answers, the web UI and non-JSON bodies to their own tests', () => {
    const c = OpenApiContract.fromRepository();
    c.check(json('GET', '/api/v1/teams', 404, { anything: true }));
    c.check(json('GET', '/assets/app.js', 200, 'x'));
    c.check({ ...json('GET', '/api/v1/tasks', 200, {}), contentType: 'text/csv' });
    expect(c.violations).toEqual([]);
  });
});
