/**
 * "A new programme version never moves an occurrence already started" (trials-and-sygedagpenge.md T2 rules 4 and 6,
 * §G rule 4, X11), as a property: the same random timeline is evaluated against a programme before a new version
 * was published (its first version only) and after (plus a version with a random date and random parameters, or the
 * published midtvejsjustering). Everything that started before the new version's date must be identical.
 *
 * Each evaluation is given its programme through ComputeOptions.programmes (the variant replaces the published
 * programme of the same id); the engine code under test is unchanged.
 */
import fc from 'fast-check';
import { type CaseEvent, type EngineResult, type Occurrence, computeObligations } from '../index';
import { formatIsoDate, parseIsoDate } from '../dates/iso-date';
import { AHT_2009 } from '../trials/aht.programmes';
import { AHT_DEMO, DEMO_PROGRAMMES } from '../testing/aht-demo.fixture';
import { type TrialProgramme, type TrialVersionParameters, defineProgramme } from '../trials/trial-programme';
import { type TrialTimeline, trialTimelineArb } from '../testing/trial-timeline.arbitrary';

const PUBLISHED: Record<string, TrialProgramme> = { 'aht-demo': AHT_DEMO, 'aht-2009': AHT_2009 };

function evaluateWith(programme: TrialProgramme, t: TrialTimeline): EngineResult {
  const programmes = [programme, ...DEMO_PROGRAMMES.filter((p) => p.id !== programme.id)];
  return computeObligations(t.caseFacts, t.events, t.asOf, { programmes });
}

const parametersArb: fc.Arbitrary<TrialVersionParameters> = fc.record(
  {
    contactIntervalDays: fc.integer({ min: 5, max: 14 }),
    individualIntervalDays: fc.constantFrom({ min: 7, max: 28 }, { min: 7, max: 14 }),
    contactForms: fc.subarray(['in-person', 'phone', 'video', 'group', 'digital'], { minLength: 1 }),
    contactHeldBy: fc.subarray(['jobcenter', 'other-actor', 'offer-provider'], { minLength: 1 }),
    targetHours: fc.integer({ min: 4, max: 15 }),
    leadInDays: fc.integer({ min: 0, max: 21 }),
  },
  { requiredKeys: ['contactIntervalDays', 'contactForms', 'contactHeldBy', 'targetHours', 'leadInDays'] },
);

/** The new version: the published midtvejsjustering, or one on a random day with random parameters. */
const newVersionArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.record({ dayOffset: fc.integer({ min: 1, max: 330 }), parameters: parametersArb }), weight: 3 },
);

const key = (o: Occurrence) => `${o.code}#${o.occurrence}`;

describe('a new programme version never moves an occurrence already started (T2 rule 4, §G rule 4)', () => {
  it('everything that started before the new version is identical with and without it', () => {
    let compared = 0;
    let laterOnNewVersion = 0;
    fc.assert(
      fc.property(trialTimelineArb, newVersionArb, (t, change) => {
        const published = PUBLISHED[t.program];
        const [v1, v2] = published.versions;
        const before = defineProgramme({ ...published, versions: [v1] });
        const newVersion = change
          ? {
              id: `${published.id}-v-test`,
              effectiveFrom: formatIsoDate(parseIsoDate(v1.effectiveFrom) + change.dayOffset),
              parameters: change.parameters,
            }
          : v2;
        const after = defineProgramme({ ...published, versions: [v1, newVersion] });
        const E = newVersion.effectiveFrom;

        const r0 = evaluateWith(before, t);
        const r1 = evaluateWith(after, t);

        // Base occurrences and enrolments never depend on a programme version (T2 rule 6).
        expect(r1.occurrences.filter((o) => o.program === undefined)).toEqual(
          r0.occurrences.filter((o) => o.program === undefined),
        );
        expect(r1.enrolments).toEqual(r0.enrolments);
        // Overlay occurrences started before E: the same rows, field by field (dates, status, closing, texts).
        const started = (r: EngineResult) =>
          new Map(r.occurrences.filter((o) => o.program !== undefined && o.startedOn < E).map((o) => [key(o), o]));
        const s0 = started(r0);
        const s1 = started(r1);
        expect([...s1.keys()].sort()).toEqual([...s0.keys()].sort());
        for (const [k, o] of s1) {
          expect(o).toEqual(s0.get(k));
          expect(o.ruleSet).toBe(v1.id);
          compared++;
        }
        // Those started on or after E follow the new version.
        for (const o of r1.occurrences)
          if (o.program !== undefined && o.startedOn >= E) {
            expect(o.ruleSet).toBe(newVersion.id);
            laterOnNewVersion++;
          }
        // Warnings about events before E are the same (an event's validity depends on the version on its date).
        const early = (r: EngineResult) => r.warnings.filter((w) => t.events[w.eventIndex].date < E);
        expect(early(r1)).toEqual(early(r0));
      }),
      { numRuns: 250 },
    );
    // Not vacuous: many started occurrences were compared, and many later ones took the new version.
    expect(compared).toBeGreaterThan(150);
    expect(laterOnNewVersion).toBeGreaterThan(150);
  });

  it('the published midtvejsjustering is such a version: aht-demo before and after 2027-03-12 (S3)', () => {
    const events: CaseEvent[] = [
      { type: 'SICK_LEAVE_STARTED', date: '2027-01-04' },
      { type: 'FIRST_FOLLOWUP_HELD', date: '2027-02-24', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 4 },
      { type: 'TRIAL_ASSIGNED', date: '2027-02-24', program: 'aht-demo', arm: 'participant' },
      { type: 'CONTACT_HELD', date: '2027-03-03', heldBy: 'offer-provider', form: 'in-person' },
      { type: 'CONTACT_HELD', date: '2027-03-12', heldBy: 'jobcenter', form: 'phone' },
      { type: 'CONTACT_HELD', date: '2027-03-15', heldBy: 'jobcenter', form: 'in-person' },
      { type: 'CONTACT_HELD', date: '2027-03-22', heldBy: 'jobcenter', form: 'phone' },
    ];
    const t: TrialTimeline = {
      caseFacts: { caseType: 'sygedagpenge' },
      events,
      asOf: '2027-03-31',
      program: 'aht-demo',
    };
    const v1Only = evaluateWith(defineProgramme({ ...AHT_DEMO, versions: [AHT_DEMO.versions[0]] }), t);
    const published = computeObligations(t.caseFacts, events, t.asOf, { programmes: DEMO_PROGRAMMES });
    const contacts = (r: EngineResult) =>
      r.occurrences
        .filter((o) => o.code === 'aht-weekly-contact')
        .map((o) => [o.occurrence, o.startedOn, o.dueOn, o.status, o.ruleSet]);
    // #1 and #2 started under v1 and are the same either way; under v1 only the phone call on 03-22 meets nothing.
    expect(contacts(v1Only)).toEqual([
      [1, '2027-02-24', '2027-03-03', 'met', 'aht-demo'],
      [2, '2027-03-03', '2027-03-10', 'met-late', 'aht-demo'],
      [3, '2027-03-15', '2027-03-22', 'overdue', 'aht-demo'],
    ]);
    expect(contacts(published)).toEqual([
      [1, '2027-02-24', '2027-03-03', 'met', 'aht-demo'],
      [2, '2027-03-03', '2027-03-10', 'met-late', 'aht-demo'],
      [3, '2027-03-15', '2027-03-22', 'met', 'aht-demo-mj'],
      [4, '2027-03-22', '2027-03-24', 'overdue', 'aht-demo-mj'],
    ]);
  });
});
