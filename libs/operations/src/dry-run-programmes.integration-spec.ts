import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseProjectionActivities, TrialCatalogue } from '@frist/activities';
import { FixedClock } from '@frist/config';
import type { CaseEvent } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, DEMO_PROGRAMME_FILE, engineProjection } from '@frist/testing';
import { dryRunMigration, MIG_2026_PUBLISHED_ON } from './migration-dry-run';

const AS_OF = '2027-10-01';
// Worked example S4's start: a sygedagpenge case enrolled in the demo programme, which this installation adopted.
const S4: CaseEvent[] = [
  { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 8 },
  { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program: 'aht-demo', arm: 'participant' },
];

describe('dry runs over cases in an adopted trial programme (real Postgres)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  const catalogue = TrialCatalogue.fromFiles([DEMO_PROGRAMME_FILE]);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    const clock = new FixedClock(new Date(`${AS_OF}T09:00:00Z`));
    const { input } = engineProjection(
      { caseId: randomUUID(), citizenRef: 'ref', team: 'syg-nord', caseType: 'sygedagpenge' },
      S4,
      AS_OF,
      {
        newEvents: S4.map((event, i) => ({ eventId: `e${i}`, event, recordedAt: clock.now().toISOString() })),
        options: { programmes: catalogue.programmes },
      },
    );
    await new CaseProjectionActivities(ds, clock, catalogue).projectCase(input);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('a migration dry run evaluates the case with the installation’s catalogue; the published one alone cannot', async () => {
    const migration = { id: 'MIG-2026', publishedOn: MIG_2026_PUBLISHED_ON } as const;
    await expect(dryRunMigration(ds, migration, AS_OF)).rejects.toThrow(/"aht-demo" is not a trial programme/);
    const report = await dryRunMigration(ds, migration, AS_OF, catalogue.programmes);
    expect(report.cases).toBe(1);
  });
});
