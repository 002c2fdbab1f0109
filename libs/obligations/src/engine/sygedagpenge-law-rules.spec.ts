import { type CaseEvent, type EngineResult, TimelineValidationError, computeObligations } from '../index';
import { P_2026 } from '../testing/law-2026-examples.fixture';

/** law-2026 §R rules outside the worked examples, each against the spec's rule (R0–R7, O4, M3, M5). */
const SDP = { caseType: 'sygedagpenge' as const };
const run = (events: CaseEvent[], asOf: string, extra: object = {}): EngineResult =>
  computeObligations(SDP, events, asOf, { migrations: P_2026, ...extra });
const rows = (r: EngineResult, code: string) => r.occurrences.filter((o) => o.code === code);
const row = (r: EngineResult, code: string, n = 1) => r.occurrences.find((o) => o.code === code && o.occurrence === n);
const codes = (r: EngineResult) => r.warnings.map((w) => [w.eventIndex, /^([A-Z_0-9]+):/.exec(w.reason)?.[1] ?? '']);
const sick = (date: string): CaseEvent => ({ type: 'SICK_LEAVE_STARTED', date });
const first = (date: string, extra: Record<string, unknown> = {}): CaseEvent => ({
  type: 'FIRST_FOLLOWUP_HELD',
  date,
  heldBy: 'jobcenter',
  form: 'in-person',
  ...extra,
});
const followup = (date: string, form = 'in-person'): CaseEvent => ({
  type: 'SICKNESS_FOLLOWUP_HELD',
  date,
  heldBy: 'jobcenter',
  form,
});
const shortAbsence = (date: string, fields = {}): CaseEvent => ({
  type: 'SHORT_ABSENCE_EXPECTED',
  date,
  inEmployment: true,
  employeeExpects: true,
  employerExpects: true,
  ...fields,
});

describe('M3: the law-2026 sygedagpenge vocabulary exists only after MIG-2026', () => {
  it('refuses the new event types and keeps cadenceWeeks required without the migration', () => {
    const events = [sick('2026-08-03'), { type: 'TALK_REQUESTED', date: '2026-08-10' }];
    expect(() => computeObligations(SDP, events, '2026-09-01')).toThrow(
      /events\[1\]\.type: event type "TALK_REQUESTED" is known only after migration MIG-2026 has run/,
    );
    expect(() => computeObligations(SDP, [sick('2025-03-03'), first('2025-04-22')], '2025-06-01')).toThrow(
      /events\[1\]\.cadenceWeeks: is required/,
    );
    expect(rows(run([sick('2025-03-03'), first('2025-04-22')], '2025-06-01'), 'sdp-followups-6m')).toHaveLength(1);
  });

  it('R0: after MIG-2026 a first talk before 2025-01-01 still needs cadenceWeeks, and 13f needs expectedReturnOn', () => {
    try {
      run([sick('2024-11-04'), first('2024-12-20'), first('2025-01-06', { track: '13f' })], '2025-02-01');
      throw new Error('expected invalid input');
    } catch (err) {
      expect(err).toBeInstanceOf(TimelineValidationError);
      expect((err as TimelineValidationError).issues.map((i) => [i.eventIndex, i.field])).toEqual([
        [1, 'cadenceWeeks'],
        [2, 'expectedReturnOn'],
      ]);
    }
  });
});

describe('R1 sdp-first-followup from 2025', () => {
  it('refuses a first talk in the fixed order, with FIRST_TALK_IN_PERSON_REQUIRED last; a refusal does not use up "once"', () => {
    const r = run(
      [
        sick('2025-03-03'),
        first('2025-04-01', { heldBy: 'other-actor' }),
        first('2025-04-02', { form: 'digital' }),
        first('2025-04-03', { form: 'phone' }),
        first('2025-04-04', { form: 'video', exceptionReason: 'indlagt' }),
        first('2025-04-07'),
      ],
      '2025-05-01',
    );
    expect(codes(r)).toEqual([
      [1, ''],
      [2, ''],
      [3, 'FIRST_TALK_IN_PERSON_REQUIRED'],
      [5, ''],
    ]);
    expect(r.warnings[3].reason).toBe('the first follow-up has already been held');
    expect(row(r, 'sdp-first-followup')).toMatchObject({ status: 'met', metOn: '2025-04-04', k: 1 });
    expect(row(r, 'sdp-followups-6m')).toMatchObject({ k: 2, startedOn: '2025-04-04', anchorOn: '2025-03-03' });
  });

  it('before 2025-01-01 a phone first talk follows S2 (accepted) and starts a 2009 series', () => {
    const r = run([sick('2024-10-07'), first('2024-11-25', { form: 'phone', cadenceWeeks: 4 })], '2024-12-01');
    expect(r.warnings).toEqual([]);
    expect(row(r, 'sdp-first-followup')).toMatchObject({ ruleSet: 'sygedagpenge-2009', status: 'met' });
    expect(row(r, 'sdp-first-followup')?.k).toBeUndefined();
    expect(row(r, 'sdp-followup')).toMatchObject({ ruleSet: 'sygedagpenge-2009', nominalDueOn: '2024-12-23' });
    expect(rows(r, 'sdp-followups-6m')).toEqual([]);
  });

  it('CADENCE_IGNORED: a first talk from 2025 with cadenceWeeks is accepted; FOLLOWUP_CADENCE_SET then warns, no effect', () => {
    const r = run(
      [
        sick('2025-03-03'),
        first('2025-04-22', { cadenceWeeks: 4 }),
        { type: 'FOLLOWUP_CADENCE_SET', date: '2025-05-01', cadenceWeeks: 8, reason: 'x' },
      ],
      '2025-05-10',
    );
    expect(codes(r)).toEqual([
      [1, 'CADENCE_IGNORED'],
      [2, ''],
    ]);
    expect(row(r, 'sdp-followups-6m')).toMatchObject({ k: 2, nominalDueOn: '2025-09-02', status: 'open' });
  });
});

describe('R2 early follow-up', () => {
  it('brings the open first follow-up forward to min(current, Q + 14), flagged § 13 b, stk. 2, with the explanation note', () => {
    const r = run(
      [sick('2025-03-03'), { type: 'EARLY_FOLLOWUP_REQUESTED', date: '2025-03-10', by: 'employer' }],
      '2025-03-12',
    );
    expect(row(r, 'sdp-first-followup')).toMatchObject({
      nominalDueOn: '2025-03-24',
      dueOn: '2025-03-24',
      legalBasis: { text: 'sygedagpengeloven § 13 b, stk. 2', tag: 'L' },
      explanation:
        'udgangen af 8. uge regnet fra første fraværsdag 2025-03-03 = 2025-03-24; tidlig opfølgning anmodet 2025-03-10: senest 2 uger efter = 2025-03-24 → 2025-03-24',
    });
  });

  it('never postpones (a late request keeps week 8 and stk. 1) and warns with nothing open', () => {
    const late = run(
      [sick('2025-03-03'), { type: 'EARLY_FOLLOWUP_REQUESTED', date: '2025-04-20', by: 'employee' }],
      '2025-04-21',
    );
    expect(row(late, 'sdp-first-followup')).toMatchObject({
      nominalDueOn: '2025-04-27',
      legalBasis: { text: 'sygedagpengeloven § 13 b, stk. 1', tag: 'L' },
    });
    const none = run(
      [
        sick('2025-03-03'),
        first('2025-03-20'),
        { type: 'EARLY_FOLLOWUP_REQUESTED', date: '2025-03-24', by: 'employee' },
      ],
      '2025-04-01',
    );
    expect(codes(none)).toEqual([[2, '']]);
  });

  it('class-4 events dated before 2025-01-01 warn and have no effect', () => {
    const r = run(
      [
        sick('2024-11-04'),
        { type: 'EARLY_FOLLOWUP_REQUESTED', date: '2024-11-11', by: 'employee' },
        { type: 'TALK_REQUESTED', date: '2024-11-12' },
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2024-11-13', revurderingOn: '2025-03-31' },
      ],
      '2024-12-01',
    );
    expect(codes(r)).toEqual([
      [1, ''],
      [2, ''],
      [3, ''],
    ]);
    expect(r.occurrences.map((o) => o.code)).toEqual(['sdp-first-followup']);
    expect(row(r, 'sdp-first-followup')?.nominalDueOn).toBe('2024-12-29');
  });
});

describe('R3 sdp-followups-6m', () => {
  it('after L a talk meets the open k as met-late and creates nothing; a talk meeting nothing warns (C5)', () => {
    const r = run(
      [sick('2025-03-03'), first('2025-04-22'), followup('2025-09-10'), followup('2025-09-20')],
      '2025-10-01',
    );
    expect(rows(r, 'sdp-followups-6m').map((o) => [o.k, o.status, o.metOn])).toEqual([[2, 'met-late', '2025-09-10']]);
    expect(codes(r)).toEqual([[3, '']]);
    expect(r.warnings[0].reason).toBe('nothing open to meet');
  });

  it('a first talk after L starts no series; a waiver starts the next k from its date', () => {
    const late = run([sick('2025-03-03'), first('2025-09-03')], '2025-10-01');
    expect(rows(late, 'sdp-followups-6m')).toEqual([]);
    const waived = run(
      [
        sick('2025-03-03'),
        first('2025-04-22'),
        { type: 'OBLIGATION_WAIVED', date: '2025-05-05', code: 'sdp-followups-6m', reason: 'indlagt' },
      ],
      '2025-05-06',
    );
    expect(rows(waived, 'sdp-followups-6m').map((o) => [o.k, o.status, o.startedOn, o.remindOn])).toEqual([
      [2, 'waived', '2025-04-22', '2025-05-20'],
      [3, 'open', '2025-05-05', '2025-06-02'],
    ]);
  });

  it('R3′: sdpFollowups.enabled = false suppresses only occurrences that would start on or after 2026-07-01', () => {
    const events = [sick('2026-05-11'), first('2026-06-30'), followup('2026-07-28')];
    const off = run(events, '2026-09-01', { ruleSetConfig: { 'sdpFollowups.enabled': false } });
    expect(rows(off, 'sdp-followups-6m').map((o) => [o.k, o.status, o.ruleSet, o.kind])).toEqual([
      [2, 'met', 'sygedagpenge-2025', 'legal'],
    ]);
    const on = run(events, '2026-09-01');
    expect(rows(on, 'sdp-followups-6m').map((o) => [o.k, o.ruleSet, o.kind])).toEqual([
      [2, 'sygedagpenge-2025', 'legal'],
      [3, 'sygedagpenge-2026', 'policy'],
    ]);
  });
});

describe('sdp-talk-on-request', () => {
  it('starts on TALK_REQUESTED (due Q + 14), is met by a follow-up samtale, and refuses a second while one is open', () => {
    const r = run(
      [
        sick('2025-03-03'),
        { type: 'TALK_REQUESTED', date: '2025-03-10' },
        { type: 'TALK_REQUESTED', date: '2025-03-12' },
        first('2025-03-20'),
      ],
      '2025-04-01',
    );
    expect(codes(r)).toEqual([[2, '']]);
    expect(row(r, 'sdp-talk-on-request')).toMatchObject({
      startedOn: '2025-03-10',
      anchorOn: '2025-03-10',
      nominalDueOn: '2025-03-24',
      status: 'met',
      metOn: '2025-03-20',
      kind: 'policy',
      backfilled: true,
    });
  });
});

describe('R4 § 13 f', () => {
  it('RETURN_CHECK_DONE {stillSick: true} meets the check and starts k = 2 that day; with no check open it warns', () => {
    const r = run(
      [
        sick('2025-10-06'),
        first('2025-11-24', { track: '13f', expectedReturnOn: '2026-01-12' }),
        { type: 'RETURN_CHECK_DONE', date: '2026-01-12', stillSick: true },
        { type: 'RETURN_CHECK_DONE', date: '2026-01-13', stillSick: false },
      ],
      '2026-01-20',
    );
    expect(row(r, 'sdp-return-check')).toMatchObject({ status: 'met', metOn: '2026-01-12' });
    expect(row(r, 'sdp-followups-6m')).toMatchObject({
      k: 2,
      startedOn: '2026-01-12',
      anchorOn: '2025-10-06',
      nominalDueOn: '2026-04-05',
      dueOn: '2026-04-01',
    });
    expect(codes(r)).toEqual([[3, '']]);
  });

  it('R4′: a 13f talk dated on or after 2026-07-01 warns TRACK_13F_SUPERSEDED and counts as ordinary', () => {
    const r = run(
      [sick('2026-07-06'), first('2026-08-03', { track: '13f', expectedReturnOn: '2026-09-01' })],
      '2026-08-04',
    );
    expect(codes(r)).toEqual([[1, 'TRACK_13F_SUPERSEDED']]);
    expect(rows(r, 'sdp-return-check')).toEqual([]);
    expect(row(r, 'sdp-followups-6m')).toMatchObject({ k: 2, ruleSet: 'sygedagpenge-2026', kind: 'policy' });
  });
});

describe('R5 sdp-revurdering', () => {
  it('a different date moves nominalDueOn (named in the explanation), the same date does nothing, and after REVURDERING_DONE a notification starts a new occurrence', () => {
    const r = run(
      [
        sick('2025-03-03'),
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2025-09-01', revurderingOn: '2025-09-30' },
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2025-09-08', revurderingOn: '2025-10-31' },
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2025-09-09', revurderingOn: '2025-10-31' },
        { type: 'REVURDERING_DONE', date: '2025-10-20', outcome: 'extended' },
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2026-01-05', revurderingOn: '2025-12-31' },
      ],
      '2026-01-06',
    );
    expect(rows(r, 'sdp-revurdering').map((o) => [o.startedOn, o.nominalDueOn, o.dueOn, o.status])).toEqual([
      ['2025-09-01', '2025-10-31', '2025-10-31', 'met'],
      ['2026-01-05', '2025-12-31', '2025-12-30', 'overdue'],
    ]);
    expect(row(r, 'sdp-revurdering')?.explanation).toBe(
      'revurderingstidspunkt meddelt 2025-09-01 = 2025-10-31 (flyttet 2025-09-08 fra 2025-09-30)',
    );
    expect(r.warnings).toEqual([]);
  });

  it('REVURDERING_DONE with none open warns; the 26-week exemption does not waive it', () => {
    const r = run(
      [
        sick('2026-07-06'),
        { type: 'REVURDERING_DONE', date: '2026-07-07', outcome: 'extended' },
        { type: 'REVURDERING_DATE_NOTIFIED', date: '2026-07-08', revurderingOn: '2027-01-31' },
        shortAbsence('2026-07-09'),
      ],
      '2026-07-10',
    );
    expect(codes(r)).toEqual([[1, '']]);
    expect(row(r, 'sdp-revurdering')).toMatchObject({ status: 'open', nominalDueOn: '2027-01-31' });
  });
});

describe('R6 26-week exemption', () => {
  it('checks the date, then the three fields, then whether one already holds', () => {
    const r = run(
      [
        sick('2026-06-01'),
        shortAbsence('2026-06-30'),
        shortAbsence('2026-07-01', { employerExpects: false }),
        shortAbsence('2026-07-02'),
        shortAbsence('2026-07-03'),
        { type: 'EXPECTATION_CHANGED', date: '2026-07-06' },
        { type: 'EXPECTATION_CHANGED', date: '2026-07-07' },
      ],
      '2026-07-10',
    );
    expect(codes(r)).toEqual([
      [1, 'EXEMPTION_NOT_EFFECTIVE'],
      [2, 'EXEMPTION_CONDITIONS_NOT_MET'],
      [4, ''],
      [6, ''],
    ]);
  });

  it('while it holds a talk request is refused; its end without a first talk restarts the first follow-up at max(F + 55, X + 14)', () => {
    const r = run(
      [
        sick('2026-09-07'),
        shortAbsence('2026-09-21'),
        { type: 'TALK_REQUESTED', date: '2026-09-28' },
        { type: 'EXPECTATION_CHANGED', date: '2026-10-26' },
      ],
      '2026-10-27',
    );
    expect(codes(r)).toEqual([[2, '']]);
    expect(row(r, 'sdp-26w-checkpoint')).toMatchObject({ status: 'cancelled', cancelledOn: '2026-10-26' });
    expect(row(r, 'sdp-first-followup', 2)).toMatchObject({
      k: 1,
      startedOn: '2026-10-26',
      anchorOn: '2026-10-26',
      nominalDueOn: '2026-11-09',
      dueOn: '2026-11-09',
      status: 'open',
      kind: 'legal',
      ruleSet: 'sygedagpenge-2026',
      backfilled: true,
      legalBasis: { text: 'sygedagpengeloven § 13 b, stk. 1 (efter lov nr. 1750/2025 ikke efterprøvet)', tag: 'I' },
      explanation:
        'opfølgning genoptaget 2026-10-26: max(udgangen af 8. uge regnet fra første fraværsdag 2026-09-07 = 2026-11-01; 14 dage efter 2026-10-26 = 2026-11-09) → 2026-11-09',
    });
    // An early end keeps week 8: max(F + 55, X + 14) = F + 55, shifted to Friday.
    const early = run(
      [sick('2026-09-07'), shortAbsence('2026-09-21'), { type: 'FOLLOWUP_DECIDED', date: '2026-09-28', reason: 'x' }],
      '2026-09-29',
    );
    expect(row(early, 'sdp-first-followup', 2)).toMatchObject({ nominalDueOn: '2026-11-01', dueOn: '2026-10-30' });
  });

  it('its end after a first talk resumes the series with the k after the last one created (waived included), inside L', () => {
    const r = run(
      [
        sick('2026-07-06'),
        first('2026-08-03'),
        shortAbsence('2026-08-10'),
        { type: 'FOLLOWUP_DECIDED', date: '2026-09-14', reason: 'længerevarende behandling' },
      ],
      '2026-09-15',
    );
    expect(rows(r, 'sdp-followups-6m').map((o) => [o.k, o.status, o.startedOn, o.waiverReason])).toEqual([
      [2, 'waived', '2026-08-03', 'exempt-26w'],
      [3, 'open', '2026-09-14', undefined],
    ]);
    expect(row(r, 'sdp-followups-6m', 2)).toMatchObject({ anchorOn: '2026-07-06', nominalDueOn: '2027-01-05' });
    expect(rows(r, 'sdp-first-followup')).toHaveLength(1);
  });

  it('a first talk during the exemption meets the checkpoint, ends it and starts k = 2; a follow-up samtale ends it too', () => {
    const r = run([sick('2026-09-07'), shortAbsence('2026-09-21'), first('2026-10-12')], '2026-10-13');
    expect(row(r, 'sdp-26w-checkpoint')).toMatchObject({ status: 'met', metOn: '2026-10-12' });
    expect(rows(r, 'sdp-first-followup').map((o) => o.status)).toEqual(['waived']);
    expect(row(r, 'sdp-followups-6m')).toMatchObject({ k: 2, startedOn: '2026-10-12' });
    const talk = run([sick('2026-09-07'), shortAbsence('2026-09-21'), followup('2026-10-12')], '2026-10-13');
    expect(row(talk, 'sdp-26w-checkpoint')).toMatchObject({ status: 'met', metOn: '2026-10-12' });
    // No first talk was ever accepted: the first follow-up restarts from the talk's date.
    expect(row(talk, 'sdp-first-followup', 2)).toMatchObject({ startedOn: '2026-10-12', nominalDueOn: '2026-11-01' });
    expect(talk.warnings).toEqual([]);
  });

  it('an exemption dated after week 26 makes the checkpoint overdue at once', () => {
    const r = run([sick('2026-07-06'), first('2026-08-03'), shortAbsence('2027-01-11')], '2027-01-12');
    expect(row(r, 'sdp-26w-checkpoint')).toMatchObject({
      startedOn: '2027-01-11',
      anchorOn: '2026-07-06',
      nominalDueOn: '2027-01-03',
      status: 'overdue',
    });
  });
});

describe('R7 running sick-leaves', () => {
  it('a 2009 series from a first talk before 2025 keeps sygedagpenge-2009 and its cadence to its end', () => {
    const r = run(
      [sick('2024-10-07'), first('2024-11-25', { cadenceWeeks: 4 }), followup('2025-01-20'), followup('2025-02-10')],
      '2025-02-11',
    );
    expect(rows(r, 'sdp-followup').map((o) => [o.startedOn, o.nominalDueOn, o.ruleSet, o.status])).toEqual([
      ['2024-11-25', '2024-12-23', 'sygedagpenge-2009', 'met-late'],
      ['2025-01-20', '2025-02-17', 'sygedagpenge-2009', 'met'],
      ['2025-02-10', '2025-03-10', 'sygedagpenge-2009', 'open'],
    ]);
    expect(rows(r, 'sdp-followups-6m')).toEqual([]);
    expect(row(r, 'sdp-followup', 3)?.legalBasis?.tag).toBe('I');
  });

  it('F before 2025 with the first talk after it: a 2009 first-followup row without k, and sdp-followups-6m counted from F', () => {
    const r = run([sick('2024-12-02'), first('2025-01-20')], '2025-01-21');
    expect(row(r, 'sdp-first-followup')).toMatchObject({ ruleSet: 'sygedagpenge-2009', status: 'met' });
    expect(row(r, 'sdp-first-followup')?.k).toBeUndefined();
    expect(row(r, 'sdp-followups-6m')).toMatchObject({
      k: 2,
      anchorOn: '2024-12-02',
      nominalDueOn: '2025-06-01',
      ruleSet: 'sygedagpenge-2025',
    });
  });
});
