/** Table-driven checks of the sygedagpenge and trial rules beyond the worked examples (S1–S3, T2–T3, U3–U5, Z). */
import { type CaseEvent, type EngineResult, TimelineValidationError, parseTimeline } from '../index';
import { computeWithDemo, DEMO_PROGRAMMES } from '../testing/aht-demo.fixture';

const SDP = { caseType: 'sygedagpenge' as const };
const sick = (date = '2027-01-04'): CaseEvent => ({ type: 'SICK_LEAVE_STARTED', date });
const first = (date: string, extra: Record<string, unknown> = {}): CaseEvent => ({
  type: 'FIRST_FOLLOWUP_HELD',
  date,
  heldBy: 'jobcenter',
  form: 'in-person',
  cadenceWeeks: 4,
  ...extra,
});
const assign = (date: string, arm = 'participant', program = 'aht-demo'): CaseEvent => ({
  type: 'TRIAL_ASSIGNED',
  date,
  program,
  arm,
});

function run(events: CaseEvent[], asOf: string, facts: Record<string, unknown> = SDP): EngineResult {
  return computeWithDemo(facts, events, asOf);
}

function issues(events: unknown[], facts: Record<string, unknown> = SDP): string[] {
  try {
    parseTimeline({ case: facts, events, asOf: '2027-12-31' }, undefined, DEMO_PROGRAMMES);
  } catch (error) {
    if (error instanceof TimelineValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('invalid input (C1, H2, T2 rule 1, U3, Z3, Z8)', () => {
  it.each([
    ['an event of another case type', [{ type: 'VISITATION_DECIDED', date: '2027-01-04' }], 'events[0].type'],
    [
      'an unknown programme',
      [sick(), first('2027-02-24'), assign('2027-02-24', 'participant', 'aht-1999')],
      'events[2].program',
    ],
    ['an unknown arm', [sick(), first('2027-02-24'), assign('2027-02-24', 'treatment')], 'events[2].arm'],
    [
      'an unknown fritagelse code',
      [sick(), { type: 'TRIAL_EXEMPTED', date: '2027-03-01', program: 'aht-demo', reason: 'bored' }],
      'events[1].reason',
    ],
    ['cadenceWeeks other than 4 or 8', [sick(), first('2027-02-24', { cadenceWeeks: 6 })], 'events[1].cadenceWeeks'],
    [
      'a first talk without cadenceWeeks',
      [sick(), first('2027-02-24', { cadenceWeeks: undefined })],
      'events[1].cadenceWeeks',
    ],
    [
      'a statutory talk held by the offer provider',
      [sick(), { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-03-01', form: 'phone', heldBy: 'offer-provider' }],
      'events[1].heldBy',
    ],
    [
      'standard cadence other than 7 days',
      [
        {
          type: 'TRIAL_CONTACT_CADENCE_SET',
          date: '2027-04-01',
          program: 'aht-demo',
          intervalDays: 14,
          reason: 'standard',
        },
      ],
      'events[0].intervalDays',
    ],
    [
      'hours above 24',
      [{ type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-04-01', hours: 25, offerType: 'lab' }],
      'events[0].hours',
    ],
    // Z16: who held a talk decides whether it counts, so it is never defaulted.
    [
      'a follow-up without heldBy',
      [sick(), { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-03-01', form: 'phone' }],
      'events[1].heldBy: is required',
    ],
    ['a first talk without heldBy', [sick(), first('2027-02-24', { heldBy: undefined })], 'events[1].heldBy'],
    ['a first talk with heldBy null', [sick(), first('2027-02-24', { heldBy: null })], 'events[1].heldBy'],
    [
      'a contact without heldBy',
      [sick(), { type: 'CONTACT_HELD', date: '2027-03-01', form: 'phone' }],
      'events[1].heldBy',
    ],
    [
      'hours without offerType',
      [sick(), { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-04-01', hours: 5 }],
      'events[1].offerType: is required',
    ],
  ])('rejects %s', (_name, events, path) => {
    expect(issues(events).join('\n')).toContain(path);
  });

  it('fleksjob: CONTACT_HELD may omit heldBy (Z9) but not send null; hours need offerType (Z16)', () => {
    const fj = { caseType: 'fleksjob', birthDate: '1980-01-01' };
    const visit = { type: 'VISITATION_DECIDED', date: '2027-01-04' };
    expect(issues([visit, { type: 'CONTACT_HELD', date: '2027-01-05', form: 'phone' }], fj)).toEqual([]);
    expect(issues([visit, { type: 'CONTACT_HELD', date: '2027-01-05', form: 'phone', heldBy: null }], fj)).toEqual([
      'events[1].heldBy: must be left out, not null (CONTACT_HELD)',
    ]);
    expect(issues([visit, { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-01-05', hours: 3 }], fj)).toEqual([
      'events[1].offerType: is required (ACTIVE_OFFER_HOURS_REGISTERED)',
    ]);
  });

  it('needs no birthDate for sygedagpenge, but still for fleksjob (H2)', () => {
    expect(issues([sick()])).toEqual([]);
    expect(issues([], { caseType: 'fleksjob' }).join('\n')).toContain('case.birthDate');
  });
});

describe('warnings without effect', () => {
  it.each([
    [
      'Z2: a first talk held by anden aktør is refused, a later valid one is accepted',
      [sick(), first('2027-02-10', { heldBy: 'other-actor' }), first('2027-02-20')],
      [[1, 'FIRST_FOLLOWUP_HELD', 'jobcenter']],
      { 'sdp-first-followup#1': 'met' },
    ],
    [
      'Z2: a first talk by mail-like form (group) is not a samtale',
      [sick(), first('2027-02-10', { form: 'group' })],
      [[1, 'FIRST_FOLLOWUP_HELD', 'samtale']],
      { 'sdp-first-followup#1': 'overdue' },
    ],
    [
      'Z11: a cadence change on the date of the first talk runs first and is refused',
      [sick(), first('2027-02-24'), { type: 'FOLLOWUP_CADENCE_SET', date: '2027-02-24', cadenceWeeks: 8, reason: 'x' }],
      [[2, 'FOLLOWUP_CADENCE_SET', 'record the cadence on FIRST_FOLLOWUP_HELD']],
      // Still 4 weeks (due 03-24), so overdue; 8 weeks would have been open.
      { 'sdp-followup#1': 'overdue' },
    ],
    [
      'S1: events before the sick leave are ignored',
      [{ type: 'CONTACT_HELD', date: '2027-01-01', form: 'in-person', heldBy: 'jobcenter' }, sick()],
      [[0, 'CONTACT_HELD', 'before SICK_LEAVE_STARTED']],
      { 'sdp-first-followup#1': 'overdue' },
    ],
    [
      'U4: an individual cadence on a v1 date is NOT_ALLOWED_BY_VERSION',
      [
        sick(),
        first('2027-02-24'),
        assign('2027-02-24'),
        {
          type: 'TRIAL_CONTACT_CADENCE_SET',
          date: '2027-03-01',
          program: 'aht-demo',
          intervalDays: 14,
          reason: 'hospitalised',
        },
      ],
      [[3, 'TRIAL_CONTACT_CADENCE_SET', 'NOT_ALLOWED_BY_VERSION']],
      { 'aht-weekly-contact#1': 'overdue' },
    ],
    [
      'T2 rule 1: an assignment on another date than the first talk',
      [sick(), first('2027-02-24'), assign('2027-02-25')],
      [[2, 'TRIAL_ASSIGNED', 'first follow-up']],
      { 'sdp-followup#1': 'overdue' },
    ],
    [
      'T2 rule 1: an assignment outside the enrolment window',
      [sick('2026-11-16'), first('2027-01-03'), assign('2027-01-03')],
      [[2, 'TRIAL_ASSIGNED', 'enrolment window']],
      { 'sdp-followup#1': 'overdue' },
    ],
    [
      'Z14: a partial return that has not started cannot end',
      [sick(), { type: 'PARTIAL_RETURN_ENDED', date: '2027-02-01' }],
      [[1, 'PARTIAL_RETURN_ENDED', 'not in a partial return']],
      { 'sdp-first-followup#1': 'overdue' },
    ],
  ])('%s', (_name, events, warnings, statuses) => {
    const result = run(events, '2027-03-31');
    expect(result.warnings.map((w) => [w.eventIndex, w.type])).toEqual(warnings.map((w) => [w[0], w[1]]));
    warnings.forEach((w, i) => expect(result.warnings[i].reason).toContain(w[2]));
    const byKey = Object.fromEntries(result.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o.status]));
    expect(byKey).toMatchObject(statuses);
  });
});

describe('trial rules', () => {
  it.each([
    ['2027-05-30', '2027-09-29'],
    ['2027-05-31', '2027-09-29'],
    ['2027-01-31', '2027-05-30'],
  ])('Z13: assigned %s → last day %s', (assignedOn, lastDayOn) => {
    const result = run([{ type: 'VISITATION_DECIDED', date: '2027-01-04' }, assign(assignedOn)], assignedOn, {
      birthDate: '1980-01-01',
    });
    expect(result.enrolments[0]).toMatchObject({ assignedOn, lastDayOn, status: 'active' });
  });

  it('U5: FLEXJOB_STARTED ends the enrolment (flexjob) and drops a window starting that day (Z12)', () => {
    const events: CaseEvent[] = [
      { type: 'VISITATION_DECIDED', date: '2027-04-05' },
      assign('2027-04-22'),
      { type: 'FLEXJOB_STARTED', date: '2027-05-13', hoursPerWeek: 10, employer: 'X' },
    ];
    const result = run(events, '2027-06-01', { birthDate: '1984-09-03' });
    expect(result.enrolments[0]).toMatchObject({ status: 'ended', outcome: 'flexjob', endedOn: '2027-05-13' });
    const windows = result.occurrences.filter((o) => o.code === 'aht-activity-10h');
    expect(windows.map((o) => [o.week, o.startedOn, o.status])).toEqual([[1, '2027-05-06', 'missed']]);
    expect(result.occurrences.find((o) => o.code === 'aht-weekly-contact' && o.status === 'cancelled')).toBeDefined();
  });

  it('a waived window gives waived and the grid continues (T3)', () => {
    const events: CaseEvent[] = [
      sick(),
      first('2027-02-24'),
      assign('2027-02-24'),
      { type: 'OBLIGATION_WAIVED', date: '2027-03-12', code: 'aht-activity-10h', reason: 'indlagt' },
    ];
    const windows = run(events, '2027-03-20').occurrences.filter((o) => o.code === 'aht-activity-10h');
    expect(windows.map((o) => [o.week, o.status, o.waiverReason])).toEqual([
      [1, 'waived', 'indlagt'],
      [2, 'open', undefined],
    ]);
  });

  it('control arm: no overlay occurrences, RETURNED_TO_WORK ends the enrolment', () => {
    const result = run(
      [sick(), first('2027-02-24'), assign('2027-02-24', 'control'), { type: 'RETURNED_TO_WORK', date: '2027-04-01' }],
      '2027-05-01',
    );
    expect(result.occurrences.filter((o) => o.program !== undefined)).toEqual([]);
    expect(result.enrolments[0]).toMatchObject({ arm: 'control', status: 'ended', outcome: 'returned-to-work' });
  });

  it('one enrolment per prefix: a second assignment warns (T2 rule 1)', () => {
    const result = run(
      [sick(), first('2027-02-24'), assign('2027-02-24'), assign('2027-02-24', 'control')],
      '2027-03-01',
    );
    expect(result.enrolments).toHaveLength(1);
    expect(result.warnings.map((w) => w.reason).join()).toContain('already has an enrolment');
  });

  it('aht-2009 is shipped with its own dates (historical versions)', () => {
    const result = run(
      [sick('2009-03-02'), first('2009-04-20'), assign('2009-04-20', 'participant', 'aht-2009')],
      '2009-04-30',
    );
    expect(result.ruleSet).toBe('sygedagpenge-2009');
    expect(result.occurrences.find((o) => o.code === 'aht-weekly-contact')).toMatchObject({
      program: 'aht-2009',
      ruleSet: 'aht-2009-mj',
      dueOn: '2009-04-27',
    });
  });

  it('fleksjob timelines without a trial keep their output (no enrolments, no overlay rows)', () => {
    const result = run(
      [
        { type: 'VISITATION_DECIDED', date: '2027-04-05' },
        { type: 'CONTACT_HELD', date: '2027-04-16', form: 'group' },
      ],
      '2027-05-01',
      { birthDate: '1984-09-03' },
    );
    expect(result.enrolments).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
