import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SystemClock } from '@frist/config';
import { addDaysIso, caseWorkflowId, copenhagenDate, reevaluateSignal } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';
import type { JobtalkQuotaReport } from './jobtalk-quota.service';

type App = Awaited<ReturnType<typeof createApp>>;

const MIG_2026 = { id: 'MIG-2026', publishedOn: '2026-12-07' } as const;

/**
 * Fleksjob cases through API → case workflow → engine (MIG-2026 taken through the re-evaluation signal, as the
 * rollout sends it) → projection (case_jobtalk_periods) → the managers' quota endpoint and the caseworkers'
 * exemption share. Dated relative to today (the API's clock), with every period inside the 2026 law.
 */
describe('job-talk quota end to end', () => {
  let e2e: ApiE2e<App>;
  const a = `kvote-a-${randomUUID().slice(0, 6)}`;
  const b = `kvote-b-${randomUUID().slice(0, 6)}`;
  const today = copenhagenDate(new SystemClock().now().getTime());
  const day = (n: number) => addDaysIso(today, n);
  const from = day(-120);
  const to = day(200);
  const cases: Record<string, string> = {};
  let cwA: string;

  const http = () => request(e2e.app.getHttpServer());
  const quota = async (
    query: Record<string, string>,
    teams: string[],
    status = 200,
    role: 'manager' | 'caseworker' = 'manager',
  ) =>
    http()
      .get('/api/v1/dashboard/jobtalk-quota')
      .query(query)
      .set('authorization', await e2e.token(role, teams))
      .expect(status);
  const createCase = async (name: string, team: string, events: Record<string, unknown>[]) => {
    const res = await http()
      .post('/api/v1/cases')
      .set('authorization', await e2e.token('caseworker', [team]))
      .send({
        citizenRef: `ref-${name}`,
        team,
        birthDate: '1975-05-05',
        events: events.map((e, i) => ({ eventId: `${name}-${i}`, ...e })),
      })
      .expect(201);
    cases[name] = res.body.caseId as string;
  };
  const talk = (n: number) => ({ type: 'CONTACT_HELD', date: day(n), form: 'in-person' });
  const periods = async (caseId: string) =>
    (await e2e.ds.query<unknown[]>('SELECT 1 FROM case_jobtalk_periods WHERE case_id = $1', [caseId])).length;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    cwA = await e2e.token('caseworker', [a]);
    // S = today − 170, so L ≈ today + 12: a1 (1 talk) cannot reach 4 talks at one per 28 days; a2 has 4; a3 will be
    // exempted after its first talk; b1 (another team) is at risk like a1.
    await createCase('a1', a, [{ type: 'VISITATION_DECIDED', date: day(-170) }, talk(-160)]);
    await createCase('a2', a, [{ type: 'VISITATION_DECIDED', date: day(-170) }, ...[-160, -130, -100, -70].map(talk)]);
    await createCase('a3', a, [{ type: 'VISITATION_DECIDED', date: day(-170) }, talk(-160), talk(-120)]);
    await createCase('b1', b, [{ type: 'VISITATION_DECIDED', date: day(-170) }, talk(-160)]);
    // A case that never takes MIG-2026: its workflow refuses the 2026 event types.
    const unmigrated = await http()
      .post('/api/v1/cases')
      .set('authorization', cwA)
      .send({ citizenRef: 'ref-u1', team: a, birthDate: '1975-05-05', events: [] })
      .expect(201);
    const refused = await http()
      .post(`/api/v1/cases/${unmigrated.body.caseId as string}/events`)
      .set('authorization', cwA)
      .send({ eventId: 'u1-x', type: 'JOBTALKS_EXEMPTED', date: day(-1), reason: 'selvhjulpen' })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_EVENT', detail: expect.stringContaining('MIG-2026') });
    // The rollout's signal: every case takes MIG-2026 and is projected with its periods.
    for (const caseId of Object.values(cases))
      await e2e.env.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .signal(reevaluateSignal, { cause: 'rule-set-change', ruleSet: 'MIG-2026', migration: MIG_2026 });
    await eventually(
      async () => (await Promise.all(Object.values(cases).map(periods))).every((n) => n === 1),
      'periods projected',
    );
    // Recorded after the migration: a 2026 event.
    await http()
      .post(`/api/v1/cases/${cases.a3}/events`)
      .set('authorization', cwA)
      .send({ eventId: 'a3-x', type: 'JOBTALKS_EXEMPTED', date: day(-100), reason: 'selvhjulpen' })
      .expect(200);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('per quarter: met, exempted, open, the status and the at-risk case of the manager’s team', async () => {
    const { body } = (await quota({ from, to }, [a])) as { body: JobtalkQuotaReport };
    expect(body).toMatchObject({ today, from, to, teams: [a] });
    expect(body.total).toEqual({
      cohortSize: 3,
      met: 1,
      exempted: 1,
      short: 0,
      endedEarly: 0,
      open: 1,
      denominator: 2,
      metShare: 0.5,
      exemptedShare: 0.5,
      metSharePercent: 50,
      exemptedSharePercent: 50,
      status: 'incomplete',
    });
    expect(body.quarters.reduce((n, q) => n + q.cohortSize, 0)).toBe(3);
    expect(body.atRisk).toEqual([
      expect.objectContaining({ caseId: cases.a1, citizenRef: 'ref-a1', team: a, heldCount: 1, talksNeeded: 3 }),
    ]);
    expect(body.atRiskTotal).toBe(1);
    // Drill-down: the case behind the at-risk figure, and behind "met".
    const risk = await http()
      .get('/api/v1/dashboard/jobtalk-quota/cases')
      .query({ from, to, outcome: 'at-risk' })
      .set('authorization', await e2e.token('manager', [a]))
      .expect(200);
    expect(risk.body.items.map((p: { caseId: string }) => p.caseId)).toEqual([cases.a1]);
    const met = await http()
      .get('/api/v1/dashboard/jobtalk-quota/cases')
      .query({ from, to, outcome: 'met' })
      .set('authorization', await e2e.token('manager', [a]))
      .expect(200);
    expect(met.body.items).toEqual([expect.objectContaining({ caseId: cases.a2, heldCount: 4, outcome: 'met' })]);
  });

  it('team scoping: both teams of a manager count together; a team not theirs is 403, a caseworker is refused', async () => {
    const both = await quota({ from, to }, [a, b]);
    expect(both.body.total).toMatchObject({ cohortSize: 4, open: 2 });
    expect(both.body.atRiskTotal).toBe(2);
    const onlyB = await quota({ from, to, team: b }, [a, b]);
    expect(onlyB.body.atRisk).toEqual([expect.objectContaining({ caseId: cases.b1 })]);
    expect((await quota({ from, to, team: b }, [a], 403)).body.code).toBe('FORBIDDEN');
    expect((await quota({ from, to }, [a], 403, 'caseworker')).body.code).toBe('FORBIDDEN');
  });

  it('refuses empty and invalid parameters with 400 VALIDATION_FAILED', async () => {
    for (const query of <Record<string, string>[]>[
      { from: '', to },
      { from, to: '' },
      { from },
      { from: to, to: from },
      { from: '2026-01-01', to: '2028-06-30' },
      { from: '2027-02-30', to },
      { team: '' },
      { limit: '' },
      { limit: '0' },
      { limit: '1.5' },
      { limit: 'ten' },
      { format: 'xml' },
    ]) {
      const res = await quota(query, [a], 400);
      expect([query, res.body.code]).toEqual([query, 'VALIDATION_FAILED']);
    }
    const cases400 = await http()
      .get('/api/v1/dashboard/jobtalk-quota/cases')
      .query({ outcome: 'late', offset: '' })
      .set('authorization', await e2e.token('manager', [a]))
      .expect(400);
    expect(cases400.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers CSV through the one CSV writer, by format or by Accept', async () => {
    const byFormat = await quota({ from, to, format: 'csv' }, [a]);
    expect(byFormat.headers['content-type']).toMatch(/^text\/csv/);
    expect(byFormat.headers['content-disposition']).toContain(`jobsamtaler-andel-${today}.csv`);
    const lines = byFormat.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'kvartal;fra;til;perioder;opfyldt;undtaget;for få samtaler;afsluttet før tid;åbne;grundlag;' +
        'ledighedsydelse-andel opfyldt %;andel undtaget %;status',
    );
    expect(lines[lines.length - 1]).toMatch(/^i alt;.*;3;1;1;0;0;1;2;50;50;ikke afsluttet \(åbne perioder\)$/);
    const byAccept = await http()
      .get('/api/v1/dashboard/jobtalk-quota/cases')
      .query({ from, to, outcome: 'at-risk' })
      .set('accept', 'text/csv')
      .set('authorization', await e2e.token('manager', [a]))
      .expect(200);
    expect(byAccept.text).toContain('ref-a1');
  });

  it('shows the caseworker the exempted share when recording an exemption, warns above 25 % and never refuses', async () => {
    const lastDay = (
      await e2e.ds.query<{ l: string }[]>(
        `SELECT to_char(last_day, 'YYYY-MM-DD') AS l FROM case_jobtalk_periods WHERE case_id = $1`,
        [cases.a1],
      )
    )[0].l;
    const share = await http()
      .get('/api/v1/dashboard/jobtalk-quota/exemption-share')
      .query({ team: a, on: lastDay })
      .set('authorization', cwA)
      .expect(200);
    expect(share.body.team).toMatchObject({
      team: a,
      exempted: 1,
      denominator: 2,
      exemptedSharePercent: 50,
      exceeded: true,
    });
    expect(share.body.municipality).toMatchObject({ exempted: 1, exceeded: true });
    await http()
      .get('/api/v1/dashboard/jobtalk-quota/exemption-share')
      .query({ team: b })
      .set('authorization', cwA)
      .expect(403);
    // Above the budget, the exemption is still accepted (PC9).
    await http()
      .post(`/api/v1/cases/${cases.a1}/events`)
      .set('authorization', cwA)
      .send({ eventId: 'a1-x', type: 'JOBTALKS_EXEMPTED', date: today, reason: 'selvhjulpen' })
      .expect(200);
    await eventually(async () => {
      const { body } = await quota({ from, to }, [a]);
      return (body as JobtalkQuotaReport).total.exempted === 2;
    }, 'the second exemption in the quota');
  });
});
