import { computeObligations } from '@frist/obligations';
import { TRIAL_DEMO_TEAM, trialDemoCases } from './demo-cases';

describe('trial demo cases (npm run dev)', () => {
  const cases = trialDemoCases();
  const results = cases.map((c) =>
    computeObligations({ caseId: c.idempotencyKey, caseType: 'sygedagpenge' }, c.events, '2026-11-26'),
  );

  it('are accepted by the engine without warnings, in one team, at most 50 events each (the create limit)', () => {
    expect(results.flatMap((r, i) => r.warnings.map((w) => `${cases[i].citizenRef}: ${w.type} ${w.reason}`))).toEqual(
      [],
    );
    expect(new Set(cases.map((c) => c.team))).toEqual(new Set([TRIAL_DEMO_TEAM]));
    expect(Math.max(...cases.map((c) => c.events.length))).toBeLessThanOrEqual(50);
  });

  it('enrol six per arm, exempt three participants and one control, and leave nothing open', () => {
    const enrolments = results.map((r) => r.enrolments[0]);
    const count = (arm: string, status?: string) =>
      enrolments.filter((e) => e.arm === arm && (!status || e.status === status)).length;
    expect([count('participant'), count('control')]).toEqual([6, 6]);
    expect([count('participant', 'exempted'), count('control', 'exempted')]).toEqual([3, 1]);
    expect(enrolments.map((e) => e.exemptionReason).filter(Boolean)).toEqual([
      'treatment-obstacle',
      'return-imminent',
      'pregnancy-related',
      'health-treatment',
    ]);
    expect(enrolments.filter((e) => e.status === 'completed')).toHaveLength(3);
    expect(results.flatMap((r) => r.occurrences.filter((o) => o.status === 'open' || o.status === 'overdue'))).toEqual(
      [],
    );
    // Participants meet and miss some 10-hour weeks; some weekly contacts are late.
    const all = results.flatMap((r) => r.occurrences);
    expect(all.filter((o) => o.code === 'aht-activity-10h' && o.status === 'missed').length).toBeGreaterThan(0);
    expect(all.filter((o) => o.code === 'aht-activity-10h' && o.status === 'met').length).toBeGreaterThan(0);
    expect(all.filter((o) => o.code === 'aht-weekly-contact' && o.status === 'met-late').length).toBeGreaterThan(0);
    expect(all.filter((o) => o.code === 'sdp-followup' && o.status === 'met-late').length).toBeGreaterThan(0);
  });
});
