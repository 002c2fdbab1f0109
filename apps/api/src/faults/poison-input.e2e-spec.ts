import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  addDaysIso,
  applyEventsUpdate,
  CASE_WORKFLOW_TYPE,
  caseWorkflowId,
  copenhagenDate,
  type CaseWorkflowInput,
} from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface FailingBody {
  failing: {
    count: number;
    codes: Record<string, number>;
    workflows: { caseId: string | null; code: string; detail: string; since: string | null; retries: number }[];
  };
  projection: { lagSeconds: number; stuckCases: number };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];

/**
 * The issue's poison inputs against the real API, a real worker (the harness' in-process one with the production
 * activities) and a real dev server: each answers quickly with a code, none holds a worker slot, and a poison that
 * bypasses the API's own checks (sent straight to Temporal) shows on the ops view with its case id and code.
 */
describe('poison input never stops the worker or breaks a case', () => {
  jest.setTimeout(300_000);
  let e2e: ApiE2e<App>;
  const team = 'fleks-poison';
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const http = () => request(e2e.app.getHttpServer());
  const caseworker = () => e2e.token('caseworker', [team]);
  const createNormal = async (i: number) => {
    const t0 = performance.now();
    await http()
      .post('/api/v1/cases')
      .set('authorization', await caseworker())
      .send({
        citizenRef: `normal-${i}`,
        team,
        birthDate: '1980-01-01',
        events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
      })
      .expect(201);
    return performance.now() - t0;
  };
  /** Starts a case workflow with an update straight through Temporal, as a client that bypasses the API would. */
  const poisonStraightToTemporal = (caseId: string, facts: Partial<CaseWorkflowInput['facts']>) =>
    e2e.env.client.workflow
      .executeUpdateWithStart(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'case-opened', event: { type: 'CASE_OPENED', date: today() } }] }],
        startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
          workflowId: caseWorkflowId(caseId),
          taskQueue: e2e.taskQueue,
          args: [{ facts: { caseId, citizenRef: 'poison', team, birthDate: '1980-01-01', ...facts } }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      })
      .then(
        () => 'accepted',
        (err: { cause?: { type?: string } }) => err.cause?.type ?? 'error',
      );
  const ops = async (): Promise<FailingBody> =>
    (
      await http()
        .get('/api/v1/ops/status')
        .set('authorization', await e2e.token('ops', []))
        .expect(200)
    ).body as FailingBody;

  it('answers each of the four inputs of the issue quickly with a coded 4xx, and then serves a normal case', async () => {
    const auth = await caseworker();
    const timed = async (req: request.Test) => {
      const t0 = Date.now();
      const res = await req.timeout(30_000);
      return { status: res.status, code: (res.body as { code?: string }).code, ms: Date.now() - t0 };
    };
    // 1. A birth date outside the engine's range (1900–2199).
    const old = await timed(
      http().post('/api/v1/cases').set('authorization', auth).send({ citizenRef: 'p1', team, birthDate: '1800-01-01' }),
    );
    // 2. A NUL character in a text field.
    const nul = await timed(
      http()
        .post('/api/v1/cases')
        .set('authorization', auth)
        .send({ citizenRef: 'nul\u0000x', team, birthDate: '1980-01-01' }),
    );
    // 3. Events carrying 200,000 characters of unknown field each, until the case is full.
    const big = (
      await http()
        .post('/api/v1/cases')
        .set('authorization', auth)
        .send({ citizenRef: 'big', team, birthDate: '1980-01-01' })
        .expect(201)
    ).body as { caseId: string };
    const bigAnswers = [];
    for (let i = 0; i < 12; i++)
      bigAnswers.push(
        await timed(
          http()
            .post(`/api/v1/cases/${big.caseId}/events`)
            .set('authorization', auth)
            .send({
              eventId: `big-${i}`,
              type: 'CONTACT_HELD',
              date: addDaysIso(today(), -20 + i),
              form: 'phone',
              extra: 'x'.repeat(200_000),
            }),
        ),
      );
    // 4. An unknown field nested 5,000 deep.
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) deep = { d: deep };
    const nested = await timed(
      http()
        .post(`/api/v1/cases/${big.caseId}/events`)
        .set('authorization', auth)
        .send({ eventId: 'deep', type: 'CONTACT_HELD', date: today(), form: 'phone', extra: deep }),
    );

    for (const answer of [old, nul, ...bigAnswers, nested]) {
      expect(answer.status).toBeLessThan(500);
      expect(answer.ms).toBeLessThan(15_000);
    }
    for (const refused of [old, nul, nested, bigAnswers.at(-1)!]) {
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.code).toEqual(expect.any(String));
    }
    // The case with the big events still takes a normal event (the budget refused the big ones, not the case).
    await http()
      .post(`/api/v1/cases/${big.caseId}/events`)
      .set('authorization', auth)
      .send({ eventId: 'normal', type: 'CONTACT_HELD', date: today(), form: 'phone' })
      .expect(200);
    await createNormal(0);
  });

  it('shows a poisoned case on the ops view with its case id and code within a minute, counted as lag', async () => {
    const caseId = randomUUID();
    const t0 = Date.now();
    expect(await poisonStraightToTemporal(caseId, { birthDate: '1800-01-01' })).toBe('INVALID_EVENT');
    const nulCase = randomUUID();
    expect(await poisonStraightToTemporal(nulCase, { citizenRef: 'nul\u0000x' })).toBe('CASE_NEEDS_ATTENTION');
    const status = await eventually(
      async () => {
        const s = await ops();
        return s.failing.workflows.some((w) => w.caseId === caseId) &&
          s.failing.workflows.some((w) => w.caseId === nulCase)
          ? s
          : undefined;
      },
      'the poisoned cases on the ops view',
      60_000,
    );
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(status.failing.workflows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId, code: 'ENGINE_FAILED', detail: 'evaluate: INVALID_TIMELINE', retries: 1 }),
        expect.objectContaining({ caseId: nulCase, code: 'PROJECTION_REJECTED', detail: 'project: SQLSTATE 22021' }),
      ]),
    );
    expect(status.failing.codes.ENGINE_FAILED).toBeGreaterThanOrEqual(1);
    expect(status.failing.codes.PROJECTION_REJECTED).toBeGreaterThanOrEqual(1);
    expect(status.projection.stuckCases).toBeGreaterThanOrEqual(2);
    // No personal data on the ops view: neither the birth date nor the citizen reference.
    expect(JSON.stringify(status)).not.toMatch(/1800-01-01|nul\\u0000x/);
  });

  it('100 poison requests leave the worker serving normal cases within its usual latency', async () => {
    const samples = 12;
    const baseline: number[] = [];
    for (let i = 0; i < samples; i++) baseline.push(await createNormal(100 + i));

    const poisoned = Array.from({ length: 100 }, () => randomUUID());
    const t0 = Date.now();
    const answers = await Promise.all(
      poisoned.map((id, i) =>
        poisonStraightToTemporal(id, i % 2 ? { birthDate: '1800-01-01' } : { citizenRef: `nul\u0000${i}` }),
      ),
    );
    const poisonMs = Date.now() - t0;
    expect(new Set(answers)).toEqual(new Set(['INVALID_EVENT', 'CASE_NEEDS_ATTENTION']));

    const after: number[] = [];
    for (let i = 0; i < samples; i++) after.push(await createNormal(200 + i));
    const report = {
      baselineP50: Math.round(percentile(baseline, 50)),
      baselineP95: Math.round(percentile(baseline, 95)),
      afterP50: Math.round(percentile(after, 50)),
      afterP95: Math.round(percentile(after, 95)),
      poisonAnsweredInMs: poisonMs,
    };
    console.log(`poison load (ms): ${JSON.stringify(report)}`);
    // Same run, same machine: normal cases after 100 poison requests are as fast as before (a loaded CI machine
    // jitters, so within 3x the baseline's p95 plus 250 ms), never the seconds-long hang of a worker out of slots.
    expect(report.afterP50).toBeLessThanOrEqual(report.baselineP95 * 3 + 250);
    expect(report.afterP95).toBeLessThanOrEqual(report.baselineP95 * 3 + 250);
    // Every poisoned case is idle in "needs attention", visible to ops.
    const status = await eventually(
      async () => {
        const s = await ops();
        return s.projection.stuckCases >= 100 ? s : undefined;
      },
      '100 stuck cases on the ops view',
      60_000,
    );
    expect(status.failing.count).toBeGreaterThanOrEqual(100);
  });
});

/** The per-case budget, lowered by configuration so a test can reach it with small, valid events. */
describe('per-case budget, checked before a change reaches Temporal', () => {
  jest.setTimeout(120_000);
  let e2e: ApiE2e<App>;
  const team = 'fleks-budget';
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp, env: { CASE_MAX_EVENTS: '4', CASE_MAX_EVENT_BYTES: '1000' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const newCase = async (auth: string) =>
    (
      (
        await request(e2e.app.getHttpServer())
          .post('/api/v1/cases')
          .set('authorization', auth)
          .send({ citizenRef: `b-${randomUUID()}`, team, birthDate: '1980-01-01' })
          .expect(201)
      ).body as { caseId: string }
    ).caseId;
  const historyLength = async (caseId: string) =>
    (await e2e.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()).events?.length;
  const contact = (eventId: string, date: string, note?: string) => ({
    eventId,
    type: 'CONTACT_HELD',
    date,
    form: 'phone',
    ...(note ? { note } : {}),
  });

  it('answers CASE_EVENT_LIMIT (422) for an event beyond the cap, and a retry of a held event still answers', async () => {
    const auth = await e2e.token('caseworker', [team]);
    const caseId = await newCase(auth);
    const post = (e: object) =>
      request(e2e.app.getHttpServer()).post(`/api/v1/cases/${caseId}/events`).set('authorization', auth).send(e);
    // CASE_OPENED + three contacts = four events.
    for (let i = 0; i < 3; i++) await post(contact(`c-${i}`, addDaysIso(today(), -10 + i))).expect(200);
    const before = await historyLength(caseId);
    const over = await post(contact('c-3', today()));
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'CASE_EVENT_LIMIT', status: 422 });
    expect(await historyLength(caseId)).toBe(before); // never sent to the workflow
    // A retry of an event the case already holds is no new event: answered idempotently.
    const retry = await post(contact('c-0', addDaysIso(today(), -10)));
    expect(retry.status).toBe(200);
    expect(retry.body.accepted).toEqual([{ eventId: 'c-0', duplicate: true }]);
  });

  it('answers CASE_PAYLOAD_LIMIT (413) when the event data of a case would exceed its budget', async () => {
    const auth = await e2e.token('caseworker', [team]);
    const caseId = await newCase(auth);
    const post = (e: object) =>
      request(e2e.app.getHttpServer()).post(`/api/v1/cases/${caseId}/events`).set('authorization', auth).send(e);
    // Each reason is within the 500-character field limit; together they exceed the case's 1000-byte budget.
    const suspended = (eventId: string, date: string) => ({
      eventId,
      type: 'BENEFIT_SUSPENDED',
      date,
      reason: 'ydelsen standset '.repeat(28),
    });
    await post(suspended('long-1', addDaysIso(today(), -1))).expect(200);
    const before = await historyLength(caseId);
    const res = await post(suspended('long-2', today()));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'CASE_PAYLOAD_LIMIT', status: 413 });
    expect(await historyLength(caseId)).toBe(before);
  });
});
