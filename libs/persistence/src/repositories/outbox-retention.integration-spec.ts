import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@frist/testing';
import { createDataSource } from '../data-source';
import { oldestTaskChangeId, pruneOutbox } from './outbox-retention';

/** Outbox and delivery-log retention on a real Postgres. */
describe('outbox retention', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  const caseId = randomUUID();
  const subscriptionId = randomUUID();
  const day = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 86_400_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    await ds.query(
      `INSERT INTO webhook_subscriptions (id, team, url, secret, created_by) VALUES ($1, 'a', 'https://x.example/in', 's', 'm')`,
      [subscriptionId],
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const change = (id: number, at: Date) =>
    ds.query(
      `INSERT INTO task_changes (id, case_id, team, task_id, obligation_code, occurrence, change, status, due_on,
         projection_seq, created_at)
       VALUES ($1, $2, 'a', NULL, 'contact-14d', 1, 'created', 'open', '2027-01-01', 1, $3)`,
      [id, caseId, at],
    );
  const delivery = (changeId: number, at: Date) =>
    ds.query(
      `INSERT INTO webhook_deliveries (subscription_id, change_id, attempt, outcome, http_status, error, duration_ms, at)
       VALUES ($1, $2, 1, 'delivered', 204, NULL, 5, $3)`,
      [subscriptionId, changeId, at],
    );
  const changeIds = async () =>
    (await ds.query<{ id: number }[]>(`SELECT id::int AS id FROM task_changes ORDER BY id`)).map((r) => r.id);

  it('drops only the oldest contiguous prefix, in batches, keeps the newest row, and counts first on a dry run', async () => {
    // Ids 1-7 are old, 8 is young, 9 is old again (a late commit), 10 is young: only 1-7 may go.
    for (let id = 1; id <= 10; id++) await change(id, id === 8 || id === 10 ? day(40) : day(id));
    for (let i = 0; i < 5; i++) await delivery(i + 1, day(i));
    await delivery(6, day(50));
    const policy = { changesBefore: day(30), deliveriesBefore: day(30), batchSize: 3, dryRun: true };

    expect(await pruneOutbox(ds, policy)).toEqual({ taskChanges: 7, webhookDeliveries: 5, oldestTaskChangeId: '1' });
    expect(await changeIds()).toHaveLength(10);

    expect(await pruneOutbox(ds, { ...policy, dryRun: false })).toEqual({
      taskChanges: 7,
      webhookDeliveries: 5,
      oldestTaskChangeId: '8',
    });
    expect(await changeIds()).toEqual([8, 9, 10]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM webhook_deliveries`)).toEqual([{ n: 1 }]);
    // Nothing more to do: a second run is a no-op.
    expect(await pruneOutbox(ds, { ...policy, dryRun: false })).toMatchObject({ taskChanges: 0, webhookDeliveries: 0 });
  });

  it('never empties the outbox: the newest row stays even when it is old', async () => {
    await ds.query(`DELETE FROM task_changes`);
    for (let id = 20; id <= 22; id++) await change(id, day(1));
    const r = await pruneOutbox(ds, {
      changesBefore: day(30),
      deliveriesBefore: day(0),
      batchSize: 100,
      dryRun: false,
    });
    expect(r.taskChanges).toBe(2);
    expect(await changeIds()).toEqual([22]);
    expect(await oldestTaskChangeId(ds)).toBe('22');
  });
});
