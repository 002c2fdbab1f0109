/**
 * Timelines that are not in the spec's worked examples (trials-and-sygedagpenge.md §W) but exercise its tricky
 * rules: the aht-2009 midtvejsjustering on 2009-03-12 in the middle of a trial, reason codes before their date,
 * fritagelse followed by a new assignment, the period end, volume windows over Easter, 4 vs 8 weeks, and events of
 * the wrong case type. Every expected value below is derived by hand from the spec (section cited), not copied from
 * the engine's output.
 */
import {
  type CaseEvent,
  type EngineResult,
  type Occurrence,
  TimelineValidationError,
  nextChangeOn,
  parseTimeline,
} from '../index';
import { TRIAL_WORKED_EXAMPLES } from '../testing/trials-worked-examples.fixture';
import { computeWithDemo, DEMO_PROGRAMMES } from '../testing/aht-demo.fixture';

type Row = [
  code: string,
  n: number,
  startedOn: string,
  nominalDueOn: string,
  dueOn: string,
  closed: string,
  status: string,
  ruleSet: string,
];

const SDP = { caseType: 'sygedagpenge' } as const;
const FLEKS = { birthDate: '1984-09-03' } as const;

const ev = (date: string, type: string, fields: Record<string, unknown> = {}): CaseEvent => {
  const defaults: Record<string, unknown> = {};
  if (['FIRST_FOLLOWUP_HELD', 'SICKNESS_FOLLOWUP_HELD', 'CONTACT_HELD'].includes(type)) {
    defaults.heldBy = 'jobcenter';
    defaults.form = 'in-person';
  }
  return { type, date, ...defaults, ...fields };
};
const hours = (date: string, h: number): CaseEvent => ({
  type: 'ACTIVE_OFFER_HOURS_REGISTERED',
  date,
  hours: h,
  offerType: 'lab',
});

function rows(result: EngineResult, filter: (o: Occurrence) => boolean = () => true): Row[] {
  return result.occurrences
    .filter(filter)
    .sort((a, b) => (a.code === b.code ? a.occurrence - b.occurrence : a.code < b.code ? -1 : 1))
    .map((o) => [
      o.code,
      o.occurrence,
      o.startedOn,
      o.nominalDueOn,
      o.dueOn,
      o.metOn ?? o.cancelledOn ?? '—',
      o.status,
      o.ruleSet,
    ]);
}
const overlay = (o: Occurrence) => o.program !== undefined;
const warningsOf = (r: EngineResult) => r.warnings.map((w) => [w.eventIndex, w.type, w.reason]);

function invalid(events: unknown[], facts: Record<string, unknown>): string[] {
  try {
    parseTimeline({ case: facts, events, asOf: '2027-12-31' }, undefined, DEMO_PROGRAMMES);
  } catch (error) {
    if (error instanceof TimelineValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('aht-2009 across the midtvejsjustering of 12 March 2009 (U0, T2 rule 4, U3, X11)', () => {
  // Enrolled under v1 (aht-2009) on 2009-02-19, A = T + 14 = 2009-03-05, L = 2009-06-18.
  const events: CaseEvent[] = [
    ev('2009-01-05', 'SICK_LEAVE_STARTED'),
    ev('2009-02-19', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
    ev('2009-02-19', 'TRIAL_ASSIGNED', { program: 'aht-2009', arm: 'participant' }),
    ev('2009-02-26', 'CONTACT_HELD'),
    ev('2009-03-11', 'TRIAL_EXEMPTED', { program: 'aht-2009', reason: 'return-imminent' }),
    ev('2009-03-12', 'CONTACT_HELD', { form: 'phone' }),
    ev('2009-03-13', 'CONTACT_HELD', { heldBy: 'other-actor' }),
    ev('2009-03-20', 'CONTACT_HELD', { form: 'phone' }),
    ev('2009-03-23', 'TRIAL_EXEMPTED', { program: 'aht-2009', reason: 'return-imminent' }),
    hours('2009-03-10', 6),
    hours('2009-03-11', 4),
    hours('2009-03-12', 3),
  ];
  const result = computeWithDemo(SDP, events, '2009-04-01');

  it('keeps each occurrence on the version of its startedOn; only later ones follow aht-2009-mj', () => {
    expect(rows(result, overlay)).toEqual([
      // #2 started under v1 on 02-26: the phone call on the change date does not meet it, the next visit does.
      ['aht-activity-10h', 1, '2009-03-05', '2009-03-11', '2009-03-11', '2009-03-11', 'met', 'aht-2009'],
      // Z1: a missed window closed on its dueOn, with neither metOn nor cancelledOn.
      ['aht-activity-10h', 2, '2009-03-12', '2009-03-18', '2009-03-18', '—', 'missed', 'aht-2009-mj'],
      ['aht-activity-10h', 3, '2009-03-19', '2009-03-25', '2009-03-25', '2009-03-23', 'cancelled', 'aht-2009-mj'],
      ['aht-weekly-contact', 1, '2009-02-19', '2009-02-26', '2009-02-26', '2009-02-26', 'met', 'aht-2009'],
      ['aht-weekly-contact', 2, '2009-02-26', '2009-03-05', '2009-03-05', '2009-03-13', 'met-late', 'aht-2009'],
      ['aht-weekly-contact', 3, '2009-03-13', '2009-03-20', '2009-03-20', '2009-03-20', 'met', 'aht-2009-mj'],
      ['aht-weekly-contact', 4, '2009-03-20', '2009-03-27', '2009-03-27', '2009-03-23', 'cancelled', 'aht-2009-mj'],
    ]);
    const windows = result.occurrences.filter((o) => o.code === 'aht-activity-10h');
    expect(windows.map((o) => [o.week, o.registeredHours, o.targetHours])).toEqual([
      [1, 10, 10],
      [2, 3, 10],
      [3, 0, 10],
    ]);
  });

  it('warns exactly for the code before its date and the phone call under v1', () => {
    expect(warningsOf(result)).toEqual([
      [4, 'TRIAL_EXEMPTED', expect.stringContaining('REASON_NOT_EFFECTIVE')],
      [5, 'CONTACT_HELD', expect.stringContaining('FORM_NOT_ACCEPTED')],
    ]);
    expect(result.warnings[0].reason).toContain('2009-03-12');
  });

  it('the base follow-ups are untouched by the trial and by the version change (T2 rule 6)', () => {
    expect(rows(result, (o) => !overlay(o))).toEqual([
      // 2009-01-05 + 55 = 2009-03-01, a Sunday → Friday 02-27; met early on 02-19 ("however early").
      ['sdp-first-followup', 1, '2009-01-05', '2009-03-01', '2009-02-27', '2009-02-19', 'met', 'sygedagpenge-2009'],
      ['sdp-followup', 1, '2009-02-19', '2009-04-16', '2009-04-16', '—', 'open', 'sygedagpenge-2009'],
    ]);
  });

  it('records the fritagelse with the code that became valid on the change date', () => {
    expect(result.enrolments).toEqual([
      {
        program: 'aht-2009',
        arm: 'participant',
        assignedOn: '2009-02-19',
        lastDayOn: '2009-06-18',
        status: 'exempted',
        endedOn: '2009-03-23',
        outcome: 'exempted',
        exemptionReason: 'return-imminent',
      },
    ]);
  });
});

describe('individual contact cadence around the change date and a 2009 holiday (U4, B3, B4)', () => {
  const base: CaseEvent[] = [
    ev('2009-01-05', 'SICK_LEAVE_STARTED'),
    ev('2009-02-19', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
    ev('2009-02-19', 'TRIAL_ASSIGNED', { program: 'aht-2009', arm: 'participant' }),
    ev('2009-02-26', 'CONTACT_HELD'),
    // v1: not allowed; v2 from the change date: allowed, for contacts created after it.
    ev('2009-03-11', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-2009', intervalDays: 14, reason: 'hospitalised' }),
    ev('2009-03-12', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-2009', intervalDays: 14, reason: 'hospitalised' }),
    ev('2009-03-13', 'CONTACT_HELD'),
    ev('2009-03-27', 'CONTACT_HELD'),
    ev('2009-04-24', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-2009', intervalDays: 7, reason: 'standard' }),
    ev('2009-04-24', 'CONTACT_HELD', { form: 'video' }),
    ev('2009-05-01', 'CONTACT_HELD', { form: 'phone' }),
  ];
  const result = computeWithDemo(SDP, base, '2009-05-04');

  it('keeps the open contact on 7 days, then 14, then 7 again; store bededag 2009 shifts the last one', () => {
    expect(rows(result, (o) => o.code === 'aht-weekly-contact')).toEqual([
      ['aht-weekly-contact', 1, '2009-02-19', '2009-02-26', '2009-02-26', '2009-02-26', 'met', 'aht-2009'],
      // Open when the cadence was set: it keeps its 7 days.
      ['aht-weekly-contact', 2, '2009-02-26', '2009-03-05', '2009-03-05', '2009-03-13', 'met-late', 'aht-2009'],
      ['aht-weekly-contact', 3, '2009-03-13', '2009-03-27', '2009-03-27', '2009-03-27', 'met', 'aht-2009-mj'],
      // 2009-04-10 is langfredag → Thursday 04-09 is skærtorsdag too → Wednesday 04-08.
      ['aht-weekly-contact', 4, '2009-03-27', '2009-04-10', '2009-04-08', '2009-04-24', 'met-late', 'aht-2009-mj'],
      ['aht-weekly-contact', 5, '2009-04-24', '2009-05-01', '2009-05-01', '2009-05-01', 'met', 'aht-2009-mj'],
      // 2009-05-08 is store bededag (before its abolition in 2024) → Thursday 05-07.
      ['aht-weekly-contact', 6, '2009-05-01', '2009-05-08', '2009-05-07', '—', 'open', 'aht-2009-mj'],
    ]);
    expect(result.occurrences.find((o) => o.code === 'aht-weekly-contact' && o.occurrence === 6)?.explanation).toBe(
      '7 dage efter kontaktsamtale 2009-05-01 = 2009-05-08; 2009-05-08 er store bededag → forfalder torsdag 2009-05-07',
    );
  });

  it('warns NOT_ALLOWED_BY_VERSION on the v1 date only', () => {
    expect(warningsOf(result)).toEqual([
      [4, 'TRIAL_CONTACT_CADENCE_SET', expect.stringContaining('NOT_ALLOWED_BY_VERSION')],
    ]);
  });

  it('an individual cadence needs an active participant enrolment (U4)', () => {
    const control = base.map((e) => (e.type === 'TRIAL_ASSIGNED' ? { ...e, arm: 'control' } : e));
    const r = computeWithDemo(SDP, control, '2009-05-04');
    expect(r.occurrences.filter(overlay)).toEqual([]);
    expect(r.warnings.map((w) => [w.eventIndex, w.type])).toEqual([
      [4, 'TRIAL_CONTACT_CADENCE_SET'],
      [5, 'TRIAL_CONTACT_CADENCE_SET'],
      [8, 'TRIAL_CONTACT_CADENCE_SET'],
    ]);
  });
});

describe('reason codes by date, in both arms (U3)', () => {
  it.each(['participant', 'control'])('%s: health-treatment is refused on 2009-03-11 and accepted on 03-12', (arm) => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2009-01-05', 'SICK_LEAVE_STARTED'),
        ev('2009-02-19', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
        ev('2009-02-19', 'TRIAL_ASSIGNED', { program: 'aht-2009', arm }),
        ev('2009-03-11', 'TRIAL_EXEMPTED', { program: 'aht-2009', reason: 'health-treatment' }),
        ev('2009-03-12', 'TRIAL_EXEMPTED', { program: 'aht-2009', reason: 'health-treatment' }),
      ],
      '2009-03-20',
    );
    expect(warningsOf(r)).toEqual([[3, 'TRIAL_EXEMPTED', expect.stringContaining('REASON_NOT_EFFECTIVE')]]);
    expect(r.enrolments[0]).toMatchObject({
      arm,
      status: 'exempted',
      endedOn: '2009-03-12',
      exemptionReason: 'health-treatment',
    });
  });

  it('an original code works from the first day of the programme', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2009-01-05', 'SICK_LEAVE_STARTED'),
        ev('2009-02-19', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
        ev('2009-02-19', 'TRIAL_ASSIGNED', { program: 'aht-2009', arm: 'participant' }),
        ev('2009-02-20', 'TRIAL_EXEMPTED', { program: 'aht-2009', reason: 'pregnancy-related' }),
      ],
      '2009-03-20',
    );
    expect(r.warnings).toEqual([]);
    expect(rows(r, overlay)).toEqual([
      ['aht-weekly-contact', 1, '2009-02-19', '2009-02-26', '2009-02-26', '2009-02-20', 'cancelled', 'aht-2009'],
    ]);
    expect(r.enrolments[0]).toMatchObject({
      status: 'exempted',
      outcome: 'exempted',
      exemptionReason: 'pregnancy-related',
    });
  });
});

describe('fritagelse is final: no re-assignment under the same prefix (X10, T2 rule 1)', () => {
  const events: CaseEvent[] = [
    ev('2027-04-05', 'VISITATION_DECIDED'),
    ev('2027-04-22', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
    ev('2027-05-03', 'TRIAL_EXEMPTED', { program: 'aht-demo', reason: 'treatment-obstacle' }),
    ev('2027-06-01', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
    ev('2027-06-02', 'TRIAL_ASSIGNED', { program: 'aht-2009', arm: 'control' }),
    ev('2027-06-03', 'TRIAL_EXEMPTED', { program: 'aht-demo', reason: 'terminal-illness' }),
    ev('2027-06-04', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-demo', intervalDays: 14, reason: 'hospitalised' }),
    ev('2027-06-08', 'CONTACT_HELD'),
    hours('2027-06-09', 10),
  ];
  const result = computeWithDemo(FLEKS, events, '2027-07-01');

  it('keeps the one exempted enrolment and creates no overlay occurrence after it', () => {
    expect(result.enrolments).toEqual([
      {
        program: 'aht-demo',
        arm: 'participant',
        assignedOn: '2027-04-22',
        lastDayOn: '2027-08-21',
        status: 'exempted',
        endedOn: '2027-05-03',
        outcome: 'exempted',
        exemptionReason: 'treatment-obstacle',
      },
    ]);
    expect(rows(result, overlay)).toEqual([
      ['aht-weekly-contact', 1, '2027-04-22', '2027-04-29', '2027-04-29', '2027-05-03', 'cancelled', 'aht-demo-mj'],
    ]);
  });

  it('warns for each later trial event; the contact and the hours after it raise nothing (Z5, T3)', () => {
    expect(result.warnings.map((w) => [w.eventIndex, w.type])).toEqual([
      [3, 'TRIAL_ASSIGNED'],
      [4, 'TRIAL_ASSIGNED'],
      [5, 'TRIAL_EXEMPTED'],
      [6, 'TRIAL_CONTACT_CADENCE_SET'],
    ]);
    expect(result.warnings[0].reason).toContain('already has an enrolment under aht');
    expect(result.warnings[1].reason).toContain('no enrolment');
    expect(result.warnings[2].reason).toContain('already ended (exempted)');
  });
});

describe('period end (T2 rule 3, Z10, U2)', () => {
  // T = 2027-05-04 → L = 2027-09-03 (a Friday); A = 05-18; window 15 = [08-24, 08-30] is the last that ends by L.
  const events: CaseEvent[] = [
    ev('2027-04-01', 'VISITATION_DECIDED'),
    ev('2027-05-04', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
    ev('2027-05-05', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-demo', intervalDays: 28, reason: 'hospitalised' }),
    ev('2027-05-11', 'CONTACT_HELD'),
    ev('2027-06-08', 'CONTACT_HELD'),
    ev('2027-07-06', 'CONTACT_HELD'),
    ev('2027-08-03', 'CONTACT_HELD'),
    ev('2027-08-20', 'TRIAL_CONTACT_CADENCE_SET', { program: 'aht-demo', intervalDays: 7, reason: 'standard' }),
    ev('2027-08-27', 'CONTACT_HELD'),
    // A Saturday: the next contact would be due 09-04 = L + 1 (shifted back onto L, Friday 09-03): not created.
    ev('2027-08-28', 'CONTACT_HELD', { form: 'video' }),
    hours('2027-08-24', 10),
    hours('2027-09-01', 8),
  ];
  const result = computeWithDemo(FLEKS, events, '2027-09-30');

  it('creates no overlay occurrence due after L and completes the enrolment on L + 1', () => {
    const contacts = rows(result, (o) => o.code === 'aht-weekly-contact');
    expect(contacts).toEqual([
      ['aht-weekly-contact', 1, '2027-05-04', '2027-05-11', '2027-05-11', '2027-05-11', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 2, '2027-05-11', '2027-06-08', '2027-06-08', '2027-06-08', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 3, '2027-06-08', '2027-07-06', '2027-07-06', '2027-07-06', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 4, '2027-07-06', '2027-08-03', '2027-08-03', '2027-08-03', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 5, '2027-08-03', '2027-08-31', '2027-08-31', '2027-08-27', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 6, '2027-08-27', '2027-09-03', '2027-09-03', '2027-08-28', 'met', 'aht-demo-mj'],
    ]);
    const windows = result.occurrences.filter((o) => o.code === 'aht-activity-10h');
    expect(windows).toHaveLength(15);
    expect(windows.slice(0, 14).every((w) => w.status === 'missed' && w.registeredHours === 0)).toBe(true);
    expect(windows[14]).toMatchObject({
      week: 15,
      startedOn: '2027-08-24',
      dueOn: '2027-08-30',
      status: 'met',
      metOn: '2027-08-24',
      registeredHours: 10,
    });
    for (const o of result.occurrences.filter(overlay)) expect(o.nominalDueOn <= '2027-09-03').toBe(true);
    expect(result.enrolments).toEqual([
      {
        program: 'aht-demo',
        arm: 'participant',
        assignedOn: '2027-05-04',
        lastDayOn: '2027-09-03',
        status: 'completed',
        endedOn: '2027-09-04',
        outcome: 'period-ended',
        exemptionReason: null,
      },
    ]);
  });

  it('hours outside any window change nothing and raise no warning (T3)', () => {
    expect(result.warnings).toEqual([]);
  });
});

describe('volume windows over Easter 2027 (T3: no shift, holiday hours count)', () => {
  // Assigned under v1 on 03-09; window 1 = [03-23, 03-29] starts under v2 and carries it (T2 rule 4).
  const events: CaseEvent[] = [
    ev('2027-02-01', 'VISITATION_DECIDED'),
    ev('2027-03-09', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
    hours('2027-03-25', 4), // skærtorsdag
    hours('2027-03-26', 3), // langfredag
    hours('2027-03-28', 3), // påskedag (a Sunday)
    hours('2027-03-29', 2), // 2. påskedag: after the window was met, still added (Z7)
    hours('2027-03-30', 9),
  ];
  const windows = (asOf: string) =>
    computeWithDemo(FLEKS, events, asOf).occurrences.filter((o) => o.code === 'aht-activity-10h');

  it('meets window 1 on påskedag; its due date stays on 2. påskedag', () => {
    expect(
      windows('2027-03-29').map((o) => [
        o.week,
        o.startedOn,
        o.nominalDueOn,
        o.dueOn,
        o.metOn,
        o.status,
        o.registeredHours,
        o.ruleSet,
      ]),
    ).toEqual([[1, '2027-03-23', '2027-03-29', '2027-03-29', '2027-03-28', 'met', 12, 'aht-demo-mj']]);
  });

  it('a window short of the target is open through its last day and missed the day after', () => {
    expect(windows('2027-04-05').map((o) => [o.week, o.status, o.registeredHours])).toEqual([
      [1, 'met', 12],
      [2, 'open', 9],
    ]);
    const w2 = windows('2027-04-06').find((o) => o.week === 2)!;
    expect(w2).toMatchObject({ status: 'missed', dueOn: '2027-04-05' });
    expect(w2.metOn).toBeUndefined();
    expect(w2.cancelledOn).toBeUndefined();
    expect(w2.explanation).toBe('uge 2 af forsøget 2027-03-30–2027-04-05: mål 10 timer, registreret 9 timer');
  });
});

describe('sygedagpenge 4 vs 8 weeks (S4.2, S2 OBLIGATION_WAIVED, Z11)', () => {
  it('a change from 4 to 8 weeks keeps the open follow-up; the next uses 8', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-22', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
        ev('2027-03-01', 'FOLLOWUP_CADENCE_SET', { cadenceWeeks: 8, reason: 'stabilt forløb' }),
        ev('2027-03-17', 'SICKNESS_FOLLOWUP_HELD', { heldBy: 'other-actor', form: 'video' }),
      ],
      '2027-04-01',
    );
    expect(rows(r)).toEqual([
      ['sdp-first-followup', 1, '2027-01-04', '2027-02-28', '2027-02-26', '2027-02-22', 'met', 'sygedagpenge-2009'],
      ['sdp-followup', 1, '2027-02-22', '2027-03-22', '2027-03-22', '2027-03-17', 'met', 'sygedagpenge-2009'],
      ['sdp-followup', 2, '2027-03-17', '2027-05-12', '2027-05-12', '—', 'open', 'sygedagpenge-2009'],
    ]);
    expect(r.occurrences.find((o) => o.code === 'sdp-followup' && o.occurrence === 2)?.explanation).toBe(
      '8 uger efter opfølgningssamtale 2027-03-17 = 2027-05-12',
    );
  });

  it('a waived follow-up is followed by one due at the waiver date + the cadence', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-22', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
        ev('2027-03-10', 'OBLIGATION_WAIVED', { code: 'sdp-followup', reason: 'indlagt' }),
      ],
      '2027-03-20',
    );
    expect(rows(r, (o) => o.code === 'sdp-followup')).toEqual([
      ['sdp-followup', 1, '2027-02-22', '2027-03-22', '2027-03-22', '2027-03-10', 'waived', 'sygedagpenge-2009'],
      ['sdp-followup', 2, '2027-03-10', '2027-04-07', '2027-04-07', '—', 'open', 'sygedagpenge-2009'],
    ]);
    expect(r.occurrences.find((o) => o.code === 'sdp-followup' && o.occurrence === 2)?.explanation).toBe(
      '4 uger efter dispensation 2027-03-10 = 2027-04-07',
    );
  });

  it('a waived 8-week talk has no successor, and the first talk held later still starts the cadence', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-15', 'OBLIGATION_WAIVED', { code: 'sdp-first-followup', reason: 'indlagt' }),
        ev('2027-03-08', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
      ],
      '2027-03-20',
    );
    expect(r.warnings).toEqual([]);
    expect(rows(r)).toEqual([
      ['sdp-first-followup', 1, '2027-01-04', '2027-02-28', '2027-02-26', '2027-02-15', 'waived', 'sygedagpenge-2009'],
      ['sdp-followup', 1, '2027-03-08', '2027-05-03', '2027-05-03', '—', 'open', 'sygedagpenge-2009'],
    ]);
  });

  it('a cadence change before the first talk has no effect (S2: "After the first follow-up")', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-01', 'FOLLOWUP_CADENCE_SET', { cadenceWeeks: 8, reason: 'x' }),
        ev('2027-02-22', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
      ],
      '2027-03-01',
    );
    expect(r.warnings.map((w) => [w.eventIndex, w.type])).toEqual([[1, 'FOLLOWUP_CADENCE_SET']]);
    expect(r.occurrences.find((o) => o.code === 'sdp-followup')?.dueOn).toBe('2027-03-22');
  });

  it('a partial return and the overlay leave the statutory follow-ups alone; RETURNED_TO_WORK ends everything', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-22', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
        ev('2027-02-22', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
        ev('2027-03-01', 'PARTIAL_RETURN_STARTED', { hoursPerWeek: 20 }),
        ev('2027-03-22', 'SICKNESS_FOLLOWUP_HELD'),
        ev('2027-04-06', 'RETURNED_TO_WORK'),
        ev('2027-04-07', 'CONTACT_HELD'),
      ],
      '2027-05-01',
    );
    expect(rows(r, (o) => o.code.startsWith('sdp-'))).toEqual([
      ['sdp-first-followup', 1, '2027-01-04', '2027-02-28', '2027-02-26', '2027-02-22', 'met', 'sygedagpenge-2009'],
      ['sdp-followup', 1, '2027-02-22', '2027-03-22', '2027-03-22', '2027-03-22', 'met', 'sygedagpenge-2009'],
      ['sdp-followup', 2, '2027-03-22', '2027-04-19', '2027-04-19', '2027-04-06', 'cancelled', 'sygedagpenge-2009'],
    ]);
    // The partial return started before A = 03-08, so no window ever opened (U4).
    expect(r.occurrences.filter((o) => o.code === 'aht-activity-10h')).toEqual([]);
    expect(r.enrolments[0]).toMatchObject({ status: 'ended', outcome: 'returned-to-work', endedOn: '2027-04-06' });
    expect(r.warnings.map((w) => [w.eventIndex, w.type, w.reason])).toEqual([
      [6, 'CONTACT_HELD', 'after RETURNED_TO_WORK'],
    ]);
  });
});

describe('events of the wrong case type make the input invalid (H2, C1)', () => {
  it.each([
    ['SICK_LEAVE_STARTED', FLEKS, [{ type: 'SICK_LEAVE_STARTED', date: '2027-01-04' }]],
    [
      'FIRST_FOLLOWUP_HELD',
      FLEKS,
      [{ type: 'FIRST_FOLLOWUP_HELD', date: '2027-01-04', form: 'in-person', cadenceWeeks: 4 }],
    ],
    ['PARTIAL_RETURN_STARTED', FLEKS, [{ type: 'PARTIAL_RETURN_STARTED', date: '2027-01-04', hoursPerWeek: 10 }]],
    ['FLEXJOB_STARTED', SDP, [{ type: 'FLEXJOB_STARTED', date: '2027-01-04', hoursPerWeek: 10, employer: 'X' }]],
    ['CONTACT_CADENCE_SET', SDP, [{ type: 'CONTACT_CADENCE_SET', date: '2027-01-04', intervalDays: 21, reason: 'x' }]],
  ])('%s', (_type, facts, events) => {
    expect(invalid(events, facts).join('\n')).toMatch(/^events\[0\]\.type: /);
  });

  it.each([
    ['a sygedagpenge code waived in a fleksjob case', FLEKS, 'sdp-followup'],
    ['a fleksjob code waived in a sygedagpenge case', SDP, 'contact-14d'],
  ])('%s', (_name, facts, code) => {
    const issues = invalid([{ type: 'OBLIGATION_WAIVED', date: '2027-01-04', code, reason: 'x' }], facts);
    expect(issues.join('\n')).toContain('events[0].code');
  });

  it('an unknown case type is invalid', () => {
    expect(invalid([], { caseType: 'kontanthjaelp' }).join('\n')).toContain('caseType');
  });

  it('a fleksjob case outside LY cannot be enrolled (U5): warning, no enrolment', () => {
    const r = computeWithDemo(
      FLEKS,
      [
        { type: 'PREPARATORY_PART_STARTED', date: '2027-02-01' },
        { type: 'TRIAL_ASSIGNED', date: '2027-02-10', program: 'aht-demo', arm: 'participant' },
      ],
      '2027-03-01',
    );
    expect(r.enrolments).toEqual([]);
    expect(r.warnings.map((w) => [w.eventIndex, w.type, w.reason])).toEqual([
      [1, 'TRIAL_ASSIGNED', expect.stringContaining('not in phase LY')],
    ]);
  });
});

describe('S6 with FLEXJOB_STARTED on 05-18 (the spec’s "Why" of S6, U5)', () => {
  const s6 = TRIAL_WORKED_EXAMPLES.find((e) => e.id === 'S6')!;
  const result = computeWithDemo(
    { caseType: 'fleksjob', birthDate: s6.birthDate },
    [...s6.events, { type: 'FLEXJOB_STARTED', date: '2027-05-18', hoursPerWeek: 12, employer: 'Kantine Syd' }],
    '2027-05-31',
  );

  it('cancels contact #4 and window 2 and ends the enrolment (flexjob)', () => {
    expect(rows(result, overlay).slice(-3)).toEqual([
      ['aht-weekly-contact', 2, '2027-04-29', '2027-05-06', '2027-05-05', '2027-05-05', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 3, '2027-05-05', '2027-05-12', '2027-05-12', '2027-05-12', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 4, '2027-05-12', '2027-05-19', '2027-05-19', '2027-05-18', 'cancelled', 'aht-demo-mj'],
    ]);
    expect(rows(result, (o) => o.code === 'aht-activity-10h')).toEqual([
      ['aht-activity-10h', 1, '2027-05-06', '2027-05-12', '2027-05-12', '2027-05-10', 'met', 'aht-demo-mj'],
      ['aht-activity-10h', 2, '2027-05-13', '2027-05-19', '2027-05-19', '2027-05-18', 'cancelled', 'aht-demo-mj'],
    ]);
    expect(result.enrolments).toEqual([
      { ...s6.enrolments[0], status: 'ended', endedOn: '2027-05-18', outcome: 'flexjob' },
    ]);
  });
});

describe('a sleeping trial case wakes when the answer changes without an event (nextChangeOn, T2 rule 3, T3)', () => {
  const head = (arm: string): CaseEvent[] => [
    ev('2027-01-04', 'SICK_LEAVE_STARTED'),
    ev('2027-02-24', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 8 }),
    ev('2027-02-24', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm }),
  ];

  it('on the first window start A = T + 14, when nothing else is due', () => {
    // Contact #2 (03-01 → 03-08) is overdue on 03-09; the statutory follow-up is due 04-21.
    const r = computeWithDemo(SDP, [...head('participant'), ev('2027-03-01', 'CONTACT_HELD')], '2027-03-09');
    expect(r.occurrences.filter((o) => o.code === 'aht-activity-10h')).toEqual([]);
    expect(nextChangeOn(r, DEMO_PROGRAMMES)).toBe('2027-03-10');
    const woken = computeWithDemo(SDP, [...head('participant'), ev('2027-03-01', 'CONTACT_HELD')], '2027-03-10');
    expect(woken.occurrences.find((o) => o.code === 'aht-activity-10h')).toMatchObject({ week: 1, status: 'open' });
  });

  it('on L + 1, when the period ends (also for the control arm)', () => {
    // 2027-06-01: the follow-up (due 04-21) is overdue, so only the period end of L = 2027-06-23 is ahead.
    const r = computeWithDemo(SDP, head('control'), '2027-06-01');
    expect(r.occurrences.filter((o) => o.status === 'open')).toEqual([]);
    expect(nextChangeOn(r, DEMO_PROGRAMMES)).toBe('2027-06-24');
    expect(computeWithDemo(SDP, head('control'), '2027-06-24').enrolments[0]).toMatchObject({
      status: 'completed',
      endedOn: '2027-06-24',
    });
  });
});

describe('docs/trials-and-sygedagpenge.md A1: a kontaktsamtale and an opfølgningssamtale on one date (U1, X5, Z4)', () => {
  it('each meets a weekly contact: the second meets the one the first opened that day (literal reading)', () => {
    const r = computeWithDemo(
      SDP,
      [
        ev('2027-01-04', 'SICK_LEAVE_STARTED'),
        ev('2027-02-24', 'FIRST_FOLLOWUP_HELD', { cadenceWeeks: 4 }),
        ev('2027-02-24', 'TRIAL_ASSIGNED', { program: 'aht-demo', arm: 'participant' }),
        ev('2027-03-24', 'CONTACT_HELD'),
        ev('2027-03-24', 'SICKNESS_FOLLOWUP_HELD'),
      ],
      '2027-03-25',
    );
    expect(r.warnings).toEqual([]);
    expect(rows(r, (o) => o.code === 'aht-weekly-contact')).toEqual([
      ['aht-weekly-contact', 1, '2027-02-24', '2027-03-03', '2027-03-03', '2027-03-24', 'met-late', 'aht-demo'],
      ['aht-weekly-contact', 2, '2027-03-24', '2027-03-31', '2027-03-31', '2027-03-24', 'met', 'aht-demo-mj'],
      ['aht-weekly-contact', 3, '2027-03-24', '2027-03-31', '2027-03-31', '—', 'open', 'aht-demo-mj'],
    ]);
  });
});
