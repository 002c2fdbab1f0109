import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FixedClock, loadConfig, signAccessToken, type AppConfig } from '@frist/config';
import { copenhagenStartOfDay } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, parseCsv as parseCsvRows, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';
import { seedReadModel } from '../dashboard/fixtures/read-model-seed';

const TODAY = '2027-06-15';
const NOW = new Date(copenhagenStartOfDay(TODAY) + 10 * 3_600_000);
const TEAMS = ['fleks-nord', 'fleks-syd'];

/** Our CSV dialect back into rows, after checking the BOM Excel needs. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseCsvRows(text);
}

describe('CSV exports of the task list and every dashboard table (real Postgres)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let app: INestApplication;
  let config: AppConfig;
  const token = (role: 'manager' | 'caseworker') =>
    signAccessToken(config.auth, { sub: `${role}-1`, role, teams: TEAMS }, { now: NOW }).then((t) => `Bearer ${t}`);
  const get = async (path: string, query: Record<string, string> = {}, accept?: string) => {
    const req = request(app.getHttpServer())
      .get(path)
      .query(query)
      .set('authorization', await token('manager'));
    return (accept ? req.set('accept', accept) : req).buffer(true).parse((res, cb) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => cb(null, body));
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    await seedReadModel(ds, { cases: 150, teams: TEAMS, today: TODAY, seed: 7 });
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config, new FixedClock(NOW));
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('exports every task the filter selects across pages, Excel-friendly, as a download', async () => {
    const query = { status: 'active,done' };
    const json: unknown[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await get('/api/v1/tasks', { ...query, limit: '200', ...(cursor ? { cursor } : {}) });
      const body = JSON.parse(page.body as string) as {
        items: { taskId: string; dueOn: string }[];
        nextCursor: string | null;
      };
      json.push(...body.items);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(json.length).toBeGreaterThan(200); // more than one page
    const res = await get('/api/v1/tasks', { ...query, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="opgaver-${TODAY}.csv"`);
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header.slice(0, 4)).toEqual(['frist', 'titel', 'status', 'forpligtelse']);
    expect(rows).toHaveLength(json.length);
    const first = json[0] as { taskId: string; dueOn: string };
    const [y, m, d] = first.dueOn.split('-');
    expect(rows[0][0]).toBe(`${d}-${m}-${y}`);
    expect(rows[0][header.indexOf('opgave')]).toBe(first.taskId);
  });

  it('answers CSV to Accept: text/csv, and JSON when format=json says so', async () => {
    const csv = await get('/api/v1/tasks', {}, 'text/csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const json = await get('/api/v1/tasks', { format: 'json' }, 'text/csv');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });

  // The JSON answers, as far as the row counts need them.
  type Body = Record<string, unknown[]> & { weeks: { byCode: Record<string, number> }[] };
  const tables: [string, Record<string, string>, string, (b: Body) => number][] = [
    ['/api/v1/dashboard/overdue', {}, 'forfaldne', (b) => 1 + b.byTeam.length + b.byCode.length + b.byAssignee.length],
    ['/api/v1/dashboard/overdue/cases', {}, 'forfaldne-sager', (b) => b.items.length],
    ['/api/v1/dashboard/on-time', {}, 'rettidighed', (b) => b.byCode.length + 2],
    [
      '/api/v1/dashboard/forecast',
      {},
      'prognose',
      (b) => b.weeks.reduce((n, w) => n + 1 + Object.keys(w.byCode).length, 0) + b.cohorts.length * 2,
    ],
    ['/api/v1/dashboard/passivity', {}, 'passive-sager', (b) => b.items.length],
    [
      '/api/v1/dashboard/trials',
      { programme: 'aht-2009' },
      'forsoeg-aht-2009',
      (b) => b.arms.length + b.byCaseType.length,
    ],
  ];
  it.each(tables)('exports %s with one CSV row per table row', async (path, query, name, expectedRows) => {
    const json = JSON.parse((await get(path, query)).body as string) as Body;
    const res = await get(path, { ...query, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}-${TODAY}.csv"`);
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header.length).toBeGreaterThan(2);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(rows).toHaveLength(expectedRows(json));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('rejects an unknown format with a problem, not a 500', async () => {
    const res = await get('/api/v1/dashboard/overdue', { format: 'xlsx' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
