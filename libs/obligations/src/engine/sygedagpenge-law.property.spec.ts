import fc from 'fast-check';
import { type EngineResult, type Occurrence } from '../index';
import { sdpLawTimelineArb, sdpTimelineArb } from '../testing/sygedagpenge.arbitrary';
import { sygedagpengeTrialTimelineArb } from '../testing/trial-timeline.arbitrary';
import { addMonths, addDays } from '../dates/iso-date';
import golden from '../testing/pre-sdp-2025-engine-digests.json';
import { unmigratedDigest } from '../testing/unmigrated-digest';
import { computeWithDemo } from '../testing/aht-demo.fixture';

const RUNS = { numRuns: 300 };
const NEW_ROW_KEYS = ['k', 'legalBasis', 'backfilled', 'provisional'];
/** legalEffectiveFrom of sygedagpenge-2025 and -2026 (M1). */
const SDP_2025 = '2025-01-01';
const SDP_2026 = '2026-07-01';

const key = (o: Occurrence) => `${o.code}#${o.occurrence}`;

type Timeline = { caseFacts: object; events: Array<{ type: string; date: string }>; asOf: string };
const migrated = (t: Timeline, publishedOn = '2026-12-07', extra = {}) =>
  computeWithDemo(t.caseFacts, t.events, t.asOf, { migrations: [{ id: 'MIG-2026', publishedOn }], ...extra });

/** Plain sygedagpenge timelines and trial timelines (aht-2009 in 2009, aht-demo in 2027). */
const anySdpTimeline = fc.oneof(
  { arbitrary: sdpTimelineArb, weight: 3 },
  { arbitrary: sygedagpengeTrialTimelineArb, weight: 1 },
);

describe('law-2026 §R properties (sygedagpenge)', () => {
  it('without MIG-2026 the engine computes exactly what it computed before sygedagpenge-2025/-2026 (400 timelines)', () => {
    const samples: Timeline[] = [
      ...fc.sample(sdpTimelineArb, { seed: 20250101, numRuns: 300 }),
      ...fc.sample(sygedagpengeTrialTimelineArb, { seed: 20250101, numRuns: 100 }),
    ];
    const now = samples.map(unmigratedDigest);
    expect(now).toEqual(golden.digests);
  });

  it('without MIG-2026, `migrations: []` and any ruleSetConfig change nothing and add no keys', () => {
    fc.assert(
      fc.property(anySdpTimeline, (t) => {
        const plain = computeWithDemo(t.caseFacts, t.events, t.asOf);
        const empty = computeWithDemo(t.caseFacts, t.events, t.asOf, {
          migrations: [],
          ruleSetConfig: { 'sdpFollowups.enabled': false },
        });
        expect(empty).toEqual(plain);
        expect(plain).not.toHaveProperty('periods');
        expect(plain).not.toHaveProperty('migrations');
        expect(plain.ruleSet).toBe('sygedagpenge-2009');
        for (const o of plain.occurrences) for (const k of NEW_ROW_KEYS) expect(o).not.toHaveProperty(k);
      }),
      RUNS,
    );
  });

  it('migrating never moves the dueOn of an occurrence started before the legal date, and labels every row', () => {
    fc.assert(
      fc.property(anySdpTimeline, fc.constantFrom('2026-12-07', '2027-03-01', '2026-07-01'), (t, publishedOn) => {
        const before = computeWithDemo(t.caseFacts, t.events, t.asOf);
        const after = migrated(t, publishedOn);
        const afterByKey = new Map(after.occurrences.map((o) => [key(o), o]));
        for (const o of before.occurrences) {
          // Before 2025 every row keeps its 2009 rule set (R7); the week-8 talk keeps its date under both new sets.
          const kept = o.startedOn < SDP_2025 || (o.code === 'sdp-first-followup' && o.startedOn < SDP_2026);
          if (!kept) continue;
          const m = afterByKey.get(key(o));
          expect(m).toBeDefined();
          expect(m?.dueOn).toBe(o.dueOn);
          expect(m?.startedOn).toBe(o.startedOn);
          if (o.startedOn < SDP_2025 && o.program === undefined) expect(m?.ruleSet).toBe('sygedagpenge-2009');
        }
        for (const o of after.occurrences) {
          expect(o.legalBasis?.text).toEqual(expect.any(String));
          expect(typeof o.backfilled).toBe('boolean');
        }
        expect(after.periods).toEqual([]);
      }),
      RUNS,
    );
  });

  it('an sdp-followups-6m series never has more than talks 2–4, a k outside 2–4, or an occurrence after L', () => {
    fc.assert(
      fc.property(sdpLawTimelineArb, fc.boolean(), (t, switchOn) => {
        const r = migrated(t, '2026-12-07', switchOn ? {} : { ruleSetConfig: { 'sdpFollowups.enabled': false } });
        const sick = t.events[0].date;
        const lastDay = addDays(addMonths(sick, 6), -1);
        const rows = r.occurrences.filter((o) => o.code === 'sdp-followups-6m');
        expect(rows.length).toBeLessThanOrEqual(3);
        expect(new Set(rows.map((o) => o.k)).size).toBe(rows.length);
        for (const o of rows) {
          expect(o.k).toBeGreaterThanOrEqual(2);
          expect(o.k).toBeLessThanOrEqual(4);
          expect(o.anchorOn).toBe(sick);
          expect(o.nominalDueOn).toBe(lastDay);
          expect(o.startedOn <= lastDay).toBe(true);
          // R3′: the switch suppresses only occurrences that would start on or after 2026-07-01.
          if (!switchOn) expect(o.startedOn < SDP_2026).toBe(true);
          expect(o.kind).toBe(o.startedOn < SDP_2026 ? 'legal' : 'policy');
        }
        // The checkpoint is due by the end of week 26 from F (R6), whatever its start.
        for (const o of r.occurrences.filter((x) => x.code === 'sdp-26w-checkpoint')) {
          expect(o.nominalDueOn).toBe(addDays(sick, 181));
          expect(o.startedOn >= SDP_2026).toBe(true);
        }
        expect(
          r.occurrences.filter((o) => o.code === 'sdp-first-followup' && o.status === 'open').length,
        ).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('migrated evaluation does not depend on the input order of events on different days, and is deterministic', () => {
    fc.assert(
      fc.property(sdpLawTimelineArb, (t) => {
        const a = migrated(t);
        // Within a day the same-date class and then input order decide (S3); across days only the dates do.
        if (new Set(t.events.map((e) => e.date)).size === t.events.length) {
          const reversed = migrated({ ...t, events: [...t.events].reverse() });
          const rows = (r: EngineResult) => r.occurrences.map((o) => [key(o), o.dueOn, o.status, o.metOn]);
          expect(rows(reversed)).toEqual(rows(a));
        }
        expect(migrated(t)).toEqual(a);
      }),
      RUNS,
    );
  });
});
