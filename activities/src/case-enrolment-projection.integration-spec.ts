import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FixedClock, loadConfig } from '@frist/config';
import { type CaseEvent } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, DEMO_PROGRAMME_ENV, engineProjection, TEST_AUTH_ENV } from '@frist/testing';
import { CaseProjectionActivities } from './case-projection.activities';
import { TrialCatalogue } from './programme-files';

// Worked example S4 of the trials spec (aht-demo, participant, exempted 2027-08-13 with health-treatment).
const S4: CaseEvent[] = [
  { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 8 },
  { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program: 'aht-demo', arm: 'participant' },
  { type: 'CONTACT_HELD', date: '2027-08-03', heldBy: 'offer-provider', form: 'in-person' },
  { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-08-10', hours: 5, offerType: 'preventive' },
  { type: 'CONTACT_HELD', date: '2027-08-09', heldBy: 'jobcenter', form: 'phone' },
  { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-08-12', hours: 2, offerType: 'preventive' },
  { type: 'TRIAL_EXEMPTED', date: '2027-08-13', program: 'aht-demo', reason: 'health-treatment' },
];

describe('case projection of trial enrolments (real Postgres)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let activities: CaseProjectionActivities;
  let catalogue: TrialCatalogue;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    // The demo programme is adopted as a worker adopts one: its file listed in ADOPTED_PROGRAMMES.
    const config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, ...DEMO_PROGRAMME_ENV });
    catalogue = TrialCatalogue.fromFiles(config.rules.adoptedProgrammeFiles);
    activities = new CaseProjectionActivities(ds, new FixedClock(new Date('2027-10-01T09:00:00Z')), catalogue);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** A projection of the engine's answer for `events` at `asOf`, as the workflow sends it. */
  const projection = (caseId: string, seq: number, events: CaseEvent[], asOf: string, team = 'syg-nord') =>
    engineProjection({ caseId, citizenRef: 'ref', team, caseType: 'sygedagpenge' }, events, asOf, {
      seq,
      options: { programmes: catalogue.programmes },
    }).input;
  const enrolments = (caseId: string) =>
    ds.query(
      `SELECT program, arm, team, version, to_char(assigned_on, 'YYYY-MM-DD') AS assigned_on,
         to_char(last_day_on, 'YYYY-MM-DD') AS last_day_on, status, to_char(ended_on, 'YYYY-MM-DD') AS ended_on,
         outcome, exemption_reason, projection_seq
       FROM case_enrolments WHERE case_id = $1`,
      [caseId],
    );

  it('writes the enrolment and the overlay tasks’ programme and hours; a retry changes nothing', async () => {
    const caseId = randomUUID();
    const p = projection(caseId, 1, S4.slice(0, 7), '2027-08-12');
    await activities.projectCase(p);
    await activities.projectCase(p);
    await Promise.all([activities.projectCase(p), activities.projectCase(p)]);
    expect(await enrolments(caseId)).toEqual([
      {
        program: 'aht-demo',
        arm: 'participant',
        team: 'syg-nord',
        version: 'aht-demo-mj', // 2027-07-27 is after the midtvejsjustering (2027-03-12)
        assigned_on: '2027-07-27',
        last_day_on: '2027-11-26',
        status: 'active',
        ended_on: null,
        outcome: null,
        exemption_reason: null,
        projection_seq: 1,
      },
    ]);
    const tasks: unknown[] = await ds.query(
      `SELECT obligation_code AS code, occurrence AS n, status, program, target_hours::float8 AS target,
         registered_hours::float8 AS registered
       FROM tasks WHERE case_id = $1 ORDER BY obligation_code, occurrence`,
      [caseId],
    );
    expect(tasks).toEqual([
      { code: 'aht-activity-10h', n: 1, status: 'open', program: 'aht-demo', target: 10, registered: 7 },
      { code: 'aht-weekly-contact', n: 1, status: 'met', program: 'aht-demo', target: null, registered: null },
      { code: 'aht-weekly-contact', n: 2, status: 'met', program: 'aht-demo', target: null, registered: null },
      { code: 'aht-weekly-contact', n: 3, status: 'open', program: 'aht-demo', target: null, registered: null },
      { code: 'sdp-first-followup', n: 1, status: 'met', program: null, target: null, registered: null },
      { code: 'sdp-followup', n: 1, status: 'open', program: null, target: null, registered: null },
    ]);
  });

  it('follows the exemption and a moved case; an older projection never overwrites it', async () => {
    const caseId = randomUUID();
    const before = projection(caseId, 1, S4.slice(0, 7), '2027-08-12');
    await activities.projectCase(before);
    await activities.projectCase(projection(caseId, 2, S4, '2027-10-01', 'syg-syd'));
    await activities.projectCase(before); // late retry of seq 1
    expect(await enrolments(caseId)).toEqual([
      expect.objectContaining({
        team: 'syg-syd',
        status: 'exempted',
        ended_on: '2027-08-13',
        outcome: 'exempted',
        exemption_reason: 'health-treatment',
        projection_seq: 2,
      }),
    ]);
  });

  it('removes the enrolment when the assignment is retracted, and leaves it alone when a sender has no enrolments', async () => {
    const caseId = randomUUID();
    await activities.projectCase(projection(caseId, 1, S4.slice(0, 3), '2027-07-28'));
    // A sender from before enrolment projection: no `enrolments` field, the row stays.
    const { enrolments: _omitted, ...legacy } = projection(caseId, 2, S4.slice(0, 2), '2027-07-28');
    await activities.projectCase(legacy);
    expect(await enrolments(caseId)).toHaveLength(1);
    await activities.projectCase(projection(caseId, 3, S4.slice(0, 2), '2027-07-28'));
    expect(await enrolments(caseId)).toEqual([]);
  });

  it('rebuilds enrolments from a workflow snapshot (reproject)', async () => {
    const caseId = randomUUID();
    const p = projection(caseId, 4, S4, '2027-10-01');
    await activities.rebuildCase({
      caseId,
      team: p.facts.team,
      facts: p.facts,
      phase: 'PRE',
      closedOn: null,
      asOf: p.asOf,
      obligations: p.occurrences,
      warnings: [],
      enrolments: p.enrolments,
      nextDueOn: null,
      projectionSeq: 4,
    });
    expect(await enrolments(caseId)).toEqual([expect.objectContaining({ status: 'exempted', projection_seq: 4 })]);
  });
});
