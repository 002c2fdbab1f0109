import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface Obligation {
  code: string;
  occurrence: number;
  status: string;
}
interface Enrolment {
  program: string;
  arm: string;
  version: string;
  assignedOn: string;
  lastDayOn: string;
  status: string;
  endedOn: string | null;
  outcome: string | null;
  exemptionReason: string | null;
  exemptionReasonText: string | null;
}
interface AuditItem {
  actor: string | null;
  action: string;
  details: Record<string, unknown>;
}

/**
 * Trial decisions through the API against real Postgres and Temporal: API → workflow → engine → read model, with
 * audit entries. The historical programme aht-2009 (enrolment window 2009, midtvejsjustering 2009-03-12) keeps every
 * date in the past, so the dates here never rot.
 */
describe('trial assign / exempt end to end (aht-2009)', () => {
  let e2e: ApiE2e<App>;
  const team = `trial-${randomUUID().slice(0, 8)}`;
  let cw: string;
  let other: string;
  let ops: string;
  const http = () => request(e2e.app.getHttpServer());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cw, other, ops] = await Promise.all([
      e2e.token('caseworker', [team], 'cw-trial'),
      e2e.token('caseworker', [`${team}-x`], 'cw-other'),
      e2e.token('ops', [], 'ops-1'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  /** A sygedagpenge case sick from 2009-01-05 whose 8-week talk was held on 2009-02-25 (the randomisation date). */
  const sickCase = async (): Promise<string> => {
    const res = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        caseType: 'sygedagpenge',
        citizenRef: `ref-${randomUUID().slice(0, 6)}`,
        team,
        events: [
          { eventId: 'sick', type: 'SICK_LEAVE_STARTED', date: '2009-01-05' },
          {
            eventId: 'first',
            type: 'FIRST_FOLLOWUP_HELD',
            date: '2009-02-25',
            heldBy: 'jobcenter',
            form: 'in-person',
            cadenceWeeks: 4,
          },
        ],
      })
      .expect(201);
    return res.body.caseId as string;
  };
  const assign = (caseId: string, body: object, token = cw) =>
    http().post(`/api/v1/cases/${caseId}/trials/aht-2009/assign`).set('authorization', token).send(body);
  const exempt = (caseId: string, body: object, program = 'aht-2009') =>
    http().post(`/api/v1/cases/${caseId}/trials/${program}/exempt`).set('authorization', cw).send(body);
  const audit = async (caseId: string) =>
    (await http().get(`/api/v1/cases/${caseId}/audit`).set('authorization', cw).expect(200)).body.items as AuditItem[];
  const enrolments = async (caseId: string) =>
    (await http().get(`/api/v1/cases/${caseId}/trials`).set('authorization', cw).expect(200)).body.items as Enrolment[];

  it('stores no birth date for a sygedagpenge case, and still requires one for fleksjob (H2)', async () => {
    const caseId = await sickCase();
    const view = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cw).expect(200);
    expect(view.body).toMatchObject({ caseType: 'sygedagpenge', birthDate: null, phase: 'SICK' });
    expect(await e2e.ds.query(`SELECT birth_date, phase FROM cases WHERE id = $1`, [caseId])).toEqual([
      { birth_date: null, phase: 'SICK' },
    ]);
    // A birth date sent with a sygedagpenge case is dropped, not stored.
    const withBirth = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({ caseType: 'sygedagpenge', citizenRef: 'ref-b', team, birthDate: '1970-01-01' })
      .expect(201);
    expect(await e2e.ds.query(`SELECT birth_date FROM cases WHERE id = $1`, [withBirth.body.caseId as string])).toEqual(
      [{ birth_date: null }],
    );
    const fleks = await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({ citizenRef: 'ref-f', team })
      .expect(400);
    expect(fleks.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'birthDate' }] });
  });

  it('randomises into the participant arm with a reason: overlay tasks, enrolment, audit; idempotent', async () => {
    const caseId = await sickCase();
    const res = await assign(caseId, {
      arm: 'participant',
      date: '2009-02-25',
      reason: 'randomiseret ved 8-ugers samtalen',
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([{ eventId: 'trial-assigned:aht-2009', duplicate: false }]);
    const obligations = res.body.obligations as Obligation[];
    expect(obligations.find((o) => o.code === 'aht-weekly-contact' && o.occurrence === 1)).toBeDefined();
    // Nobody registered hours: every 7-day window of the 4-month period ended unmet (T3 `missed`, final).
    const windows = obligations.filter((o) => o.code === 'aht-activity-10h');
    expect(windows.length).toBeGreaterThan(10);
    expect(new Set(windows.map((w) => w.status))).toEqual(new Set(['missed']));
    // L = 2009-06-24 is long past: the enrolment completed at its period end.
    const expected = {
      program: 'aht-2009',
      arm: 'participant',
      version: 'aht-2009',
      assignedOn: '2009-02-25',
      lastDayOn: '2009-06-24',
      status: 'completed',
      endedOn: '2009-06-25',
      outcome: 'period-ended',
      exemptionReason: null,
    };
    expect(res.body.enrolments).toEqual([expect.objectContaining(expected)]);
    expect(await enrolments(caseId)).toEqual([expect.objectContaining(expected)]);
    const missed = await http()
      .get('/api/v1/tasks')
      .query({ team, caseId, status: 'missed', code: 'aht-activity-10h' })
      .set('authorization', cw)
      .expect(200);
    expect(missed.body.items).toHaveLength(windows.length);

    // The same request again: the workflow answers it as a duplicate and the audit trail keeps one entry.
    const again = await assign(caseId, {
      arm: 'participant',
      date: '2009-02-25',
      reason: 'randomiseret ved 8-ugers samtalen',
    });
    expect(again.status).toBe(200);
    expect(again.body.accepted).toEqual([{ eventId: 'trial-assigned:aht-2009', duplicate: true }]);
    const trail = (await audit(caseId)).filter((a) => a.action === 'TRIAL_ASSIGNED');
    expect(trail).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actor: 'cw-trial',
        action: 'TRIAL_ASSIGNED',
        details: {
          eventId: 'trial-assigned:aht-2009',
          program: 'aht-2009',
          version: 'aht-2009',
          arm: 'participant',
          date: '2009-02-25',
          reason: 'randomiseret ved 8-ugers samtalen',
        },
      },
    ]);
    // The same key for another decision is a conflict; a second assignment under another key: already enrolled.
    const conflict = await assign(caseId, { arm: 'control', date: '2009-02-25', reason: 'x' });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'EVENT_ID_CONFLICT']);
    const twice = await assign(caseId, { eventId: 'assign-2', arm: 'control', date: '2009-02-25', reason: 'x' });
    expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_ENROLLED']);
    expect(twice.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses an assignment the engine would ignore, with a coded problem and nothing in the timeline', async () => {
    const caseId = await sickCase();
    const cases: [object, number, string][] = [
      // Randomisation happens at the first follow-up talk (U0, X6): not on another day.
      [{ arm: 'participant', date: '2009-02-26', reason: 'r' }, 422, 'TRIAL_ENTRY_NOT_MET'],
      [{ arm: 'participant', date: '2010-02-25', reason: 'r' }, 422, 'TRIAL_ENTRY_NOT_MET'],
      [{ arm: 'treatment', date: '2009-02-25', reason: 'r' }, 400, 'TRIAL_ARM_NOT_FOUND'],
      [{ arm: 'participant', date: '2009-02-25' }, 400, 'VALIDATION_FAILED'],
      [{ arm: 'participant', date: '2009-02-25', reason: '  ' }, 400, 'VALIDATION_FAILED'],
      [{ arm: 'participant', date: '2199-01-01', reason: 'r' }, 422, 'EVENT_IN_FUTURE'],
      // Beyond the engine's calendar (1900–2199): not a date frist takes.
      [{ arm: 'participant', date: '2999-01-01', reason: 'r' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await assign(caseId, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const entry = await assign(caseId, { arm: 'participant', date: '2009-02-26', reason: 'r' });
    expect(entry.body.detail).toMatch(/first follow-up/i);
    const unknown = await http()
      .post(`/api/v1/cases/${caseId}/trials/aht-2030/assign`)
      .set('authorization', cw)
      .send({ arm: 'participant', reason: 'r' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PROGRAMME_NOT_FOUND']);
    // Role and team scope as for every caseworker write.
    expect((await assign(caseId, { arm: 'participant', date: '2009-02-25', reason: 'r' }, ops)).status).toBe(403);
    const foreign = await assign(caseId, { arm: 'participant', date: '2009-02-25', reason: 'r' }, other);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'CASE_NOT_FOUND']);

    const events: { type: string }[] = await e2e.ds.query(`SELECT type FROM case_events WHERE case_id = $1`, [caseId]);
    expect(events.map((e) => e.type).filter((t) => t.startsWith('TRIAL_'))).toEqual([]);
    expect(await enrolments(caseId)).toEqual([]);
    expect((await audit(caseId)).filter((a) => a.action.startsWith('TRIAL_'))).toEqual([]);
  });

  it('exempts with a reason code in force on the date (U3), cancels the open overlays, and audits code and note', async () => {
    const caseId = await sickCase();
    const notEnrolled = await exempt(caseId, { reasonCode: 'terminal-illness', date: '2009-03-02' });
    expect([notEnrolled.status, notEnrolled.body.code]).toEqual([409, 'NOT_ENROLLED']);
    await assign(caseId, { arm: 'participant', date: '2009-02-25', reason: 'randomiseret' }).expect(200);

    // return-imminent came with the midtvejsjustering of 2009-03-12 (S3, transposed back to aht-2009).
    const early = await exempt(caseId, { reasonCode: 'return-imminent', date: '2009-03-08' });
    expect([early.status, early.body.code]).toEqual([422, 'REASON_NOT_EFFECTIVE']);
    expect(early.body.detail).toContain('2009-03-12');
    const unknown = await exempt(caseId, { reasonCode: 'bored', date: '2009-03-13' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'REASON_CODE_NOT_FOUND']);
    const before = await exempt(caseId, { reasonCode: 'terminal-illness', date: '2009-02-20' });
    expect([before.status, before.body.code]).toEqual([409, 'NOT_ENROLLED']);

    const res = await exempt(caseId, {
      reasonCode: 'health-treatment',
      date: '2009-03-13',
      note: 'genoptræning på hospitalet 3 dage om ugen',
    });
    expect(res.status).toBe(200);
    expect(res.body.enrolments).toEqual([
      expect.objectContaining({
        arm: 'participant',
        status: 'exempted',
        endedOn: '2009-03-13',
        outcome: 'exempted',
        exemptionReason: 'health-treatment',
        exemptionReasonText: 'behandling/genoptræning i sundhedssystemet',
      }),
    ]);
    const overlays = (res.body.obligations as Obligation[]).filter((o) => o.code.startsWith('aht-'));
    // Contact #1 (due 2009-03-04, never held) and window 1 (from 2009-03-11) were open: both cancelled on 03-13.
    expect(overlays.map((o) => [o.code, o.occurrence, o.status])).toEqual(
      expect.arrayContaining([
        ['aht-weekly-contact', 1, 'cancelled'],
        ['aht-activity-10h', 1, 'cancelled'],
      ]),
    );
    expect(overlays.every((o) => o.status === 'cancelled')).toBe(true);
    const trail = (await audit(caseId)).filter((a) => a.action === 'TRIAL_EXEMPTED');
    expect(trail.map((a) => [a.actor, a.details])).toEqual([
      [
        'cw-trial',
        {
          eventId: 'trial-exempted:aht-2009',
          program: 'aht-2009',
          version: 'aht-2009-mj',
          date: '2009-03-13',
          reasonCode: 'health-treatment',
          reasonText: 'behandling/genoptræning i sundhedssystemet',
          note: 'genoptræning på hospitalet 3 dage om ugen',
        },
      ],
    ]);
    // A fritagelse is final (X10): a second one finds no active enrolment.
    const again = await exempt(caseId, { eventId: 'exempt-2', reasonCode: 'terminal-illness', date: '2009-03-20' });
    expect([again.status, again.body.code]).toEqual([409, 'NOT_ENROLLED']);
    expect(again.body.detail).toContain('2009-03-13');
  });

  it('completes a sygedagpenge task through the tasks endpoint with the case type’s own meeting event', async () => {
    const caseId = await sickCase();
    const list = await http()
      .get('/api/v1/tasks')
      .query({ team, caseId, code: 'sdp-followup' })
      .set('authorization', cw)
      .expect(200);
    const [task] = list.body.items as { taskId: string; version: number; status: string; dueOn: string }[];
    expect(task).toMatchObject({ status: 'overdue', dueOn: '2009-03-25' });
    const done = await http()
      .post(`/api/v1/tasks/${task.taskId}/complete`)
      .set('authorization', cw)
      .set('if-match', `"${task.version}"`)
      .send({ eventId: 'followup-1', date: '2009-03-20', heldBy: 'jobcenter', form: 'phone' })
      .expect(200);
    expect(done.body.task).toMatchObject({ status: 'met', closedOn: '2009-03-20' });
    const next = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cw).expect(200);
    expect(
      (next.body.obligations as Obligation[]).filter((o) => o.code === 'sdp-followup').map((o) => o.status),
    ).toEqual(['met', 'overdue']);
  });

  it('records and exempts a control enrolment: no overlay tasks, same codes (S4b)', async () => {
    const caseId = await sickCase();
    const assigned = await assign(caseId, { arm: 'control', date: '2009-02-25', reason: 'kontrolgruppe' }).expect(200);
    expect((assigned.body.obligations as Obligation[]).filter((o) => o.code.startsWith('aht-'))).toEqual([]);
    await exempt(caseId, { reasonCode: 'pregnancy-related', date: '2009-03-02' }).expect(200);
    expect(await enrolments(caseId)).toEqual([
      expect.objectContaining({ arm: 'control', status: 'exempted', exemptionReason: 'pregnancy-related' }),
    ]);
  });
});
