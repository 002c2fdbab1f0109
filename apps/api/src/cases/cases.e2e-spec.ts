import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDaysIso, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { registerTeams } from '@frist/persistence';
import { startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface CaseItem {
  id: string;
  team: string;
  phase: string;
  nextDueOn: string | null;
}
interface Obligation {
  code: string;
  occurrence: number;
  status: string;
  nominalDueOn: string;
}

/** Cases through HTTP: list with pagination, corrections, moves between teams, closing, the audit trail. */
describe('cases API end to end', () => {
  let e2e: ApiE2e<App>;
  const suffix = randomUUID().slice(0, 8);
  const [teamA, teamB, teamC] = ['ca', 'cb', 'cc'].map((t) => `${t}-${suffix}`) as [string, string, string];
  const today = () => copenhagenDate(Date.now());
  let cwA: string;
  let cwAB: string;
  let cwB: string;
  let mgrA: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cwA, cwAB, cwB, mgrA] = await Promise.all([
      e2e.token('caseworker', [teamA], 'cw-a'),
      e2e.token('caseworker', [teamA, teamB], 'cw-ab'),
      e2e.token('caseworker', [teamB], 'cw-b'),
      e2e.token('manager', [teamA], 'mgr-a'),
    ]);
    // Team C is in the registry though no test user belongs to it: a manager may hand cases to it.
    await registerTeams(e2e.ds, [{ id: teamC, name: 'Fleksjob Centrum' }]);
  });
  afterAll(() => e2e?.close());

  const http = () => request(e2e.app.getHttpServer());
  const createCase = async (token: string, team: string, events: object[] = []) =>
    (
      await http()
        .post('/api/v1/cases')
        .set('authorization', token)
        .send({ citizenRef: `ref-${randomUUID().slice(0, 6)}`, team, birthDate: '1982-06-15', events })
        .expect(201)
    ).body.caseId as string;
  const view = async (id: string, token = cwA) =>
    (await http().get(`/api/v1/cases/${id}`).set('authorization', token).expect(200)).body as {
      team: string;
      phase: string;
      obligations: Obligation[];
      events: {
        eventId: string;
        corrects: string | null;
        retracted: { reason: string; replacedBy: string | null } | null;
      }[];
    };
  const audit = async (id: string, token = cwA) =>
    (await http().get(`/api/v1/cases/${id}/audit`).set('authorization', token).expect(200)).body.items as {
      action: string;
      actor: string | null;
      details: Record<string, unknown>;
    }[];

  it('answers a creation with the case as the read model shows it, and history records only the verdict', async () => {
    // A team of its own: the listing tests count their team's cases.
    const teamD = `cd-${suffix}`;
    const cwD = await e2e.token('caseworker', [teamD], 'cw-d');
    const [citizenRef, idempotencyKey] = [`ref-${randomUUID().slice(0, 6)}`, randomUUID()];
    const res = await http()
      .post('/api/v1/cases')
      .set('authorization', cwD)
      .send({
        citizenRef,
        idempotencyKey,
        team: teamD,
        birthDate: '1982-06-15',
        events: [
          { eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -40) },
          { eventId: 'talk', type: 'CONTACT_HELD', date: addDaysIso(today(), -10), form: 'phone' },
        ],
      })
      .expect(201);
    const body = res.body as Record<string, unknown> & { caseId: string; obligations: Record<string, unknown>[] };
    const shown = (await http().get(`/api/v1/cases/${body.caseId}`).set('authorization', cwD).expect(200)).body as {
      obligations: Record<string, unknown>[];
    } & Record<string, unknown>;
    const fields = ['code', 'occurrence', 'kind', 'status', 'ruleSet', 'title', 'source', 'startedOn'].concat([
      'nominalDueOn',
      'dueOn',
      'explanation',
      'legalBasis',
    ]);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, o[f]]));
    expect(body.obligations.length).toBeGreaterThan(1);
    expect(body.obligations.map(pick)).toEqual(shown.obligations.map(pick));
    // Every due date says why: the answer carries the legal basis as the case view does.
    expect(
      body.obligations.every((o) => typeof (o.legalBasis as { text?: unknown } | undefined)?.text === 'string'),
    ).toBe(true);
    expect(body.obligations.map((o) => o.remindOn ?? null)).toEqual(shown.obligations.map((o) => o.remindOn));
    for (const key of ['team', 'phase', 'nextDueOn', 'closedOn']) expect([key, body[key]]).toEqual([key, shown[key]]);
    expect(body).toMatchObject({
      asOf: today(),
      warnings: [],
      projectionSeq: expect.any(Number),
      facts: { caseId: body.caseId, team: teamD, birthDate: '1982-06-15' },
      accepted: ['case-opened', 'visit', 'talk'].map((eventId) => ({ eventId, duplicate: false })),
    });
    // The idempotent repeat (same key, no events) answers the same case, from the read model too.
    const again = await http()
      .post('/api/v1/cases')
      .set('authorization', cwD)
      .send({ citizenRef, team: teamD, birthDate: '1982-06-15', idempotencyKey })
      .expect(200);
    expect((again.body as typeof body).caseId).toBe(body.caseId);
    expect((again.body as typeof body).obligations).toEqual(body.obligations);
    // The creation's update recorded its verdict, not the occurrences (the read model shows those).
    const history = await e2e.env.client.workflow.getHandle(caseWorkflowId(body.caseId)).fetchHistory();
    const completed = history.events!.find((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    const payload = completed!.workflowExecutionUpdateCompletedEventAttributes!.outcome!.success!.payloads![0].data!;
    const recorded = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    expect(recorded.obligations).toBeUndefined();
    expect(recorded).toMatchObject({ caseId: body.caseId, accepted: body.accepted });
  });

  it('lists the team’s cases by next due date (nothing due last) across pages, without repeats or gaps', async () => {
    // Five cases with phase-1 deadlines 10..50 days apart, one with nothing due.
    const ids = await Promise.all(
      [50, 10, 40, 20, 30].map((ago) =>
        createCase(cwA, teamA, [
          { eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -ago) },
        ]),
      ),
    );
    const idle = await createCase(cwA, teamA);
    await createCase(cwB, teamB); // another team's case never shows
    const seen: CaseItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const res = await http().get('/api/v1/cases').query(query).set('authorization', cwA).expect(200);
      seen.push(...(res.body.items as CaseItem[]));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map((c) => c.id))).toEqual(new Set([...ids, idle]));
    expect(seen.map((c) => c.id)).toEqual([ids[0], ids[2], ids[4], ids[3], ids[1], idle]);
    const dues = seen.map((c) => c.nextDueOn);
    expect(dues.slice(0, 5)).toEqual([...(dues.slice(0, 5) as string[])].sort());
    expect(dues[5]).toBeNull();
    expect(seen.every((c) => c.team === teamA && c.phase === 'PRE')).toBe(true);
    // Phase filter and bad input.
    const ly = await http().get('/api/v1/cases').query({ phase: 'LY,JOB' }).set('authorization', cwA).expect(200);
    expect(ly.body.items).toEqual([]);
    await http().get('/api/v1/cases').query({ phase: 'NOPE' }).set('authorization', cwA).expect(400);
    expect(
      (await http().get('/api/v1/cases').query({ cursor: 'bm9wZQ' }).set('authorization', cwA).expect(400)).body.code,
    ).toBe('INVALID_CURSOR');
  });

  it('searches cases by citizen reference (literal, any case), type, next deadline and overdue, and pages the result', async () => {
    const team = `cs-${suffix}`;
    const token = await e2e.token('caseworker', [team], 'cw-s');
    const make = async (citizenRef: string, events: object[], caseType = 'fleksjob') =>
      (
        await http()
          .post('/api/v1/cases')
          .set('authorization', token)
          .send({ citizenRef, team, caseType, birthDate: '1982-06-15', events })
          .expect(201)
      ).body.caseId as string;
    const prep = (ago: number) => [
      { eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -ago) },
    ];
    const late = await make('Sag-100_A', prep(80)); // phase 1 (10 weeks) overdue
    const soon = await make('sag-1001', prep(60)); // due in 10 days
    const percent = await make('sag%x', prep(5));
    const sick = await make('sag-200', [{ eventId: 's', type: 'SICK_LEAVE_STARTED', date: today() }], 'sygedagpenge');
    const list = async (query: Record<string, string>) =>
      (
        (await http().get('/api/v1/cases').query(query).set('authorization', token).expect(200)).body
          .items as CaseItem[]
      )
        .map((c) => c.id)
        .sort();
    expect(await list({ q: 'sag-100' })).toEqual([late, soon].sort());
    // LIKE's wildcards are literal: "_" and "%" match only themselves.
    expect(await list({ q: '100_' })).toEqual([late]);
    expect(await list({ q: '%' })).toEqual([percent]);
    expect(await list({ caseType: 'sygedagpenge' })).toEqual([sick]);
    expect(await list({ overdue: 'true' })).toEqual([late]);
    expect(await list({ overdue: 'false' })).toEqual([soon, percent, sick].sort());
    expect(await list({ dueBefore: addDaysIso(today(), 20) })).toEqual([late, soon].sort());
    expect(await list({ q: 'SAG-1', overdue: 'false' })).toEqual([soon]);
    const page = await http().get('/api/v1/cases').query({ q: 'sag', limit: '3' }).set('authorization', token);
    expect(page.body.items).toHaveLength(3);
    expect(page.body.items[0]).toMatchObject({ caseType: 'fleksjob', citizenRef: 'Sag-100_A' });
    const rest = await http()
      .get('/api/v1/cases')
      .query({ q: 'sag', limit: '3', cursor: page.body.nextCursor as string })
      .set('authorization', token);
    expect([...page.body.items, ...rest.body.items].map((c: CaseItem) => c.id).sort()).toEqual(
      [late, soon, percent, sick].sort(),
    );
    await http().get('/api/v1/cases').query({ overdue: 'yes' }).set('authorization', token).expect(400);
    await http().get('/api/v1/cases').query({ caseType: 'boat' }).set('authorization', token).expect(400);
  });

  it('corrects and retracts events with a reason: obligations are recomputed and both stay in the trail', async () => {
    const id = await createCase(cwA, teamA, [
      { eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -10) },
      { eventId: 'contact-a', type: 'CONTACT_HELD', date: addDaysIso(today(), -8), form: 'phone' },
    ]);
    // Nominal: the due date before any weekend or holiday shift, so the test holds on any day.
    const contactDue = (v: { obligations: Obligation[] }) =>
      v.obligations.find((o) => o.code === 'contact-14d' && o.status === 'open')?.nominalDueOn;
    expect(contactDue(await view(id))).toBe(addDaysIso(today(), 6));

    // Correct the contact's date: the next contact is due 14 days after the corrected date.
    const corrected = await http()
      .post(`/api/v1/cases/${id}/events/contact-a/correct`)
      .set('authorization', cwA)
      .send({
        reason: 'registered on the wrong day',
        replacement: { eventId: 'contact-a2', type: 'CONTACT_HELD', date: addDaysIso(today(), -5), form: 'video' },
      })
      .expect(200);
    expect(corrected.body.duplicate).toBe(false);
    expect(contactDue(await view(id))).toBe(addDaysIso(today(), 9));

    // Retract the corrected contact: the first contact occurrence is due again, 14 days after the visitation.
    await http()
      .post(`/api/v1/cases/${id}/events/contact-a2/retract`)
      .set('authorization', cwA)
      .send({ reason: 'the meeting did not take place' })
      .expect(200);
    const v = await view(id);
    expect(contactDue(v)).toBe(addDaysIso(today(), 4));
    expect(v.events.find((e) => e.eventId === 'contact-a')?.retracted).toMatchObject({
      reason: 'registered on the wrong day',
      replacedBy: 'contact-a2',
    });
    expect(v.events.find((e) => e.eventId === 'contact-a2')).toMatchObject({
      corrects: 'contact-a',
      retracted: { reason: 'the meeting did not take place', replacedBy: null },
    });
    const trail = await audit(id);
    expect(trail.filter((a) => a.action === 'EVENT_CORRECTED')).toEqual([
      expect.objectContaining({
        actor: 'cw-a',
        details: expect.objectContaining({ eventId: 'contact-a', replacedBy: 'contact-a2' }),
      }),
    ]);
    expect(trail.filter((a) => a.action === 'EVENT_RETRACTED')).toEqual([
      expect.objectContaining({ actor: 'cw-a', details: expect.objectContaining({ eventId: 'contact-a2' }) }),
    ]);

    // Repeating the retraction is a no-op; unknown events, missing reasons and bad replacements are refused.
    const again = await http()
      .post(`/api/v1/cases/${id}/events/contact-a2/retract`)
      .set('authorization', cwA)
      .send({ reason: 'the meeting did not take place' })
      .expect(200);
    expect(again.body.duplicate).toBe(true);
    expect(
      (
        await http()
          .post(`/api/v1/cases/${id}/events/nope/retract`)
          .set('authorization', cwA)
          .send({ reason: 'x' })
          .expect(404)
      ).body.code,
    ).toBe('EVENT_NOT_FOUND');
    expect(
      (await http().post(`/api/v1/cases/${id}/events/visit/retract`).set('authorization', cwA).send({}).expect(400))
        .body.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await http()
          .post(`/api/v1/cases/${id}/events/visit/correct`)
          .set('authorization', cwA)
          .send({ reason: 'x', replacement: { eventId: 'v2', type: 'NOPE', date: today() } })
          .expect(400)
      ).body.code,
    ).toBe('INVALID_EVENT');
  });

  it('moves a case between teams: both teams or a manager; the old team loses sight of it', async () => {
    const id = await createCase(cwA, teamA, [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: today() }]);
    // A caseworker of A only may not hand it to B; one in both teams may.
    expect(
      (
        await http()
          .post(`/api/v1/cases/${id}/move`)
          .set('authorization', cwA)
          .send({ team: teamB, reason: 'r' })
          .expect(403)
      ).body.code,
    ).toBe('FORBIDDEN');
    await http().post(`/api/v1/cases/${id}/move`).set('authorization', cwAB).send({ team: teamB }).expect(400);
    const moved = await http()
      .post(`/api/v1/cases/${id}/move`)
      .set('authorization', cwAB)
      .send({ team: teamB, reason: 'citizen moved to the southern district' })
      .expect(200);
    expect(moved.body.team).toBe(teamB);
    await http().get(`/api/v1/cases/${id}`).set('authorization', cwA).expect(404);
    expect((await view(id, cwB)).team).toBe(teamB);
    const tasksB = await http().get('/api/v1/tasks').query({ caseId: id }).set('authorization', cwB).expect(200);
    expect(tasksB.body.items.length).toBeGreaterThan(0);
    expect(tasksB.body.items.every((t: { team: string }) => t.team === teamB)).toBe(true);
    const tasksA = await http().get('/api/v1/tasks').query({ caseId: id }).set('authorization', cwA).expect(200);
    expect(tasksA.body.items).toEqual([]);
    expect((await audit(id, cwB)).find((a) => a.action === 'CASE_MOVED')).toMatchObject({
      actor: 'cw-ab',
      details: { from: teamA, to: teamB, reason: 'citizen moved to the southern district' },
    });

    // A manager of the source team may hand a case to a team they are not in.
    const other = await createCase(cwA, teamA);
    const handed = await http()
      .post(`/api/v1/cases/${other}/move`)
      .set('authorization', mgrA)
      .send({ team: teamC, reason: 'specialist team' })
      .expect(200);
    expect(handed.body.team).toBe(teamC);
    await http().get(`/api/v1/cases/${other}`).set('authorization', mgrA).expect(404);
  });

  it('moves only to registered teams: an unknown team is refused and the case stays visible', async () => {
    const id = await createCase(cwA, teamA);
    const unknown = `nowhere-${suffix}`;
    for (const token of [mgrA, await e2e.token('caseworker', [teamA], 'cw-a2')]) {
      // A token may name a team the registry does not know; it still cannot receive a case.
      const res = await http()
        .post(`/api/v1/cases/${id}/move`)
        .set('authorization', token)
        .send({ team: unknown, reason: 'typo in the team name' });
      if (token === mgrA)
        expect([res.status, res.body.code, res.body.errors]).toEqual([
          422,
          'UNKNOWN_TEAM',
          [{ field: 'team', message: 'is not a registered team' }],
        ]);
      else expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await view(id, cwA)).team).toBe(teamA);
    expect((await audit(id, cwA)).filter((a) => a.action === 'CASE_MOVED')).toEqual([]);
  });

  it('lists the registered teams with Danish names for every role', async () => {
    const ops = await e2e.token('ops', [], 'ops-1');
    for (const token of [cwA, mgrA, ops]) {
      const res = await http().get('/api/v1/teams').set('authorization', token).expect(200);
      expect(res.body.items).toEqual(expect.arrayContaining([{ id: teamC, name: 'Fleksjob Centrum' }]));
      expect(res.body.items.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([teamA, teamB]));
    }
    await http().get('/api/v1/teams').expect(401);
  });

  it("never reveals another team's case on creation: ids are the server's, keys are scoped per team", async () => {
    const body = (extra: object, team = teamB) => ({ citizenRef: 'ref-leak', team, birthDate: '1982-06-15', ...extra });
    const theirs = await http()
      .post('/api/v1/cases')
      .set('authorization', cwA)
      .send(body({ idempotencyKey: 'fagsystem-77' }, teamA))
      .expect(201);
    // Team B names team A's case id, or an unused one: the same answer, nothing about either.
    const taken = await http()
      .post('/api/v1/cases')
      .set('authorization', cwB)
      .send(body({ caseId: theirs.body.caseId }));
    const unused = await http()
      .post('/api/v1/cases')
      .set('authorization', cwB)
      .send(body({ caseId: randomUUID() }));
    const same = (res: { status: number; body: Record<string, unknown> }) => [
      res.status,
      { ...res.body, correlationId: undefined },
    ];
    expect(same(taken)).toEqual(same(unused));
    expect(taken.status).toBe(400);
    // The same key in team B is team B's own case; a retry in team A lands on team A's case again.
    const own = await http()
      .post('/api/v1/cases')
      .set('authorization', cwB)
      .send(body({ idempotencyKey: 'fagsystem-77' }))
      .expect(201);
    expect(own.body.caseId).not.toBe(theirs.body.caseId);
    const retry = await http()
      .post('/api/v1/cases')
      .set('authorization', cwA)
      .send(body({ idempotencyKey: 'fagsystem-77' }, teamA))
      .expect(200);
    expect(retry.body.caseId).toBe(theirs.body.caseId);
    expect((await view(own.body.caseId as string, cwB)).team).toBe(teamB);
  });

  it('closes a case with a reason: everything open is cancelled, the repeat is a no-op', async () => {
    const id = await createCase(cwA, teamA, [
      { eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -3) },
    ]);
    await http().post(`/api/v1/cases/${id}/close`).set('authorization', cwA).send({}).expect(400);
    expect(
      (
        await http()
          .post(`/api/v1/cases/${id}/close`)
          .set('authorization', cwA)
          .send({ reason: 'r', date: addDaysIso(today(), 1) })
          .expect(422)
      ).body.code,
    ).toBe('EVENT_IN_FUTURE');
    const closed = await http()
      .post(`/api/v1/cases/${id}/close`)
      .set('authorization', cwA)
      .send({ reason: 'citizen moved abroad' })
      .expect(200);
    expect(closed.body).toMatchObject({
      phase: 'CLOSED',
      accepted: [{ eventId: `case-closed:${today()}`, duplicate: false }],
    });
    const v = await view(id);
    expect(v.phase).toBe('CLOSED');
    expect(v.obligations.filter((o) => o.status === 'open' || o.status === 'overdue')).toEqual([]);
    const open = await http().get('/api/v1/tasks').query({ caseId: id }).set('authorization', cwA).expect(200);
    expect(open.body.items).toEqual([]);
    const repeat = await http()
      .post(`/api/v1/cases/${id}/close`)
      .set('authorization', cwA)
      .send({ reason: 'citizen moved abroad' })
      .expect(200);
    expect(repeat.body.accepted).toEqual([{ eventId: `case-closed:${today()}`, duplicate: true }]);
    const closedList = await http()
      .get('/api/v1/cases')
      .query({ phase: 'CLOSED' })
      .set('authorization', cwA)
      .expect(200);
    expect(closedList.body.items.map((c: CaseItem) => c.id)).toContain(id);
    expect((await audit(id)).map((a) => a.action)).toContain('EVENT_RECORDED');
  });
});
