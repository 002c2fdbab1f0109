import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FixedClock } from '@frist/config';
import type { CaseSnapshot } from '@frist/contracts';
import { type CaseEvent } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, engineProjection } from '@frist/testing';
import { CaseProjectionActivities } from './case-projection.activities';

const MIG = [{ id: 'MIG-2026', publishedOn: '2026-12-07' }];
const LY: CaseEvent[] = [
  { type: 'HEALTH_ADVICE_REQUESTED', date: '2026-08-24', provider: 'klinisk-funktion' },
  { type: 'VISITATION_DECIDED', date: '2026-08-31' },
  { type: 'CONTACT_HELD', date: '2026-09-14', form: 'in-person' },
  { type: 'CONTACT_HELD', date: '2026-10-19', form: 'phone' },
];

describe('case projection of ly-jobtalk periods (real Postgres)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let activities: CaseProjectionActivities;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    activities = new CaseProjectionActivities(ds, new FixedClock(new Date('2026-12-07T09:00:00Z')));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const projection = (caseId: string, seq: number, events: CaseEvent[], asOf: string, team = 'fleks-nord') =>
    engineProjection({ caseId, citizenRef: 'ref', team, caseType: 'fleksjob', birthDate: '1975-05-05' }, events, asOf, {
      seq,
      options: { migrations: MIG as never },
    });
  const periods = (caseId: string) =>
    ds.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS "periodStart", team, to_char(last_day, 'YYYY-MM-DD') AS "lastDay",
         held_count AS "heldCount", outcome, to_char(exempted_on, 'YYYY-MM-DD') AS "exemptedOn",
         exemption_reason AS "exemptionReason", to_char(ended_on, 'YYYY-MM-DD') AS "endedOn", projection_seq AS seq
       FROM case_jobtalk_periods WHERE case_id = $1 ORDER BY period_start`,
      [caseId],
    );

  it('writes periods[] once per change; a retry or an older projection changes nothing', async () => {
    const caseId = randomUUID();
    const first = projection(caseId, 1, LY, '2026-12-07');
    expect(first.result.periods).toHaveLength(1);
    await activities.projectCase(first.input);
    await Promise.all([activities.projectCase(first.input), activities.projectCase(first.input)]);
    const row = {
      periodStart: '2026-08-31',
      team: 'fleks-nord',
      lastDay: '2027-02-27',
      heldCount: 2,
      outcome: 'open',
      exemptedOn: null,
      exemptionReason: null,
      endedOn: null,
      seq: 1,
    };
    expect(await periods(caseId)).toEqual([row]);
    const exempted = [...LY, { type: 'JOBTALKS_EXEMPTED', date: '2026-11-02', reason: 'selvhjulpen' }];
    await activities.projectCase(projection(caseId, 2, exempted, '2026-12-07').input);
    const after = {
      ...row,
      outcome: 'exempted',
      exemptedOn: '2026-11-02',
      exemptionReason: 'selvhjulpen',
      seq: 2,
    };
    expect(await periods(caseId)).toEqual([after]);
    // A late retry of projection 1 loses the sequence check.
    await activities.projectCase(first.input);
    expect(await periods(caseId)).toEqual([after]);
  });

  it('follows a moved period start and a moved case; a sender without periods leaves them', async () => {
    const caseId = randomUUID();
    const start = LY.slice(0, 2);
    await activities.projectCase(projection(caseId, 1, start, '2026-09-07').input);
    expect((await periods(caseId)).map((p: { periodStart: string }) => p.periodStart)).toEqual(['2026-08-31']);
    // BENEFIT_STARTED while k = 1 is open and no talk counted moves S (N1.1): the old row goes.
    const moved = [...start, { type: 'BENEFIT_STARTED', date: '2026-09-07' }];
    await activities.projectCase(projection(caseId, 2, moved, '2026-09-07', 'fleks-syd').input);
    expect(await periods(caseId)).toEqual([
      expect.objectContaining({ periodStart: '2026-09-07', lastDay: '2027-03-06', team: 'fleks-syd', seq: 2 }),
    ]);
    const { periods: _gone, ...withoutPeriods } = projection(caseId, 3, moved, '2026-09-08', 'fleks-syd').input;
    await activities.projectCase(withoutPeriods);
    expect(await periods(caseId)).toEqual([expect.objectContaining({ periodStart: '2026-09-07', seq: 2 })]);
  });

  it('reprojection from a workflow snapshot rebuilds lost period rows', async () => {
    const caseId = randomUUID();
    const { input, result } = projection(caseId, 4, LY, '2026-12-07');
    await activities.projectCase(input);
    await ds.query('DELETE FROM case_jobtalk_periods WHERE case_id = $1', [caseId]);
    const snapshot = {
      caseId,
      team: 'fleks-nord',
      facts: input.facts,
      phase: 'LY',
      closedOn: null,
      asOf: '2026-12-07',
      obligations: result.occurrences,
      warnings: [],
      ...(result.periods ? { periods: result.periods } : {}),
      nextDueOn: null,
      projectionSeq: 4,
    } satisfies CaseSnapshot;
    expect(await activities.rebuildCase(snapshot)).toBe('rebuilt');
    expect(await periods(caseId)).toEqual([expect.objectContaining({ periodStart: '2026-08-31', heldCount: 2 })]);
  });
});
