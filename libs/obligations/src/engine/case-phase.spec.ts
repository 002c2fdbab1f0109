/** The case phase comes from the case type's state machine, in the same pass that computes the occurrences. */
import { type CaseEvent, type CaseFacts, type ComputeOptions } from './engine-types';
import { computeWithDemo } from '../testing/aht-demo.fixture';

const SDP: CaseFacts = { caseType: 'sygedagpenge' };
const FLEKS: CaseFacts = { birthDate: '1980-05-05' };

const MIGRATED: ComputeOptions = { migrations: [{ id: 'MIG-2026', publishedOn: '2026-12-07' }] };

function phaseOf(facts: CaseFacts, events: CaseEvent[], asOf: string, migrated = false) {
  const options = migrated ? MIGRATED : undefined;
  const { phase, closedOn } = computeWithDemo(facts, events, asOf, options);
  return { phase, closedOn };
}

describe('the case phase of sygedagpenge cases (S1: PRE → SICK → RECOVERED or CLOSED)', () => {
  it('is PRE before the first day of absence and SICK from it', () => {
    expect(phaseOf(SDP, [{ type: 'CASE_OPENED', date: '2027-03-01' }], '2027-03-10')).toEqual({
      phase: 'PRE',
      closedOn: null,
    });
    const sick: CaseEvent[] = [
      { type: 'CASE_OPENED', date: '2027-03-01' },
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-01' },
    ];
    expect(phaseOf(SDP, sick, '2027-03-10')).toEqual({ phase: 'SICK', closedOn: null });
  });

  it('is RECOVERED after a full return to work (the case stays open), CLOSED with its date after CASE_CLOSED', () => {
    // Worked example S2: raskmeldt before the 8-week talk; the later assignment is ignored and changes nothing.
    const s2: CaseEvent[] = [
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-01' },
      { type: 'RETURNED_TO_WORK', date: '2027-04-12' },
      { type: 'TRIAL_ASSIGNED', date: '2027-04-20', program: 'aht-demo', arm: 'participant' },
    ];
    expect(phaseOf(SDP, s2, '2027-04-30')).toEqual({ phase: 'RECOVERED', closedOn: null });
    const closed = [...s2, { type: 'CASE_CLOSED', date: '2027-04-28', reason: 'raskmeldt' }];
    expect(phaseOf(SDP, closed, '2027-04-30')).toEqual({ phase: 'CLOSED', closedOn: '2027-04-28' });
  });

  it('counts only events on or before asOf', () => {
    const events: CaseEvent[] = [
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-01' },
      { type: 'RETURNED_TO_WORK', date: '2027-04-12' },
    ];
    expect(phaseOf(SDP, events, '2027-04-11').phase).toBe('SICK');
    expect(phaseOf(SDP, events, '2027-04-12').phase).toBe('RECOVERED');
  });

  it('ignores what the engine ignored: a return to work before the sick leave started (S1 warning)', () => {
    const events: CaseEvent[] = [
      { type: 'RETURNED_TO_WORK', date: '2027-03-01' },
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-05' },
    ];
    const result = computeWithDemo(SDP, events, '2027-03-10');
    expect(result.warnings.map((w) => w.eventIndex)).toEqual([0]);
    expect({ phase: result.phase, closedOn: result.closedOn }).toEqual({ phase: 'SICK', closedOn: null });
  });

  it('orders same-date events by class (S3), not by input order', () => {
    // Sent in reverse: the sick leave (class 1) still starts before the return to work (class 7) that day.
    const events: CaseEvent[] = [
      { type: 'RETURNED_TO_WORK', date: '2027-03-01' },
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-01' },
    ];
    expect(phaseOf(SDP, events, '2027-03-02')).toEqual({ phase: 'RECOVERED', closedOn: null });
    // Class 7 keeps input order: a return to work after the closing that day is ignored, the case stays CLOSED.
    const closing: CaseEvent[] = [
      { type: 'SICK_LEAVE_STARTED', date: '2027-03-01' },
      { type: 'CASE_CLOSED', date: '2027-03-20', reason: 'stop af sygedagpenge' },
      { type: 'RETURNED_TO_WORK', date: '2027-03-20' },
    ];
    expect(phaseOf(SDP, closing, '2027-03-25')).toEqual({ phase: 'CLOSED', closedOn: '2027-03-20' });
  });

  it('leaves fleksjob phases as they were (C3)', () => {
    const events: CaseEvent[] = [
      { type: 'VISITATION_DECIDED', date: '2027-04-05' },
      { type: 'FLEXJOB_STARTED', date: '2027-05-18', hoursPerWeek: 12, employer: 'private' },
    ];
    expect(phaseOf(FLEKS, events.slice(0, 1), '2027-05-01')).toEqual({ phase: 'LY', closedOn: null });
    expect(phaseOf(FLEKS, events, '2027-06-01')).toEqual({ phase: 'JOB', closedOn: null });
    expect(phaseOf(FLEKS, [...events, { type: 'CASE_CLOSED', date: '2027-07-01' }], '2027-07-02')).toEqual({
      phase: 'CLOSED',
      closedOn: '2027-07-01',
    });
  });

  it('moves on an event that was applied with a warning-only precondition (law-2026 N4)', () => {
    // After MIG-2026 a visitation without recorded health advice warns NO_HEALTH_ADVICE_RECORDED but still takes
    // effect: the case is LY. (A second derivation that skipped every warned event kept such cases in PRE.)
    const events: CaseEvent[] = [{ type: 'VISITATION_DECIDED', date: '2026-08-08' }];
    const result = computeWithDemo(FLEKS, events, '2026-09-01', MIGRATED);
    expect(result.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/^NO_HEALTH_ADVICE_RECORDED/)]);
    expect(phaseOf(FLEKS, events, '2026-09-01', true)).toEqual({ phase: 'LY', closedOn: null });
  });
});
