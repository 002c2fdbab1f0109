import request from 'supertest';
import { Worker } from '@temporalio/worker';
import { fristDataConverter } from '@frist/codec';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { caseActivities, bundledWorkflows, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * A task action whose first attempt timed out (here: no worker, so the update waits) is retried by the client with
 * the same eventId and the same If-Match. The first attempt already bumped the task's version, so by the ETag the
 * retry is stale; it must still answer as the first would have, and the event must be applied once.
 */
describe('a retried task action with the same eventId answers as the first (fault path)', () => {
  jest.setTimeout(180_000);
  let e2e: ApiE2e<App>;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const team = 'fleks-retry';
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
  });
  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await e2e?.close();
  });

  it('answers 200 (not 412) to a retry after a timeout, and the contact is registered once', async () => {
    const http = () => request(e2e.app.getHttpServer());
    const auth = await e2e.token('caseworker', [team], 'cw-1');
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', auth)
      .send({
        citizenRef: 'retry-1',
        team,
        birthDate: '1981-04-02',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -20) }],
      })
      .expect(201);
    const caseId = created.body.caseId as string;
    const tasks = await http().get(`/api/v1/tasks?caseId=${caseId}&code=contact-14d`).set('authorization', auth);
    const taskId = tasks.body.items[0].taskId as string;
    const etag = (await http().get(`/api/v1/tasks/${taskId}`).set('authorization', auth).expect(200)).headers.etag;

    await e2e.stopWorker();
    const complete = () =>
      http()
        .post(`/api/v1/tasks/${taskId}/complete`)
        .set('authorization', auth)
        .set('if-match', etag)
        .send({ eventId: 'contact-1', form: 'phone' });
    // The first attempt: the client gives up after 3 s (the workflow has no worker to answer).
    await expect(complete().timeout(3_000)).rejects.toMatchObject({ timeout: 3_000 });
    expect((await http().get(`/api/v1/tasks/${taskId}`).set('authorization', auth)).headers.etag).not.toBe(etag);

    // The retry, same eventId and same (now stale) If-Match, while the worker is still away: it waits for the
    // workflow like the first, instead of answering 412 at once.
    const retry = complete().then((r) => r);
    const early = await Promise.race([retry, new Promise((r) => setTimeout(() => r('waiting'), 2_000))]);
    expect(early).toBe('waiting');

    worker = await Worker.create({
      connection: e2e.env.nativeConnection,
      taskQueue: e2e.taskQueue,
      ...(await bundledWorkflows()),
      dataConverter: fristDataConverter(e2e.config.temporal.encryption),
      activities: caseActivities(e2e.ds),
    });
    running = worker.run();
    const answered = await retry;
    expect({ status: answered.status, body: answered.status === 200 ? 'ok' : answered.body }).toEqual({
      status: 200,
      body: 'ok',
    });
    expect(answered.body.task).toMatchObject({ taskId, status: expect.stringMatching(/^met/) });

    // Once more after it went through: still the same answer, whatever the ETag says now.
    const again = await complete().expect(200);
    expect(again.body.accepted).toEqual([{ eventId: 'contact-1', duplicate: true }]);
    const rows: { n: number }[] = await e2e.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND event_id = 'contact-1'`,
      [caseId],
    );
    expect(rows[0].n).toBe(1);
    // A different event under the same eventId is a conflict, not a second registration.
    await http()
      .post(`/api/v1/tasks/${taskId}/complete`)
      .set('authorization', auth)
      .set('if-match', etag)
      .send({ eventId: 'contact-1', form: 'phone', date: addDaysIso(today(), -1) })
      .expect(409);
  });
});
