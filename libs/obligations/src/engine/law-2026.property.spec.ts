import fc from 'fast-check';
import { type CaseEvent, type EngineResult, type Occurrence } from '../index';
import { timelineArb } from '../testing/timeline.arbitrary';
import { lawTimelineArb } from '../testing/law-2026.arbitrary';
import golden from '../testing/pre-2026-engine-digests.json';
import { unmigratedDigest } from '../testing/unmigrated-digest';
import { computeWithDemo } from '../testing/aht-demo.fixture';

const RUNS = { numRuns: 300 };
const NEW_ROW_KEYS = ['k', 'legalBasis', 'backfilled', 'provisional'];
const REFORM = '2026-07-01';

function migrated(t: { caseFacts: object; events: CaseEvent[]; asOf: string }, publishedOn = '2026-12-07', extra = {}) {
  return computeWithDemo(t.caseFacts, t.events, t.asOf, {
    migrations: [{ id: 'MIG-2026', publishedOn }],
    ...extra,
  });
}

describe('law-2026 properties', () => {
  it('without MIG-2026 the engine computes exactly what the engine before law-2026 computed (400 timelines)', () => {
    const samples = fc.sample(timelineArb, { seed: 20261207, numRuns: 400 });
    const now = samples.map(unmigratedDigest);
    expect(now).toEqual(golden.digests);
  });

  it('without MIG-2026, `migrations: []` and any ruleSetConfig change nothing and add no keys', () => {
    fc.assert(
      fc.property(timelineArb, (t) => {
        const plain = computeWithDemo(t.caseFacts, t.events, t.asOf);
        const empty = computeWithDemo(t.caseFacts, t.events, t.asOf, {
          migrations: [],
          ruleSetConfig: {
            'contactCadence.enabled': false,
            'passivity.enabled': false,
            'otherActor12m.enabled': false,
          },
        });
        expect(empty).toEqual(plain);
        expect(plain).not.toHaveProperty('periods');
        expect(plain).not.toHaveProperty('migrations');
        for (const o of plain.occurrences) for (const key of NEW_ROW_KEYS) expect(o).not.toHaveProperty(key);
      }),
      RUNS,
    );
  });

  it('migrating never moves the dueOn of an occurrence started before the legal date (and labels every row)', () => {
    fc.assert(
      fc.property(timelineArb, fc.constantFrom('2026-12-07', '2027-03-01', '2026-07-01'), (t, publishedOn) => {
        const before = computeWithDemo(t.caseFacts, t.events, t.asOf);
        const after = migrated(t, publishedOn);
        const key = (o: Occurrence) => `${o.code}#${o.occurrence}`;
        const afterByKey = new Map(after.occurrences.map((o) => [key(o), o]));
        for (const o of before.occurrences) {
          if (o.startedOn >= REFORM) continue;
          const m = afterByKey.get(key(o));
          expect(m).toBeDefined();
          expect(m?.dueOn).toBe(o.dueOn);
          expect(m?.startedOn).toBe(o.startedOn);
        }
        for (const o of after.occurrences) {
          expect(o.legalBasis?.text).toEqual(expect.any(String));
          expect(typeof o.backfilled).toBe('boolean');
        }
      }),
      RUNS,
    );
  });

  it('a ly-jobtalk period never has more than 4 occurrences, a k above 4, or an occurrence after its last day L', () => {
    fc.assert(
      fc.property(lawTimelineArb, (t) => {
        const r = migrated(t, t.publishedOn);
        const rows = r.occurrences.filter((o) => o.code === 'ly-jobtalk');
        for (const p of r.periods ?? []) {
          const series = rows.filter((o) => o.anchorOn === p.periodStart);
          expect(series.length).toBeLessThanOrEqual(4);
          expect(series.filter((o) => o.status === 'met' || o.status === 'met-late').length).toBeLessThanOrEqual(4);
          for (const o of series) {
            expect(o.k).toBeGreaterThanOrEqual(1);
            expect(o.k).toBeLessThanOrEqual(4);
            expect(o.startedOn <= p.lastDay).toBe(true);
            expect(o.nominalDueOn <= p.lastDay).toBe(true);
          }
          if (p.outcome === 'met') expect(p.heldCount).toBeGreaterThanOrEqual(4);
        }
        // Every row belongs to a reported period (untracked periods have neither, N5).
        for (const o of rows) expect((r.periods ?? []).some((p) => p.periodStart === o.anchorOn)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the § 74 c deadline never moves earlier when a benefit pause is added', () => {
    const noCloses = lawTimelineArb.map((t) => ({
      ...t,
      events: t.events.filter(
        (e) =>
          e.type !== 'LY_REASSESSMENT_DONE' &&
          !(e.type === 'OBLIGATION_WAIVED' && e.code === 'ly-reassessment') &&
          e.type !== 'BENEFIT_SUSPENDED' &&
          e.type !== 'BENEFIT_RESUMED' &&
          // A pause also refuses a later BENEFIT_STARTED's re-anchoring (N0.4), which moves R earlier: another rule.
          e.type !== 'BENEFIT_STARTED',
      ),
    }));
    fc.assert(
      fc.property(noCloses, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 400 }), (t, from, length) => {
        const base = migrated(t, t.publishedOn);
        const start = new Date(Date.UTC(2025, 8, 1 + from)).toISOString().slice(0, 10);
        const end = new Date(Date.UTC(2025, 8, 1 + from + length)).toISOString().slice(0, 10);
        const paused = migrated(
          {
            ...t,
            events: [...t.events, { type: 'BENEFIT_SUSPENDED', date: start }, { type: 'BENEFIT_RESUMED', date: end }],
          },
          t.publishedOn,
        );
        const deadline = (r: EngineResult) =>
          r.occurrences.find((o) => o.code === 'ly-reassessment' && o.occurrence === 1);
        const a = deadline(base);
        const b = deadline(paused);
        // A run exists only once it has a real LY-day (N2.4): a pause from the first day at asOf leaves none.
        if (a === undefined || b === undefined) return;
        expect(b.nominalDueOn >= a.nominalDueOn).toBe(true);
      }),
      RUNS,
    );
  });
});
