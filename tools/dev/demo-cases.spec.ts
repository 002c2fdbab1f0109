import { addDaysIso } from '@frist/contracts';
import { computeObligations } from '@frist/obligations';
import { DEMO_TEAMS, municipalityDemoCases, TRIAL_DEMO_TEAM, trialDemoCases } from './demo-cases';

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

describe('municipality demo cases (npm run dev)', () => {
  const today = '2026-12-07';
  const cases = municipalityDemoCases(today);
  const results = cases.map((c) =>
    computeObligations(
      {
        caseId: c.idempotencyKey,
        caseType: c.caseType ?? 'fleksjob',
        ...(c.birthDate ? { birthDate: c.birthDate } : {}),
      },
      c.events,
      today,
    ),
  );

  it('are ~300 cases in three teams across both case types, the same on every run, each within the create limit', () => {
    expect(cases).toHaveLength(300);
    expect(municipalityDemoCases(today)).toEqual(cases);
    expect(new Set(cases.map((c) => c.team))).toEqual(new Set(DEMO_TEAMS.map((t) => t.id)));
    expect(cases.filter((c) => c.caseType === 'sygedagpenge')).toHaveLength(100);
    expect(new Set(cases.map((c) => c.idempotencyKey)).size).toBe(300);
    expect(Math.max(...cases.map((c) => c.events.length))).toBeLessThanOrEqual(50);
    // Five years of history: the oldest event is about five years back.
    const oldest = cases.flatMap((c) => c.events.map((e) => e.date)).sort()[0];
    expect(oldest < '2022-03-01').toBe(true);
  });

  it('never date an event after the day they are seeded (the API refuses events in the future), on any day', () => {
    for (let n = 0; n < 60; n++) {
      const day = addDaysIso(today, n * 7);
      const future = municipalityDemoCases(day).flatMap((c) =>
        c.events.filter((e) => e.date > day).map((e) => `${c.citizenRef} ${e.type} ${e.date}`),
      );
      expect([day, future]).toEqual([day, []]);
    }
  });

  it('are accepted by the engine without warnings and tell a story: overdue work, fleksjob, closed, back at work', () => {
    expect(results.flatMap((r, i) => r.warnings.map((w) => `${cases[i].citizenRef}: ${w.type} ${w.reason}`))).toEqual(
      [],
    );
    const overdue = results.filter((r) => r.occurrences.some((o) => o.status === 'overdue')).length;
    expect(overdue).toBeGreaterThan(15);
    expect(overdue).toBeLessThan(150);
    const having = (type: string) => cases.filter((c) => c.events.some((e) => e.type === type)).length;
    for (const type of [
      'VISITATION_DECIDED',
      'FLEXJOB_STARTED',
      'FLEXJOB_FOLLOWUP_HELD',
      'CASE_CLOSED',
      'RETURNED_TO_WORK',
    ])
      expect([type, having(type) > 5]).toEqual([type, true]);
    const late = results.flatMap((r) => r.occurrences).filter((o) => o.status === 'met-late').length;
    expect(late).toBeGreaterThan(20);
  });
});
