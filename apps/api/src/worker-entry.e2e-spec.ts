import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from './create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * Smoke test of apps/worker's own entry point (main.ts, its Nest module, its activities, its shutdown) as a real
 * process, driven through the API: the other e2e files run a worker assembled inside Jest.
 */
describe('the worker entry point as a process', () => {
  jest.setTimeout(180_000);
  let e2e: ApiE2e<App>;
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp, worker: 'process' });
  });
  afterAll(() => e2e?.close());

  it('runs the case workflow and its projection, then drains and exits 0 on SIGTERM', async () => {
    const http = () => request(e2e.app.getHttpServer());
    const cw = await e2e.token('caseworker', ['team-w'], 'cw-w');
    // Answered only once the worker process has applied the events and projected the tasks.
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        citizenRef: 'worker-entry-1',
        team: 'team-w',
        birthDate: '1980-01-01',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -5) }],
      })
      .expect(201);
    const caseId = created.body.caseId as string;
    const inbox = await http().get('/api/v1/tasks').query({ caseId }).set('authorization', cw).expect(200);
    const contact = (inbox.body.items as { taskId: string; code: string; version: number }[]).find(
      (t) => t.code === 'contact-14d',
    );
    expect(contact).toBeDefined();

    // A task action goes through the same worker: the contact is met and the next one is projected.
    const done = await http()
      .post(`/api/v1/tasks/${contact!.taskId}/complete`)
      .set('authorization', cw)
      .set('if-match', `"${contact!.version}"`)
      .send({ eventId: 'contact-1', form: 'phone', date: today() })
      .expect(200);
    expect(done.body.task).toMatchObject({ taskId: contact!.taskId, status: 'met' });

    await e2e.stopWorker(); // SIGTERM: throws unless the process drains and exits 0
  });
});
