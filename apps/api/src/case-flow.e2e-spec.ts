import { randomUUID } from 'node:crypto';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from './create-app';

/** API + worker + Temporal dev server + Postgres, all real processes. */
describe('case flow end to end', () => {
  let e2e: ApiE2e<Awaited<ReturnType<typeof createApp>>>;
  const app = { getHttpServer: () => e2e.app.getHttpServer() };

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const today = () => copenhagenDate(Date.now());

  it('reports ready when Postgres and Temporal answer', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.checks).toEqual([
      { name: 'postgres', ok: true },
      { name: 'temporal', ok: true },
    ]);
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
  });

  it('keeps an idle keep-alive connection open longer than the 5 s Node default (no ECONNRESET on reuse)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const live = () =>
      new Promise<{ status?: number; reused: boolean }>((resolve, reject) => {
        const req = get(`${e2e.url}/health/live`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      expect(await live()).toEqual({ status: 200, reused: false });
      await sleep(6_000);
      expect(await live()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('shows an overdue phase-1 task for a preparatory part that started 11 weeks ago', async () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const auth = await e2e.token('caseworker', [team]);
    const startedOn = addDaysIso(today(), -77);
    const created = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({
        citizenRef: 'fagsystem-4711',
        team,
        birthDate: '1979-09-14',
        events: [{ eventId: 'prep-1', type: 'PREPARATORY_PART_STARTED', date: startedOn }],
      })
      .expect(201);
    const caseId = created.body.caseId as string;
    expect(created.headers.location).toBe(`/api/v1/cases/${caseId}`);

    const tasks = await request(app.getHttpServer()).get('/api/v1/tasks').set('authorization', auth).expect(200);
    expect(tasks.body.items).toHaveLength(1);
    expect(tasks.body.items[0]).toMatchObject({
      caseId,
      team,
      code: 'phase1-target',
      status: 'overdue',
      startedOn,
      nominalDueOn: addDaysIso(startedOn, 70),
    });
    expect(tasks.body.items[0].title).toMatch(/^Fase 1/);
    // The list sends what it shows; why the task is due is the task's own read.
    expect(Object.keys(tasks.body.items[0])).not.toEqual(expect.arrayContaining(['explanation']));
    const task = await request(app.getHttpServer())
      .get(`/api/v1/tasks/${tasks.body.items[0].taskId as string}`)
      .set('authorization', auth)
      .expect(200);
    expect(task.body.explanation).toContain(`10 uger efter forberedende del påbegyndt ${startedOn}`);
    expect(task.body.legalBasis).toEqual({ text: expect.any(String), tag: expect.any(String) });

    // Other teams see nothing of it.
    const other = await request(app.getHttpServer())
      .get('/api/v1/tasks')
      .set('authorization', await e2e.token('caseworker', ['some-other-team']))
      .expect(200);
    expect(other.body.items).toEqual([]);

    // Visitation meets it (late): it leaves the open inbox, and the contact duty appears.
    const visit = await request(app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', auth)
      .send({ eventId: 'visit-1', type: 'VISITATION_DECIDED', date: today() })
      .expect(200);
    expect(visit.body.obligations.find((o: { code: string }) => o.code === 'phase1-target').status).toBe('met-late');
    const after = await request(app.getHttpServer()).get('/api/v1/tasks').set('authorization', auth).expect(200);
    expect(after.body.items.map((t: { code: string }) => t.code)).not.toContain('phase1-target');
    expect(after.body.items.map((t: { code: string }) => t.code)).toContain('contact-14d');

    // Re-sending the same event is a no-op with the same answer.
    const again = await request(app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', auth)
      .send({ eventId: 'visit-1', type: 'VISITATION_DECIDED', date: today() })
      .expect(200);
    expect(again.body.accepted).toEqual([{ eventId: 'visit-1', duplicate: true }]);

    const view = await request(app.getHttpServer())
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', auth)
      .expect(200);
    expect(view.body).toMatchObject({ id: caseId, team, phase: 'LY' });
    expect(view.body.events.map((e: { eventId: string }) => e.eventId)).toEqual(['prep-1', 'case-opened', 'visit-1']);
  });

  it('answers bad input with problem details and a stable code', async () => {
    const auth = await e2e.token('caseworker', ['a']);
    const cpr = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({ citizenRef: '010190-1234', team: 'a', birthDate: '1990-01-01' })
      .expect(400);
    expect(cpr.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(cpr.body).toMatchObject({ status: 400, code: 'CPR_NOT_ALLOWED' });

    const badDate = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({ citizenRef: 'x', team: 'a', birthDate: '1990-02-30' })
      .expect(400);
    expect(badDate.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'birthDate' }] });

    const badEvent = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({
        citizenRef: 'x',
        team: 'a',
        birthDate: '1990-01-01',
        events: [{ eventId: 'e', type: 'NOPE', date: today() }],
      })
      .expect(400);
    expect(badEvent.body.code).toBe('INVALID_EVENT');

    const future = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({
        citizenRef: 'x',
        team: 'a',
        birthDate: '1990-01-01',
        events: [{ eventId: 'e', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), 2) }],
      })
      .expect(422);
    expect(future.body.code).toBe('EVENT_IN_FUTURE');

    await request(app.getHttpServer())
      .post(`/api/v1/cases/${randomUUID()}/events`)
      .set('authorization', auth)
      .send({ eventId: 'e', type: 'CASE_CLOSED', date: today() })
      .expect(404);
    const notJson = await request(app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', auth)
      .set('content-type', 'application/json')
      .send('{"citizenRef":')
      .expect(400);
    expect(notJson.body.code).toBe('VALIDATION_FAILED');
    const badCursor = await request(app.getHttpServer())
      .get('/api/v1/tasks')
      .set('authorization', auth)
      .query({ cursor: 'zzz' })
      .expect(400);
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
  });
});
