import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';
import type { ArmKpis } from './trial-kpis.service';

type App = Awaited<ReturnType<typeof createApp>>;

const talk = { heldBy: 'jobcenter', form: 'in-person' };
const program = 'aht-2009';

/**
 * A participant and a control case of the historical aht-2009 trial through API → case workflow → engine →
 * projection (case_enrolments, tasks) → the managers' KPI endpoint. Dated in 2009, so nothing here rots.
 */
describe('trial KPIs end to end', () => {
  let e2e: ApiE2e<App>;
  const team = `aht-${randomUUID().slice(0, 8)}`;
  let cw: string;
  let manager: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    cw = await e2e.token('caseworker', [team]);
    manager = await e2e.token('manager', [team]);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const createCase = (citizenRef: string, events: Record<string, unknown>[]) =>
    request(e2e.app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        caseType: 'sygedagpenge',
        citizenRef,
        team,
        events: events.map((e, i) => ({ eventId: `${citizenRef}-${i}`, ...e })),
      })
      .expect(201);
  const addEvent = (caseId: string, eventId: string, event: Record<string, unknown>) =>
    request(e2e.app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', cw)
      .send({ eventId, ...event })
      .expect(200);

  it('counts a participant and a control case per arm', async () => {
    // Randomised at the first follow-up on 2009-03-23, after the midtvejsjustering (2009-03-12): v2, L = 2009-07-22.
    const base = [
      { type: 'SICK_LEAVE_STARTED', date: '2009-02-02' },
      { type: 'FIRST_FOLLOWUP_HELD', date: '2009-03-23', ...talk, cadenceWeeks: 4 },
    ];
    const participant = await createCase('aht-p', [
      ...base,
      { type: 'TRIAL_ASSIGNED', date: '2009-03-23', program, arm: 'participant' },
    ]);
    const p = participant.body.caseId as string;
    await addEvent(p, 'c1', { type: 'CONTACT_HELD', date: '2009-03-30', ...talk }); // weekly #1, on time
    await addEvent(p, 'h1', {
      type: 'ACTIVE_OFFER_HOURS_REGISTERED',
      date: '2009-04-07',
      hours: 10,
      offerType: 'lab',
    }); // window 1 (04-06..04-12) met
    await addEvent(p, 'c2', { type: 'CONTACT_HELD', date: '2009-04-08', ...talk, form: 'phone' }); // #2 (due 04-06) late
    // #3 (due 04-15) is never held: cancelled by the exemption after its due date. Window 2 (04-13..04-19) missed.
    await addEvent(p, 'x', { type: 'TRIAL_EXEMPTED', date: '2009-04-20', program, reason: 'return-imminent' });
    await addEvent(p, 'back', { type: 'RETURNED_TO_WORK', date: '2009-05-04' });

    const control = await createCase('aht-c', [
      ...base,
      { type: 'TRIAL_ASSIGNED', date: '2009-03-23', program, arm: 'control' },
    ]);
    const c = control.body.caseId as string;
    await addEvent(c, 'f1', { type: 'SICKNESS_FOLLOWUP_HELD', date: '2009-04-22', ...talk }); // due 04-20: late
    await addEvent(c, 'back', { type: 'RETURNED_TO_WORK', date: '2009-05-04' });

    const res = await request(e2e.app.getHttpServer())
      .get('/api/v1/dashboard/trials')
      .query({ programme: program, team })
      .set('authorization', manager)
      .expect(200);
    const [pk, ck] = res.body.arms as ArmKpis[];
    expect(pk).toMatchObject({
      arm: 'participant',
      enrolled: 1,
      caseWeeks: 4, // 03-23..04-19
      outcomes: { exempted: 1 },
      exemptions: {
        exempted: 1,
        rate: 1,
        byReason: [{ code: 'return-imminent', count: 1, rate: 1 }],
        byVersion: [{ version: 'aht-2009-mj', count: 1 }],
      },
      weeklyContacts: { planned: 3, held: 2, onTime: 1 },
      // The first follow-up (due Fri 03-27: 03-29 is a Sunday); follow-up #1 falls due 04-20, after the window.
      statutory: { planned: 1, held: 1, onTime: 1 },
      conversations: { held: 2 },
      activity: { hours: 10, labHours: 10, windows: { met: 1, missed: 1, shareMet: 0.5, registeredHours: 10 } },
    });
    expect(ck).toMatchObject({
      arm: 'control',
      enrolled: 1,
      caseWeeks: 6, // 03-23..05-03
      outcomes: { 'returned-to-work': 1 },
      exemptions: { exempted: 0, rate: 0 },
      weeklyContacts: null,
      statutory: { planned: 2, held: 2, onTime: 1 },
      conversations: { held: 1 },
      activity: { hours: 0, windows: null },
    });
    expect(res.body.exemptionGap).toMatchObject({ participantRate: 1, controlRate: 0, ratio: null, flag: 'watch' });
  }, 60_000);
});
