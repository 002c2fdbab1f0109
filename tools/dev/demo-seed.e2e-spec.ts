import request from 'supertest';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../../apps/api/src/create-app';
import { TRIAL_DEMO_TEAM, trialDemoCases } from './demo-cases';

type App = Awaited<ReturnType<typeof createApp>>;

/** The trial demo cases `npm run dev` seeds go through the real API and workflow and show up on the Forsøg page. */
describe('trial demo seed', () => {
  let e2e: ApiE2e<App>;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('is accepted by the API and shows the fritagelse imbalance per arm', async () => {
    const seeder = await e2e.token('manager', [TRIAL_DEMO_TEAM], 'dev-seed');
    for (const c of trialDemoCases())
      await request(e2e.app.getHttpServer()).post('/api/v1/cases').set('authorization', seeder).send(c).expect(201);
    const res = await request(e2e.app.getHttpServer())
      .get('/api/v1/dashboard/trials')
      .query({ programme: 'aht-2009' })
      .set('authorization', seeder)
      .expect(200);
    const [participant, control] = res.body.arms as { enrolled: number; exemptions: { exempted: number } }[];
    expect([participant.enrolled, participant.exemptions.exempted, control.enrolled, control.exemptions.exempted]).toEqual(
      [6, 3, 6, 1],
    );
    expect(res.body.exemptionGap).toMatchObject({ participantRate: 0.5, controlRate: 0.167, ratio: 3, flag: 'watch' });
  }, 120_000);
});
