import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDaysIso, caseWorkflowId, containsCpr, copenhagenDate } from '@frist/contracts';
import { fristDataConverter } from '@frist/codec';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from './create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/** Everything written to stdout, stderr and the console while this file runs (API, worker, Temporal client). */
function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const record = (chunk: unknown) =>
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
  process.stdout.write = (chunk: unknown, ...rest: never[]) => (record(chunk), out(chunk as string, ...rest));
  process.stderr.write = (chunk: unknown, ...rest: never[]) => (record(chunk), err(chunk as string, ...rest));
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void chunks.push(args.map(String).join(' '))),
  );
  return {
    text: () => chunks.join('\n'),
    restore() {
      process.stdout.write = out;
      process.stderr.write = err;
      spies.forEach((s) => s.mockRestore());
    },
  };
}

/**
 * Issue 15's inputs at the API: every stored request part has a schema (from the case type's vocabulary for
 * events) with ranges, lengths, no control characters and no unknown fields; bodies have a size per route and a
 * nesting limit; no CPR number gets in through any free-text field, so none reaches the logs or Temporal.
 */
describe('strict input at the edge (issue 15)', () => {
  let e2e: ApiE2e<App>;
  const output = captureOutput();
  const team = `ei-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let cw: string;
  let mgr: string;
  let caseId: string;
  let taskId: string;
  let taskEtag: string;
  const http = () => request(e2e.app.getHttpServer());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cw, mgr] = await Promise.all([e2e.token('caseworker', [team], 'cw-ei'), e2e.token('manager', [team], 'mgr-ei')]);
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        citizenRef: 'ei-1',
        team,
        birthDate: '1980-01-01',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -3) }],
      })
      .expect(201);
    caseId = created.body.caseId;
    const tasks = await http().get('/api/v1/tasks').query({ caseId }).set('authorization', cw).expect(200);
    taskId = tasks.body.items.find((t: { code: string }) => t.code === 'contact-14d').taskId;
    taskEtag = (await http().get(`/api/v1/tasks/${taskId}`).set('authorization', cw).expect(200)).headers.etag;
  });
  afterAll(async () => {
    output.restore();
    await e2e?.close();
  });

  const create = (body: object) => http().post('/api/v1/cases').set('authorization', cw).send(body);
  const event = (body: object) => http().post(`/api/v1/cases/${caseId}/events`).set('authorization', cw).send(body);

  it('refuses a birth date outside the engine’s 1900–2199 at once (input 1: was 500 after 8 s, a stuck workflow)', async () => {
    const started = Date.now();
    const res = await create({ citizenRef: 'p1', team, birthDate: '1800-01-01' }).expect(400);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'birthDate' }] });
    await event({ eventId: 'far', type: 'CONTACT_HELD', date: '2200-01-01', form: 'phone' }).expect(400);
  });

  it('refuses control characters in stored text (input 2: a NUL hung the request and the projection)', async () => {
    const res = await create({ citizenRef: 'nul\u0000x', team, birthDate: '1980-01-01' }).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'citizenRef', message: 'must not contain control characters' }],
    });
    const reason = await http()
      .post(`/api/v1/cases/${caseId}/move`)
      .set('authorization', cw)
      .send({ team, reason: 'a\u0000b' })
      .expect(400);
    expect(reason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
  });

  it('refuses unknown event fields, naming them, and the case keeps working (input 3: PayloadsTooLarge for ever)', async () => {
    const blob = 'x'.repeat(200_000);
    for (let i = 0; i < 13; i++) {
      const res = await event({ eventId: `big-${i}`, type: 'CONTACT_HELD', date: today(), form: 'phone', blob }).expect(
        400,
      );
      expect(res.body).toMatchObject({
        code: 'INVALID_EVENT',
        errors: [{ path: 'blob', message: 'is not a known field' }],
      });
    }
    await event({ eventId: 'small', type: 'CONTACT_HELD', date: today(), form: 'phone' }).expect(200);
    // Unknown fields on every other stored body too.
    const extra = await create({ citizenRef: 'ei-2', team, birthDate: '1980-01-01', nickname: 'x' }).expect(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ path: 'nickname', message: 'is not a known field' })]);
    const move = await http()
      .post(`/api/v1/cases/${caseId}/move`)
      .set('authorization', cw)
      .send({ team, reason: 'r', extra: true })
      .expect(400);
    expect(move.body.errors).toEqual([expect.objectContaining({ field: 'extra' })]);
  });

  it('refuses nesting beyond the limit before parsing (5,000 deep was a 500; 3,000 deep was stored)', async () => {
    for (const depth of [5000, 3000, 17]) {
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const res = await http()
        .post(`/api/v1/cases/${caseId}/events`)
        .set('authorization', cw)
        .set('content-type', 'application/json')
        .send(`{"eventId":"deep","type":"CONTACT_HELD","date":"${today()}","form":"phone","x":${nested}}`)
        .expect(400);
      expect(res.body).toMatchObject({ code: 'NESTING_TOO_DEEP', status: 400 });
    }
  });

  it('holds every route to its body size with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await http()
      .post(`/api/v1/cases/${caseId}/move`)
      .set('authorization', cw)
      .send({ team, reason: 'x'.repeat(20_000) })
      .expect(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const events = await event({
      eventId: 'huge',
      type: 'CONTACT_HELD',
      date: today(),
      form: 'phone',
      x: 'y'.repeat(300_000),
    });
    expect(events.status).toBe(413);
  });

  it('bounds numbers by the vocabulary: hoursPerWeek 1e308 is refused', async () => {
    const res = await event({
      eventId: 'job',
      type: 'FLEXJOB_STARTED',
      date: today(),
      hoursPerWeek: 1e308,
      employer: 'Firma',
    }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_EVENT', errors: [{ path: 'hoursPerWeek' }] });
  });

  it('refuses a CPR number in any spelling in the citizen reference and in every free-text field', async () => {
    const spellings = ['010190 1234', '01.01.90-1234', '０１０１９０－１２３４', 'borger 0101901234'];
    for (const cpr of spellings) {
      const res = await create({ citizenRef: cpr, team, birthDate: '1980-01-01' }).expect(400);
      expect(res.body).toMatchObject({ code: 'CPR_NOT_ALLOWED', errors: [{ path: 'citizenRef' }] });
    }
    const cpr = 'cpr 010190-1234';
    const attempts: [string, request.Test][] = [
      ['move reason', http().post(`/api/v1/cases/${caseId}/move`).set('authorization', cw).send({ team, reason: cpr })],
      ['close reason', http().post(`/api/v1/cases/${caseId}/close`).set('authorization', cw).send({ reason: cpr })],
      [
        'retract reason',
        http().post(`/api/v1/cases/${caseId}/events/visit/retract`).set('authorization', cw).send({ reason: cpr }),
      ],
      [
        'correct reason',
        http()
          .post(`/api/v1/cases/${caseId}/events/visit/correct`)
          .set('authorization', cw)
          .send({ reason: cpr, replacement: { eventId: 'visit-2', type: 'VISITATION_DECIDED', date: today() } }),
      ],
      [
        'event note',
        event({ eventId: 'cad', type: 'CONTACT_CADENCE_SET', date: today(), intervalDays: 21, reason: cpr }),
      ],
      ['event id', event({ eventId: '010190-1234', type: 'CONTACT_HELD', date: today(), form: 'phone' })],
      [
        'waive reason',
        http()
          .post(`/api/v1/tasks/${taskId}/waive`)
          .set('authorization', cw)
          .set('if-match', taskEtag)
          .send({ eventId: 'w1', reason: cpr }),
      ],
      [
        'webhook description',
        http()
          .post('/api/v1/webhooks')
          .set('authorization', mgr)
          .send({ team, url: 'https://example.org/h', description: cpr }),
      ],
      ...[
        'https://example.org/h?cpr=010190-1234',
        'https://example.org/borgere/0101901234/h',
        'https://example.org/h?cpr=010190%2D1234',
        'https://example.org/h#010190+1234',
      ].map((url): [string, request.Test] => [
        `webhook url ${url}`,
        http().post('/api/v1/webhooks').set('authorization', mgr).send({ team, url }),
      ]),
      [
        'trial note',
        http()
          .post(`/api/v1/cases/${caseId}/trials/aht-2009/exempt`)
          .set('authorization', cw)
          .send({ reasonCode: 'health-treatment', note: cpr }),
      ],
    ];
    for (const [what, req] of attempts) {
      const res = await req;
      expect([what, res.status, res.body.code]).toEqual([what, 400, 'CPR_NOT_ALLOWED']);
    }
    // The case was not touched by any of them.
    const view = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cw).expect(200);
    expect(view.body.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual([
      'case-opened',
      'small',
      'visit',
    ]);
  });

  it('keeps the preview lenient on unknown keys (spec C1) but holds it to the size and nesting limits', async () => {
    const timeline = {
      case: { birthDate: '1980-01-01' },
      asOf: today(),
      events: [{ type: 'VISITATION_DECIDED', date: today(), note: 'an unknown key' }],
      comment: 'ignored',
    };
    await http().post('/api/v1/preview').set('authorization', cw).send(timeline).expect(200);
    const deep = await http()
      .post('/api/v1/preview')
      .set('authorization', cw)
      .set('content-type', 'application/json')
      .send(`{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`)
      .expect(400);
    expect(deep.body.code).toBe('NESTING_TOO_DEEP');
    const big = await http()
      .post('/api/v1/preview')
      .set('authorization', cw)
      .send({ ...timeline, comment: 'x'.repeat(1_100_000) });
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('refuses an empty or non-digit numeric query parameter instead of reading it as 0 (Schemathesis: ?minDays=)', async () => {
    const numeric = [
      ['/api/v1/dashboard/passivity', 'minDays', mgr],
      ['/api/v1/dashboard/passivity', 'limit', mgr],
      ['/api/v1/dashboard/overdue/cases', 'limit', mgr],
      ['/api/v1/cases', 'limit', cw],
      ['/api/v1/tasks', 'limit', cw],
    ] as const;
    for (const [path, name, token] of numeric)
      for (const value of ['', '1e2', ' 5', '0x10', '5.5']) {
        const res = await http()
          .get(path)
          .query({ [name]: value })
          .set('authorization', token);
        expect([path, name, value, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
          path,
          name,
          value,
          400,
          'VALIDATION_FAILED',
          name,
        ]);
      }
    const ok = await http()
      .get('/api/v1/dashboard/passivity')
      .query({ minDays: '7', limit: '3' })
      .set('authorization', mgr);
    expect(ok.status).toBe(200);
  });

  it('answers as HTTP says: no X-Powered-By, no-store, 405 with Allow, problem titles that are no class names', async () => {
    const res = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cw).expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    for (const method of ['put', 'delete', 'patch'] as const) {
      const r = await http()[method](`/api/v1/cases/${caseId}`).set('authorization', cw).expect(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(r.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405 });
    }
    const trace = await http().trace('/api/v1/tasks').expect(405);
    expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS');
    const badId = await http().get('/api/v1/cases/not-a-uuid').set('authorization', cw).expect(400);
    expect(badId.body).toMatchObject({ code: 'VALIDATION_FAILED', title: 'The request is not valid' });
    const badJson = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .set('content-type', 'application/json')
      .send('{"citizenRef":')
      .expect(400);
    expect(badJson.body).toMatchObject({ code: 'VALIDATION_FAILED', title: 'The request is not valid' });
  });

  // Last: everything above tried to get a CPR number in; none may be in any workflow's history or in the output.
  it('leaves no CPR-shaped string in Temporal histories (decoded payloads included) or in the logs', async () => {
    const converter = fristDataConverter(e2e.config.temporal.encryption);
    const ids = [caseWorkflowId(caseId)];
    for await (const wf of e2e.env.client.workflow.list({ query: `TaskQueue = '${e2e.taskQueue}'` }))
      ids.push(wf.workflowId);
    const found: string[] = [];
    for (const id of new Set(ids)) {
      const history = await e2e.env.client.workflow.getHandle(id).fetchHistory();
      const payloads: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[] = [];
      const plain = JSON.stringify(history, (_key, value: unknown) => {
        if (value && typeof value === 'object' && 'data' in value && value.data instanceof Uint8Array) {
          payloads.push(value as (typeof payloads)[number]);
          return '[payload]';
        }
        return value;
      });
      let decoded = payloads;
      for (const codec of [...(converter.payloadCodecs ?? [])].reverse()) decoded = await codec.decode(decoded);
      const texts = [plain, ...decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'))];
      found.push(...texts.filter(containsCpr).map((t) => `${id}: ${t.slice(0, 200)}`));
    }
    expect(ids.length).toBeGreaterThan(0);
    expect(found).toEqual([]);
    expect(containsCpr(output.text())).toBe(false);
  });
});
