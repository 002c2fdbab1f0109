import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { importCaseId } from '@frist/activities';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/** The import through the API: validation report, a run scoped to the caller's teams, an idempotent re-run. */
describe('imports API', () => {
  let e2e: ApiE2e<App>;
  const team = `imp-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let manager: string;
  let caseworker: string;
  let file: string;

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [manager, caseworker] = await Promise.all([
      e2e.token('manager', [team], 'mgr-imp'),
      e2e.token('caseworker', [team], 'cw-imp'),
    ]);
    const ok = (ref: string) => ({
      citizenRef: ref,
      team,
      birthDate: '1980-02-03',
      events: [
        { eventId: `${ref}-1`, type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -120) },
        { eventId: `${ref}-2`, type: 'VISITATION_DECIDED', date: addDaysIso(today(), -60) },
      ],
    });
    file = [
      JSON.stringify(ok('API-1')),
      JSON.stringify(ok('API-2')),
      JSON.stringify({ ...ok('API-3'), team: 'someone-elses-team' }),
      JSON.stringify({ ...ok('API-4'), events: [{ eventId: 'x', type: 'CONTACT_HELD', date: today() }] }),
    ].join('\n');
  });
  afterAll(() => e2e?.close());

  const post = (path: string, body: string, type = 'application/x-ndjson', who = manager) =>
    request(e2e.app.getHttpServer()).post(path).set('authorization', who).set('content-type', type).send(body);

  it('validates without creating anything, with Danish reasons, event index and field', async () => {
    const res = await post('/api/v1/imports/validate', file).expect(200);
    expect(res.body.totals).toMatchObject({ cases: 4, accepted: 2, rejected: 2 });
    const byLine = new Map(
      (res.body.cases as { line: number; status: string; issues: object[] }[]).map((c) => [c.line, c]),
    );
    expect(byLine.get(3)!.issues).toEqual([
      expect.objectContaining({ field: 'team', reason: 'holdet er ikke et af dine hold' }),
    ]);
    expect(byLine.get(4)!.issues).toEqual([
      expect.objectContaining({ eventIndex: 0, field: 'form', reason: 'skal udfyldes' }),
    ]);
    // Nobody contacted the citizens since visitation: the 14-day contact is overdue on day one.
    expect(res.body.overdueByTeam).toEqual([expect.objectContaining({ team, code: 'contact-14d', cases: 2 })]);
    expect(await e2e.ds.query(`SELECT id FROM cases`)).toEqual([]);

    const csv = await post('/api/v1/imports/validate?format=csv', file).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n').filter((l) => l.includes(';afvist;'))).toHaveLength(2);
  });

  it('imports the accepted cases for the caller’s teams, and a second run changes nothing', async () => {
    const first = await post('/api/v1/imports?name=kommune-export.jsonl', file).expect(200);
    expect(first.body.totals.outcomes).toEqual({ created: 2, rejected: 2 });
    const ids = ['API-1', 'API-2'].map((ref) => importCaseId('fleksjob', ref));
    await eventually(async () => {
      const rows: { id: string }[] = await e2e.ds.query(`SELECT id FROM cases ORDER BY citizen_ref`);
      return rows.length === 2 ? rows : undefined;
    }, 'both cases projected');
    const tasks = await request(e2e.app.getHttpServer())
      .get(`/api/v1/tasks?team=${team}`)
      .set('authorization', caseworker)
      .expect(200);
    expect(new Set(tasks.body.items.map((t: { caseId: string }) => t.caseId))).toEqual(new Set(ids));

    const second = await post('/api/v1/imports?name=kommune-export.jsonl', file).expect(200);
    expect(second.body.totals.outcomes).toEqual({ unchanged: 2, rejected: 2 });
    expect(second.body.batchId).not.toBe(first.body.batchId);
    expect(await e2e.ds.query(`SELECT count(*)::int AS n FROM case_events`)).toEqual([{ n: 4 }]);
  });

  it('is for managers and ops, and wants an import file', async () => {
    await post('/api/v1/imports/validate', file, 'application/x-ndjson', caseworker).expect(403);
    const wrongType = await request(e2e.app.getHttpServer())
      .post('/api/v1/imports/validate')
      .set('authorization', manager)
      .send({ not: 'a file' })
      .expect(400);
    expect(wrongType.body.code).toBe('VALIDATION_FAILED');
    // A file without a case (a CSV header alone, `{}` sent as CSV) is refused, not reported as an empty import.
    for (const [path, text, type] of [
      ['/api/v1/imports/validate', '{}', 'text/csv'],
      ['/api/v1/imports', '{}', 'text/csv'],
      ['/api/v1/imports', 'caseId;team;type;date', 'text/csv'],
      ['/api/v1/imports/validate', '\n\n', 'application/x-ndjson'],
    ] as const) {
      const empty = await post(path, text, type, manager);
      expect([path, text, empty.status, empty.body.code]).toEqual([path, text, 400, 'VALIDATION_FAILED']);
    }
  });
});
