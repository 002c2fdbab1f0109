import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { pruneOutbox } from '@frist/persistence';
import { openSse, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface Task {
  taskId: string;
  code: string;
  occurrence: number;
  status: string;
  assignee: string | null;
  version: number;
  team: string;
  caseId: string;
  citizenRef: string;
  caseType: string;
}

/** Tasks through HTTP: team isolation, optimistic concurrency, completing and waiving, the change stream. */
describe('tasks API end to end', () => {
  let e2e: ApiE2e<App>;
  const teamA = `a-${randomUUID().slice(0, 8)}`;
  const teamB = `b-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let cwA: string; // caseworker in team A
  let cwA2: string; // another caseworker in team A
  let cwB: string;
  let mgrA: string;
  let ops: string;
  let caseId: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cwA, cwA2, cwB, mgrA, ops] = await Promise.all([
      e2e.token('caseworker', [teamA], 'cw-a'),
      e2e.token('caseworker', [teamA], 'cw-a2'),
      e2e.token('caseworker', [teamB], 'cw-b'),
      e2e.token('manager', [teamA], 'mgr-a'),
      e2e.token('ops', [], 'ops-1'),
    ]);
    // Visitated 20 days ago, prep 90 days ago: phase 1 met late; contact, screening, re-review, other actor open.
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', cwA)
      .send({
        citizenRef: 'fagsystem-77',
        team: teamA,
        birthDate: '1981-04-02',
        events: [
          { eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -90) },
          { eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -20) },
        ],
      })
      .expect(201);
    caseId = created.body.caseId;
  });
  afterAll(() => e2e?.close());

  const http = () => request(e2e.app.getHttpServer());
  const inbox = async (token: string, query: Record<string, string> = {}) =>
    (await http().get('/api/v1/tasks').set('authorization', token).query(query).expect(200)).body.items as Task[];
  const taskOf = async (code: string, token = cwA) => {
    const t = (await inbox(token, { caseId })).find((x) => x.code === code);
    if (!t) throw new Error(`no open ${code} task`);
    return t;
  };

  it('answers 401 without a token and 403 for the ops role, on every task route', async () => {
    const t = await taskOf('contact-14d');
    for (const [method, path] of [
      ['get', '/api/v1/tasks'],
      ['get', `/api/v1/tasks/${t.taskId}`],
      ['post', `/api/v1/tasks/${t.taskId}/claim`],
      ['post', `/api/v1/tasks/${t.taskId}/complete`],
      ['get', '/api/v1/tasks/stream'],
    ] as const) {
      const none = await http()[method](path).expect(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      expect((await http()[method](path).set('authorization', ops).expect(403)).body.code).toBe('FORBIDDEN');
    }
  });

  it("never shows another team's case or task, not even that it exists", async () => {
    const t = await taskOf('contact-14d');
    const missingCase = await http().get(`/api/v1/cases/${randomUUID()}`).set('authorization', cwB).expect(404);
    const otherCase = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cwB).expect(404);
    expect(otherCase.body.code).toBe('CASE_NOT_FOUND');
    expect(otherCase.body.title).toBe(missingCase.body.title);
    const missingTask = await http().get(`/api/v1/tasks/${randomUUID()}`).set('authorization', cwB).expect(404);
    const otherTask = await http().get(`/api/v1/tasks/${t.taskId}`).set('authorization', cwB).expect(404);
    expect(otherTask.body.code).toBe('TASK_NOT_FOUND');
    expect(otherTask.body.title).toBe(missingTask.body.title);

    // Nor can they change it, even holding the right ETag.
    for (const action of ['claim', 'unclaim', 'complete', 'waive'])
      await http()
        .post(`/api/v1/tasks/${t.taskId}/${action}`)
        .set('authorization', cwB)
        .set('if-match', `"${t.version}"`)
        .send(
          action === 'complete'
            ? { eventId: 'x-c', form: 'phone' }
            : action === 'waive'
              ? { eventId: 'x-w', reason: 'r' }
              : {},
        )
        .expect(404);
    for (const [path, body] of [
      [`/api/v1/cases/${caseId}/events`, { eventId: 'e1', type: 'CONTACT_HELD', date: today(), form: 'phone' }],
      [`/api/v1/cases/${caseId}/events/visit/retract`, { reason: 'nope' }],
      [`/api/v1/cases/${caseId}/move`, { team: teamB, reason: 'grab' }],
      [`/api/v1/cases/${caseId}/close`, { reason: 'nope' }],
    ] as const)
      expect((await http().post(path).set('authorization', cwB).send(body).expect(404)).body.code).toBe(
        'CASE_NOT_FOUND',
      );
    await http().get(`/api/v1/cases/${caseId}/audit`).set('authorization', cwB).expect(404);

    // Lists: their own teams only; naming another team is refused.
    expect((await inbox(cwB)).map((x) => x.caseId)).not.toContain(caseId);
    expect(
      (await http().get('/api/v1/tasks').query({ team: teamA }).set('authorization', cwB).expect(403)).body.code,
    ).toBe('FORBIDDEN');
    const cases = await http().get('/api/v1/cases').set('authorization', cwB).expect(200);
    expect(cases.body.items).toEqual([]);
    await http().get('/api/v1/cases').query({ team: teamA }).set('authorization', cwB).expect(403);
    await http().get('/api/v1/tasks/stream').query({ team: teamA }).set('authorization', cwB).expect(403);
    // Creating a case in a team one is not in.
    await http()
      .post('/api/v1/cases')
      .set('authorization', cwB)
      .send({ citizenRef: 'x-1', team: teamA, birthDate: '1980-01-01' })
      .expect(403);
    // The owners see it all.
    expect((await inbox(cwA)).map((x) => x.caseId)).toContain(caseId);
  });

  it("names each inbox item's case: citizen reference and case type", async () => {
    const items = await inbox(cwA, { caseId });
    expect(items.length).toBeGreaterThan(0);
    for (const t of items) expect(t).toMatchObject({ caseId, citizenRef: 'fagsystem-77', caseType: 'fleksjob' });
  });

  it('pages through the inbox by due date without repeats or gaps', async () => {
    const all = await inbox(cwA, { caseId, status: 'open,overdue,met,met-late,waived,cancelled' });
    expect(all.length).toBeGreaterThanOrEqual(4);
    const paged: Task[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = {
        caseId,
        status: 'open,overdue,met,met-late,waived,cancelled',
        limit: '1',
        ...(cursor ? { cursor } : {}),
      };
      const res = await http().get('/api/v1/tasks').set('authorization', cwA).query(query).expect(200);
      paged.push(...(res.body.items as Task[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(paged.map((t) => t.taskId)).toEqual(all.map((t) => t.taskId));
    // The inbox reads raw rows for speed: each item is exactly the task as GET /tasks/:id shows it (keys in the
    // same order, dates as YYYY-MM-DD, numbers as numbers, nulls as null) without the reasons for its date, which
    // only the task's own read carries.
    for (const t of all) {
      const one = await http().get(`/api/v1/tasks/${t.taskId}`).set('authorization', cwA).expect(200);
      const { explanation, legalBasis, source, ...row } = one.body as Task & Record<string, unknown>;
      expect([typeof explanation, typeof legalBasis, typeof source]).toEqual(['string', 'object', 'string']);
      // The inbox item is the task's row, then the names of its case.
      expect(JSON.stringify(t)).toBe(JSON.stringify({ ...row, citizenRef: 'fagsystem-77', caseType: 'fleksjob' }));
    }
  });

  it('claims with If-Match: 428 without, 412 when stale, 409 when someone else holds it; audited', async () => {
    const t = await taskOf('other-actor-12m');
    const got = await http().get(`/api/v1/tasks/${t.taskId}`).set('authorization', cwA).expect(200);
    const etag = got.headers.etag;
    expect(etag).toBe(`"${t.version}"`);
    // The only ETag is the task's version: no body hash on uncacheable (no-store) JSON answers such as the inbox.
    const list = await http().get('/api/v1/tasks').query({ caseId }).set('authorization', cwA).expect(200);
    expect([list.headers['cache-control'], list.headers.etag]).toEqual(['no-store', undefined]);
    const claim = (token: string, ifMatch?: string) => {
      const r = http().post(`/api/v1/tasks/${t.taskId}/claim`).set('authorization', token);
      return ifMatch === undefined ? r : r.set('if-match', ifMatch);
    };
    expect((await claim(cwA).expect(428)).body.code).toBe('PRECONDITION_REQUIRED');
    expect((await claim(cwA, `"${t.version + 7}"`).expect(412)).body.code).toBe('PRECONDITION_FAILED');
    expect((await claim(cwA, `W/${etag}`).expect(412)).body.code).toBe('PRECONDITION_FAILED');
    const claimed = await claim(cwA, etag).expect(200);
    expect(claimed.body).toMatchObject({ assignee: 'cw-a', version: t.version + 1 });
    expect(claimed.headers.etag).toBe(`"${t.version + 1}"`);
    // The colleague raced with the old ETag: 412. With the fresh one: it is taken.
    await claim(cwA2, etag).expect(412);
    expect((await claim(cwA2, claimed.headers.etag).expect(409)).body.code).toBe('TASK_ALREADY_ASSIGNED');
    // Claiming again is a no-op that keeps the version.
    expect((await claim(cwA, claimed.headers.etag).expect(200)).body.version).toBe(t.version + 1);
    // Only the holder or a manager may release it; only a manager assigns.
    await http()
      .post(`/api/v1/tasks/${t.taskId}/unclaim`)
      .set('authorization', cwA2)
      .set('if-match', claimed.headers.etag)
      .expect(403);
    await http()
      .post(`/api/v1/tasks/${t.taskId}/assign`)
      .set('authorization', cwA)
      .set('if-match', claimed.headers.etag)
      .send({ assignee: 'cw-a2' })
      .expect(403);
    const assigned = await http()
      .post(`/api/v1/tasks/${t.taskId}/assign`)
      .set('authorization', mgrA)
      .set('if-match', claimed.headers.etag)
      .send({ assignee: 'cw-a2' })
      .expect(200);
    expect(assigned.body.assignee).toBe('cw-a2');
    expect((await inbox(cwA2, { assignee: 'me' })).map((x) => x.taskId)).toEqual([t.taskId]);
    expect((await inbox(cwA, { assignee: 'cw-a2', caseId })).map((x) => x.taskId)).toEqual([t.taskId]);
    expect((await inbox(cwA, { assignee: 'none', caseId })).map((x) => x.taskId)).not.toContain(t.taskId);
    const released = await http()
      .post(`/api/v1/tasks/${t.taskId}/unclaim`)
      .set('authorization', cwA2)
      .set('if-match', assigned.headers.etag)
      .expect(200);
    expect(released.body.assignee).toBeNull();

    const audit = await http().get(`/api/v1/cases/${caseId}/audit`).set('authorization', cwA).expect(200);
    const assignments = audit.body.items.filter((a: { action: string }) => a.action.startsWith('TASK_'));
    expect(assignments.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['TASK_CLAIMED', 'cw-a'],
      ['TASK_ASSIGNED', 'mgr-a'],
      ['TASK_UNCLAIMED', 'cw-a2'],
    ]);
    expect(assignments[1].details).toMatchObject({
      taskId: t.taskId,
      code: 'other-actor-12m',
      from: 'cw-a',
      to: 'cw-a2',
    });
  });

  it('completes a contact task with its meeting event: it leaves the open inbox and the next contact appears', async () => {
    const t = await taskOf('contact-14d');
    const complete = (body: object, ifMatch = `"${t.version}"`) =>
      http().post(`/api/v1/tasks/${t.taskId}/complete`).set('authorization', cwA).set('if-match', ifMatch).send(body);
    // The contact's form is the event's own required field; type is implied by the obligation.
    expect((await complete({ eventId: 'contact-1' }).expect(400)).body.code).toBe('INVALID_EVENT');
    expect((await complete({ eventId: 'contact-1', type: 'CASE_CLOSED', form: 'phone' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await complete({ eventId: 'contact-1', form: 'phone', date: addDaysIso(today(), -30) }).expect(422)).body.code,
    ).toBe('EVENT_NOT_ADMISSIBLE');
    const done = await complete({ eventId: 'contact-1', form: 'phone' }).expect(200);
    // Visitation was 20 days ago, so the first contact (due after 14) was overdue: it is met late.
    expect(t.status).toBe('overdue');
    expect(done.body.task).toMatchObject({ taskId: t.taskId, status: 'met-late', closedOn: today() });
    expect(done.body.accepted).toEqual([{ eventId: 'contact-1', duplicate: false }]);
    const open = await inbox(cwA, { caseId });
    expect(open.map((x) => x.taskId)).not.toContain(t.taskId);
    expect(open.find((x) => x.code === 'contact-14d')).toMatchObject({ occurrence: t.occurrence + 1, status: 'open' });
    // A retry (same eventId, the old ETag) answers the same; the same id with other content is a conflict.
    const retry = await complete({ eventId: 'contact-1', form: 'phone' }).expect(200);
    expect(retry.body.accepted).toEqual([{ eventId: 'contact-1', duplicate: true }]);
    expect((await complete({ eventId: 'contact-1', form: 'video' }).expect(409)).body.code).toBe('EVENT_ID_CONFLICT');
    // A new event on the completed task: it is no longer open.
    expect((await complete({ eventId: 'contact-2', form: 'phone' }, done.headers.etag).expect(409)).body.code).toBe(
      'TASK_NOT_OPEN',
    );
    const met = await inbox(cwA, { caseId, status: 'done' });
    expect(met.map((x) => x.taskId)).toContain(t.taskId);
  });

  it('lets only one of two concurrent completions with the same ETag through', async () => {
    const t = await taskOf('contact-14d');
    const results = await Promise.all(
      ['race-1', 'race-2'].map((eventId) =>
        http()
          .post(`/api/v1/tasks/${t.taskId}/complete`)
          .set('authorization', cwA)
          .set('if-match', `"${t.version}"`)
          .send({ eventId, form: 'in-person' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    // The loser's event was never sent, so it cannot have met the next contact.
    const view = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cwA).expect(200);
    const raced = view.body.events.filter((e: { eventId: string }) => e.eventId.startsWith('race-'));
    expect(raced).toHaveLength(1);
  });

  it('waives a task with a reason: status waived, in the done list, and audited as an event', async () => {
    const t = await taskOf('passivity-screening');
    await http()
      .post(`/api/v1/tasks/${t.taskId}/waive`)
      .set('authorization', cwA)
      .set('if-match', `"${t.version}"`)
      .send({ eventId: 'waive-1' })
      .expect(400);
    const res = await http()
      .post(`/api/v1/tasks/${t.taskId}/waive`)
      .set('authorization', cwA)
      .set('if-match', `"${t.version}"`)
      .send({ eventId: 'waive-1', reason: 'screened in the rehab meeting' })
      .expect(200);
    expect(res.body.task).toMatchObject({ status: 'waived', code: 'passivity-screening' });
    expect((await inbox(cwA, { caseId, status: 'done' })).map((x) => x.taskId)).toContain(t.taskId);
    const view = await http().get(`/api/v1/cases/${caseId}`).set('authorization', cwA).expect(200);
    expect(view.body.events.find((e: { eventId: string }) => e.eventId === 'waive-1')).toMatchObject({
      type: 'OBLIGATION_WAIVED',
      fields: { code: 'passivity-screening', reason: 'screened in the rehab meeting' },
      actor: 'cw-a',
    });
  });

  it('streams task changes of the own teams only, and resumes after Last-Event-ID', async () => {
    const a = await openSse(`${e2e.url}/api/v1/tasks/stream`, { authorization: cwA });
    const b = await openSse(`${e2e.url}/api/v1/tasks/stream`, { authorization: cwB });
    try {
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toMatch(/^text\/event-stream/);
      const t = await taskOf('passivity-rereview');
      await http()
        .post(`/api/v1/tasks/${t.taskId}/claim`)
        .set('authorization', cwA)
        .set('if-match', `"${t.version}"`)
        .expect(200);
      const claimed = await a.waitFor((e) => JSON.parse(e.data).taskId === t.taskId);
      expect(claimed.event).toBe('task-change');
      expect(JSON.parse(claimed.data)).toMatchObject({
        change: 'assigned',
        team: teamA,
        caseId,
        code: 'passivity-rereview',
      });
      expect(JSON.parse(claimed.data)).not.toHaveProperty('citizenRef');

      // A projection change (an event) reaches the stream too.
      await http()
        .post(`/api/v1/cases/${caseId}/events`)
        .set('authorization', cwA)
        .send({ eventId: 'referred', type: 'OTHER_ACTOR_REFERRED', date: today() })
        .expect(200);
      const met = await a.waitFor((e) => JSON.parse(e.data).code === 'other-actor-12m');
      expect(JSON.parse(met.data)).toMatchObject({ change: 'updated', status: 'met' });

      // Resume from the claim: the later change is replayed, the claim itself is not.
      const resumed = await openSse(`${e2e.url}/api/v1/tasks/stream`, {
        authorization: cwA,
        'last-event-id': claimed.id ?? '',
      });
      try {
        const replayed = await resumed.waitFor((e) => e.id === met.id);
        expect(resumed.events.map((e) => e.id)).not.toContain(claimed.id);
        expect(Number(replayed.id)).toBeGreaterThan(Number(claimed.id));
      } finally {
        resumed.close();
      }
      // Team B heard nothing of team A. Sentinel: a case of team B, created after every change above; the stream
      // runs in change order, so anything of team A's that B would hear arrives before the sentinel's tasks.
      const sentinel = await http()
        .post('/api/v1/cases')
        .set('authorization', cwB)
        .send({
          citizenRef: 'sentinel-b',
          team: teamB,
          birthDate: '1981-04-02',
          events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: today() }],
        })
        .expect(201);
      const sentinelCase = sentinel.body.caseId as string;
      await b.waitFor((e) => (JSON.parse(e.data) as { caseId: string }).caseId === sentinelCase);
      const heardByB = b.events.map((e) => JSON.parse(e.data) as { caseId: string; team: string });
      expect(heardByB.filter((e) => e.caseId !== sentinelCase || e.team !== teamB)).toEqual([]);
      const bad = await http()
        .get('/api/v1/tasks/stream')
        .set('authorization', cwA)
        .set('last-event-id', 'abc')
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    } finally {
      a.close();
      b.close();
    }
  });

  it('tells a client too far behind to reload (event reset) instead of replaying without end', async () => {
    const [{ id }] = await e2e.ds.query<{ id: string }[]>(`SELECT coalesce(max(id), 0)::text AS id FROM task_changes`);
    await e2e.ds.query(
      `INSERT INTO task_changes (case_id, team, task_id, obligation_code, occurrence, change, status, due_on, projection_seq)
       SELECT $1, $2, NULL, 'contact-14d', n, 'updated', 'open', '2027-01-01', 1 FROM generate_series(1, 5100) n`,
      [caseId, teamA],
    );
    const behind = await openSse(`${e2e.url}/api/v1/tasks/stream`, { authorization: cwA, 'last-event-id': id });
    try {
      await behind.waitFor((e) => e.event === 'reset');
      expect(behind.events.filter((e) => e.event === 'task-change')).toHaveLength(5_000);
    } finally {
      behind.close();
    }
  });

  it('tells a client whose position was pruned by retention to reload (event reset)', async () => {
    const [{ id }] = await e2e.ds.query<{ id: string }[]>(`SELECT coalesce(max(id), 0)::text AS id FROM task_changes`);
    await e2e.ds.query(
      `INSERT INTO task_changes (case_id, team, task_id, obligation_code, occurrence, change, status, due_on, projection_seq)
       SELECT $1, $2, NULL, 'contact-14d', n, 'updated', 'open', '2027-01-01', 1 FROM generate_series(1, 3) n`,
      [caseId, teamA],
    );
    // Retention as if a year had passed: everything but the newest change goes, including those after `id`.
    const pruned = await pruneOutbox(e2e.ds, {
      changesBefore: new Date(Date.now() + 60_000),
      deliveriesBefore: new Date(0),
      batchSize: 1000,
      dryRun: false,
    });
    expect(pruned.taskChanges).toBeGreaterThanOrEqual(2);
    expect(BigInt(pruned.oldestTaskChangeId ?? '0')).toBeGreaterThan(BigInt(id) + 1n);
    const behind = await openSse(`${e2e.url}/api/v1/tasks/stream`, { authorization: cwA, 'last-event-id': id });
    try {
      await behind.waitFor((e) => e.event === 'reset');
      expect(behind.events.filter((e) => e.event === 'task-change')).toEqual([]);
    } finally {
      behind.close();
    }
  });
});
