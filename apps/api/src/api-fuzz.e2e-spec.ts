import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request, { type Response } from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from './create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * Random and mutated input against the real stack: whatever arrives, the API never answers 5xx, and every error is
 * problem details whose status matches the HTTP status. Runs are bounded to keep the file quick.
 */
describe('API fuzzing', () => {
  let e2e: ApiE2e<App>;
  const team = `fz-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let cw: string;
  let mgr: string;
  let caseId: string;
  let taskId: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cw, mgr] = await Promise.all([e2e.token('caseworker', [team], 'cw'), e2e.token('manager', [team], 'mgr')]);
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        citizenRef: 'fuzz-1',
        team,
        birthDate: '1980-01-01',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -2) }],
      })
      .expect(201);
    caseId = created.body.caseId;
    const tasks = await http().get('/api/v1/tasks').set('authorization', cw).expect(200);
    taskId = tasks.body.items.find((t: { code: string }) => t.code === 'contact-14d').taskId;
  });
  afterAll(() => e2e?.close());

  const http = () => request(e2e.app.getHttpServer());

  function expectProblem(res: Response, what: string): void {
    if (res.status >= 500) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: res.status,
        code: expect.any(String),
        correlationId: expect.any(String),
      });
    }
  }

  // Values that tend to break parsers and validators.
  const nasty = fc.oneof(
    fc.constantFrom(
      null,
      true,
      0,
      -1,
      1e308,
      '',
      ' ',
      '0101901234',
      '2027-02-30',
      '9999-12-31',
      '0000-01-01',
      '__proto__',
      'constructor',
      '\u0000',
      '😀'.repeat(50),
      'x'.repeat(10_000),
      '../../etc/passwd',
      "'; DROP TABLE tasks; --",
    ),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  /** A valid body with one field replaced, dropped or added. */
  const mutated = (valid: Record<string, unknown>) =>
    fc.oneof(
      fc.tuple(fc.constantFrom(...Object.keys(valid)), nasty).map(([k, v]) => ({ ...valid, [k]: v })),
      fc
        .constantFrom(...Object.keys(valid))
        .map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
      fc.tuple(fc.string(), anyJson).map(([k, v]) => ({ ...valid, [k]: v })),
    );

  const targets = (): { name: string; path: string; valid: Record<string, unknown>; ifMatch?: boolean }[] => [
    {
      name: 'create case',
      path: '/api/v1/cases',
      valid: { citizenRef: 'fz-ref', team, birthDate: '1980-01-01', events: [] },
    },
    {
      name: 'register event',
      path: `/api/v1/cases/${caseId}/events`,
      valid: { eventId: 'fz-e', type: 'CONTACT_HELD', date: today(), form: 'phone' },
    },
    { name: 'retract', path: `/api/v1/cases/${caseId}/events/visit/retract`, valid: { reason: 'r' } },
    {
      name: 'correct',
      path: `/api/v1/cases/${caseId}/events/visit/correct`,
      valid: { reason: 'r', replacement: { eventId: 'v2', type: 'VISITATION_DECIDED', date: today() } },
    },
    { name: 'move', path: `/api/v1/cases/${caseId}/move`, valid: { team, reason: 'r' } },
    { name: 'close', path: `/api/v1/cases/${caseId}/close`, valid: { reason: 'r', date: today() } },
    {
      name: 'complete',
      path: `/api/v1/tasks/${taskId}/complete`,
      valid: { eventId: 'c1', form: 'phone' },
      ifMatch: true,
    },
    { name: 'waive', path: `/api/v1/tasks/${taskId}/waive`, valid: { eventId: 'w1', reason: 'r' }, ifMatch: true },
    { name: 'assign', path: `/api/v1/tasks/${taskId}/assign`, valid: { assignee: 'someone' }, ifMatch: true },
    {
      name: 'webhook',
      path: '/api/v1/webhooks',
      valid: { team, url: 'https://example.org/h', secret: 'x'.repeat(20) },
    },
  ];

  it('answers random and mutated bodies with problem details, never a 5xx', async () => {
    for (const t of targets())
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anyJson, mutated(t.valid)),
          fc.option(fc.oneof(fc.string(), fc.constant('"1"'), fc.constant('*'))),
          async (body, ifMatch) => {
            let req = http().post(t.path).set('authorization', mgr).set('content-type', 'application/json');
            if (t.ifMatch && ifMatch !== null) req = req.set('if-match', ifMatch.replace(/[\r\n]/g, ''));
            expectProblem(await req.send(JSON.stringify(body)), `${t.name} ${JSON.stringify(body).slice(0, 200)}`);
          },
        ),
        { numRuns: 25, seed: 20261126 },
      );
  });

  it('answers random query strings, path ids and tokens with problem details', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'team',
            'status',
            'assignee',
            'code',
            'caseId',
            'dueBefore',
            'dueAfter',
            'limit',
            'cursor',
            'phase',
          ),
          fc.oneof(fc.string(), nasty.map(String)),
        ),
        fc.constantFrom('/api/v1/tasks', '/api/v1/cases', `/api/v1/cases/${caseId}/audit`, '/api/v1/webhooks'),
        async (query, path) =>
          expectProblem(
            await http().get(path).query(query).set('authorization', mgr),
            `${path} ${JSON.stringify(query)}`,
          ),
      ),
      { numRuns: 60, seed: 7 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (id) => {
        const path = `/api/v1/tasks/${encodeURIComponent(id)}`;
        expectProblem(await http().get(path).set('authorization', cw), path);
        expectProblem(
          await http()
            .post(`/api/v1/cases/${caseId}/events/${encodeURIComponent(id)}/retract`)
            .set('authorization', cw)
            .send({ reason: 'r' }),
          `retract ${id}`,
        );
      }),
      { numRuns: 30, seed: 11 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (token) => {
        const res = await http()
          .get('/api/v1/tasks')
          .set('authorization', `Bearer ${token}`.replace(/[\r\n]/g, ''));
        expect(res.status).toBe(401);
        expectProblem(res, token);
      }),
      { numRuns: 30, seed: 13 },
    );
  });

  it('answers malformed and oversized payloads with problem details', async () => {
    for (const [type, payload] of [
      ['application/json', '{"citizenRef":'],
      ['application/json', '[]'],
      ['application/json', 'null'],
      ['application/json', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
      ['application/json', JSON.stringify({ citizenRef: 'x'.repeat(300_000), team, birthDate: '1980-01-01' })],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'team=a&birthDate=1980-01-01'],
    ] as const)
      expectProblem(
        await http().post('/api/v1/cases').set('authorization', cw).set('content-type', type).send(payload),
        `${type} ${payload.slice(0, 40)}`,
      );
  });

  it('serves the OpenAPI document and Swagger UI without a token', async () => {
    const doc = await http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/api/v1/tasks/{id}/claim']).toBeDefined();
    const ui = await http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});
