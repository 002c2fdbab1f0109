import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@frist/testing';
import { createDataSource } from '../data-source';
import { latestTaskChangeId, readTaskChanges, readTaskChangesBetween } from './task-change-outbox';

/** The outbox reader behind the SSE feed and the webhook dispatcher, on a real Postgres. */
describe('task_changes outbox reader', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  const caseId = randomUUID();
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const insert = (id: number, team = 'a') =>
    ds.query(
      `INSERT INTO task_changes (id, case_id, team, task_id, obligation_code, occurrence, change, status, due_on, projection_seq)
       VALUES ($1, $2, $3, NULL, 'contact-14d', $4, 'created', 'open', '2027-01-01', 1)`,
      [id, caseId, team, id],
    );
  const ids = (r: { changes: { id: string }[] }) => r.changes.map((c) => Number(c.id));
  const opts = (nowMs: number) => ({ limit: 100, nowMs, gapWaitMs: 5_000 });

  it('reads in numeric id order across digit lengths, and waits at a hole until it fills', async () => {
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]) await insert(id, id % 2 ? 'a' : 'b');
    expect(await latestTaskChangeId(ds)).toBe('14');
    const first = await readTaskChanges(ds, { cursor: '0' }, opts(1_000));
    // 13 is missing: maybe a transaction still committing. Stop before it and remember since when.
    expect(ids(first)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(first.position).toEqual({ cursor: '12', gapSince: 1_000 });
    const stillWaiting = await readTaskChanges(ds, first.position, opts(4_000));
    expect(ids(stillWaiting)).toEqual([]);
    expect(stillWaiting.position).toEqual({ cursor: '12', gapSince: 1_000 });
    await insert(13);
    const filled = await readTaskChanges(ds, stillWaiting.position, opts(4_500));
    expect(ids(filled)).toEqual([13, 14]);
    expect(filled.position).toEqual({ cursor: '14' });
  });

  it('steps over a hole that stays open longer than the wait (a rolled-back insert)', async () => {
    await insert(16);
    const waiting = await readTaskChanges(ds, { cursor: '14' }, opts(10_000));
    expect(ids(waiting)).toEqual([]);
    const stepped = await readTaskChanges(ds, waiting.position, opts(15_001));
    expect(ids(stepped)).toEqual([16]);
    expect(stepped.position).toEqual({ cursor: '16' });
  });

  it('replays a range for some teams only', async () => {
    const replay = await readTaskChangesBetween(ds, ['b'], '3', '12', 100);
    expect(replay.map((c) => Number(c.id))).toEqual([4, 6, 8, 10, 12]);
    expect(replay[0]).toMatchObject({ caseId, team: 'b', code: 'contact-14d', change: 'created', dueOn: '2027-01-01' });
  });
});
