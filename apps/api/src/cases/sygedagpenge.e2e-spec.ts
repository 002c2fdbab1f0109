import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface Obligation {
  code: string;
  occurrence: number;
  status: string;
  legalBasis: { text: string; tag: string } | null;
}

/** A sygedagpenge case through API → workflow → engine → read model, with its own event vocabulary. */
describe('sygedagpenge cases end to end', () => {
  let e2e: ApiE2e<App>;
  const team = `sdp-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let cw: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    cw = await e2e.token('caseworker', [team]);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('raises the 8-week first follow-up, meets it, and starts the chosen cadence; fleksjob events are refused', async () => {
    const created = await request(e2e.app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        caseType: 'sygedagpenge',
        citizenRef: 'sdp-ref',
        team,
        birthDate: '1975-05-05',
        events: [{ eventId: 'sick', type: 'SICK_LEAVE_STARTED', date: addDaysIso(today(), -70) }],
      })
      .expect(201);
    const caseId = created.body.caseId as string;
    expect((created.body.obligations as Obligation[]).map((o) => [o.code, o.status])).toEqual([
      ['sdp-first-followup', 'overdue'],
    ]);
    expect(await e2e.ds.query(`SELECT case_type FROM cases WHERE id = $1`, [caseId])).toEqual([
      { case_type: 'sygedagpenge' },
    ]);

    // Who held the talk decides whether it counts: never defaulted (Z16).
    const unheld = await request(e2e.app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', cw)
      .send({ eventId: 'first', type: 'FIRST_FOLLOWUP_HELD', date: today(), cadenceWeeks: 8, form: 'in-person' })
      .expect(400);
    expect(unheld.body.code).toBe('INVALID_EVENT');
    expect(JSON.stringify(unheld.body)).toContain('heldBy');

    const held = await request(e2e.app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', cw)
      .send({
        eventId: 'first',
        type: 'FIRST_FOLLOWUP_HELD',
        date: today(),
        cadenceWeeks: 8,
        form: 'in-person',
        heldBy: 'jobcenter',
      })
      .expect(200);
    const obligations = held.body.obligations as Obligation[];
    expect(obligations.find((o) => o.code === 'sdp-first-followup')?.status).toBe('met-late');
    expect(obligations.find((o) => o.code === 'sdp-followup')).toMatchObject({ occurrence: 1, status: 'open' });

    const tasks = await request(e2e.app.getHttpServer())
      .get('/api/v1/tasks')
      .query({ team })
      .set('authorization', cw)
      .expect(200);
    expect(tasks.body.items.map((t: { code: string }) => t.code)).toEqual(['sdp-followup']);
    // The caseworker sees the legal basis ("Hjemmel") on the case's rows and on the task (law-2026 §L).
    const historic = {
      text: 'Historisk regel (2009): opfølgning hver 4. eller 8. uge; ikke efterprøvet mod gældende lov',
      tag: 'I',
    };
    const task = await request(e2e.app.getHttpServer())
      .get(`/api/v1/tasks/${tasks.body.items[0].taskId as string}`)
      .set('authorization', cw)
      .expect(200);
    expect(task.body.legalBasis).toEqual(historic);
    const page = await request(e2e.app.getHttpServer())
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', cw)
      .expect(200);
    const rows = page.body.obligations as Obligation[];
    expect(rows.find((o) => o.code === 'sdp-followup')?.legalBasis).toEqual(historic);
    expect(rows.find((o) => o.code === 'sdp-first-followup')?.legalBasis).toEqual({
      text: 'sygedagpengeloven § 13 b, stk. 1 (LBK nr. 1179/2023)',
      tag: 'L',
    });

    const wrong = await request(e2e.app.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', cw)
      .send({ eventId: 'visit', type: 'VISITATION_DECIDED', date: today() })
      .expect(400);
    expect(wrong.body.code).toBe('INVALID_EVENT');
  });
});
