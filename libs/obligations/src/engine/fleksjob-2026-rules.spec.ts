import {
  type CaseEvent,
  type EngineResult,
  TimelineValidationError,
  computeObligations,
  parseTimeline,
} from '../index';
import { P_2026, SWITCHES_OFF } from '../testing/law-2026-examples.fixture';

const BIRTH = { birthDate: '1975-05-05' };
const run = (events: CaseEvent[], asOf: string, ruleSetConfig: Record<string, boolean> = SWITCHES_OFF) =>
  computeObligations(BIRTH, events, asOf, { migrations: P_2026, ruleSetConfig });
const rows = (r: EngineResult, code: string) => r.occurrences.filter((o) => o.code === code);
const codes = (r: EngineResult) => r.warnings.map((w) => /^([A-Z_]+):/.exec(w.reason)?.[1] ?? `${w.type}:uncoded`);
const advice: CaseEvent = { type: 'HEALTH_ADVICE_REQUESTED', date: '2026-08-01', provider: 'klinisk-funktion' };
const visit = (date = '2026-09-07'): CaseEvent => ({ type: 'VISITATION_DECIDED', date });
const talk = (date: string, form = 'in-person', heldBy?: string): CaseEvent => ({
  type: 'CONTACT_HELD',
  date,
  form,
  ...(heldBy ? { heldBy } : {}),
});

describe('fleksjob-2026: ly-jobtalk (N1)', () => {
  it('N1.3: only in-person/phone/video talks by the kommune or anden aktør count; others meet nothing and never warn', () => {
    const r = run(
      [
        advice,
        visit(),
        talk('2026-09-10', 'digital'),
        talk('2026-09-11', 'phone', 'offer-provider'),
        talk('2026-09-14', 'video', 'other-actor'),
      ],
      '2026-10-01',
    );
    expect(rows(r, 'ly-jobtalk').map((o) => [o.k, o.status, o.metOn])).toEqual([
      [1, 'met', '2026-09-14'],
      [2, 'open', undefined],
    ]);
    expect(r.periods?.[0].heldCount).toBe(1);
    expect(r.warnings).toEqual([]);
  });

  it('N1.4: a talk after L meets the open k as met-late, is not counted, and starts nothing', () => {
    const r = run([advice, visit(), talk('2026-09-14'), talk('2027-03-20')], '2027-04-01');
    expect(rows(r, 'ly-jobtalk').map((o) => [o.k, o.status, o.metOn])).toEqual([
      [1, 'met', '2026-09-14'],
      [2, 'met-late', '2027-03-20'],
    ]);
    expect(r.periods?.[0]).toMatchObject({ lastDay: '2027-03-06', heldCount: 1, outcome: 'short' });
  });

  it('N1.3: talks beyond the 4th are counted (heldCount 5) and create no fifth occurrence', () => {
    const talks = ['2026-09-14', '2026-10-14', '2026-11-14', '2026-12-14', '2027-01-14'].map((d) => talk(d));
    const r = run([advice, visit(), ...talks], '2027-02-01');
    expect(rows(r, 'ly-jobtalk').map((o) => o.k)).toEqual([1, 2, 3, 4]);
    expect(r.periods?.[0]).toMatchObject({ heldCount: 5, outcome: 'met' });
  });

  it('N1.6: the checks run in order — before 2026-07-01, nothing open, k = 1, after L — each without effect', () => {
    const early = run(
      [visit('2026-05-04'), talk('2026-05-10'), { type: 'JOBTALKS_EXEMPTED', date: '2026-06-30', reason: 'x' }],
      '2026-08-01',
    );
    expect(codes(early)).toContain('EXEMPTION_NOT_EFFECTIVE');
    const afterL = run(
      [advice, visit(), talk('2026-09-14'), { type: 'JOBTALKS_EXEMPTED', date: '2027-03-08', reason: 'x' }],
      '2027-03-10',
    );
    expect(codes(afterL)).toEqual(['EXEMPTION_AFTER_PERIOD']);
    expect(rows(afterL, 'ly-jobtalk')[1].status).toBe('overdue');
    const closed = run(
      [
        advice,
        visit(),
        { type: 'FLEXJOB_STARTED', date: '2026-10-01', hoursPerWeek: 9, employer: 'X' },
        { type: 'JOBTALKS_EXEMPTED', date: '2026-10-02', reason: 'x' },
      ],
      '2026-10-05',
    );
    expect(codes(closed)).toEqual(['JOBTALKS_EXEMPTED:uncoded']);
  });

  it('W32: an exemption on a talk’s date waives the k + 1 the talk opened, which is kept', () => {
    const r = run(
      [
        advice,
        visit(),
        talk('2026-09-14'),
        talk('2026-10-12'),
        { type: 'JOBTALKS_EXEMPTED', date: '2026-10-12', reason: 'selvhjulpen' },
      ],
      '2026-11-01',
    );
    expect(rows(r, 'ly-jobtalk').map((o) => [o.k, o.status, o.startedOn, o.metOn])).toEqual([
      [1, 'met', '2026-09-07', '2026-09-14'],
      [2, 'met', '2026-09-14', '2026-10-12'],
      [3, 'waived', '2026-10-12', '2026-10-12'],
    ]);
    expect(r.periods?.[0]).toMatchObject({
      outcome: 'exempted',
      exemptedOn: '2026-10-12',
      exemptionReason: 'selvhjulpen',
      heldCount: 2,
    });
  });

  it('N1.6a: a waiver of ly-jobtalk starts k + 1 on its date without counting; with nothing open it warns', () => {
    const waive = (date: string): CaseEvent => ({ type: 'OBLIGATION_WAIVED', date, code: 'ly-jobtalk', reason: 'syg' });
    const r = run([advice, visit(), waive('2026-09-10')], '2026-10-01');
    expect(rows(r, 'ly-jobtalk').map((o) => [o.k, o.status, o.startedOn])).toEqual([
      [1, 'waived', '2026-09-07'],
      [2, 'open', '2026-09-10'],
    ]);
    expect(r.periods?.[0].heldCount).toBe(0);
    const none = run(
      [
        advice,
        visit(),
        { type: 'FLEXJOB_STARTED', date: '2026-09-08', hoursPerWeek: 9, employer: 'X' },
        waive('2026-09-10'),
      ],
      '2026-10-01',
    );
    expect(none.warnings).toEqual([expect.objectContaining({ eventIndex: 3, type: 'OBLIGATION_WAIVED' })]);
  });

  it('N1.1: BENEFIT_STARTED after a counted talk warns PERIOD_START_AMBIGUOUS; S stays but the spell (§ 74 c) re-anchors', () => {
    const r = run([advice, visit(), talk('2026-09-10'), { type: 'BENEFIT_STARTED', date: '2026-09-21' }], '2026-10-01');
    expect(codes(r)).toEqual(['PERIOD_START_AMBIGUOUS']);
    expect(r.periods?.[0].periodStart).toBe('2026-09-07');
    expect(rows(r, 'ly-reassessment')[0].startedOn).toBe('2026-09-21');
  });

  it('W30: a fleksjob on the visitation date drops k = 1 and its period', () => {
    const r = run(
      [advice, visit(), { type: 'FLEXJOB_STARTED', date: '2026-09-07', hoursPerWeek: 9, employer: 'X' }],
      '2026-10-01',
    );
    expect(rows(r, 'ly-jobtalk')).toEqual([]);
    expect(r.periods).toEqual([]);
  });

  it('N5: a period that ended before 2026-07-01 is untracked: no rows, no periods entry', () => {
    const r = run(
      [visit('2026-02-02'), { type: 'FLEXJOB_STARTED', date: '2026-05-01', hoursPerWeek: 9, employer: 'X' }],
      '2026-10-01',
    );
    expect(rows(r, 'ly-jobtalk')).toEqual([]);
    expect(r.periods).toEqual([]);
  });
});

describe('fleksjob-2026: on request (N3), § 74 c details (N2), switches and events', () => {
  it('N3: a request starts a 14-day policy talk met by any qualifying talk; refusals warn', () => {
    const request = (date: string): CaseEvent => ({ type: 'JOBTALK_REQUESTED', date });
    const r = run(
      [advice, visit(), talk('2026-09-08'), request('2026-10-01'), request('2026-10-02'), talk('2026-10-09', 'phone')],
      '2026-11-01',
    );
    expect(rows(r, 'ly-jobtalk-on-request')).toEqual([
      expect.objectContaining({
        kind: 'policy',
        startedOn: '2026-10-01',
        nominalDueOn: '2026-10-15',
        status: 'met',
        metOn: '2026-10-09',
      }),
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ eventIndex: 4, type: 'JOBTALK_REQUESTED' })]);
    const before = run([visit('2026-05-04'), request('2026-06-01')], '2026-07-01');
    expect(rows(before, 'ly-jobtalk-on-request')).toEqual([]);
    expect(before.warnings).toEqual([expect.objectContaining({ eventIndex: 1, type: 'JOBTALK_REQUESTED' })]);
  });

  it('N2.6: a move with deadlineUnachievable adds the floor M + 6 months; false does nothing; in PRE it warns', () => {
    const move = (date: string, deadlineUnachievable: boolean): CaseEvent => ({
      type: 'MUNICIPALITY_MOVED_IN',
      date,
      deadlineUnachievable,
    });
    const floor = run([advice, visit('2026-08-03'), move('2027-12-20', true)], '2028-01-10');
    expect(rows(floor, 'ly-reassessment')[0]).toMatchObject({ nominalDueOn: '2028-06-20' });
    expect(rows(floor, 'ly-reassessment')[0].explanation).toContain(
      '; tilflytning 2027-12-20: senest 6 måneder efter flytningen = 2028-06-20',
    );
    const noFloor = run([advice, visit('2026-08-03'), move('2027-12-20', false)], '2028-01-10');
    expect(rows(noFloor, 'ly-reassessment')[0]).toMatchObject({ nominalDueOn: '2028-02-02' });
    expect(noFloor.warnings).toEqual([]);
    const pre = run([move('2026-07-10', true), advice, visit('2026-08-03')], '2026-09-01');
    expect(pre.warnings).toEqual([expect.objectContaining({ eventIndex: 0, type: 'MUNICIPALITY_MOVED_IN' })]);
  });

  it('N2.1: days on leave (barsel) and suspended days are not LY-days and push D; unbalanced leave events warn', () => {
    const r = run(
      [
        advice,
        visit('2026-08-03'),
        { type: 'BENEFIT_LEAVE_STARTED', date: '2026-10-01', kind: 'barsel' },
        { type: 'BENEFIT_LEAVE_ENDED', date: '2026-10-11' },
        { type: 'BENEFIT_SUSPENDED', date: '2026-11-01' },
        { type: 'BENEFIT_RESUMED', date: '2026-11-06' },
        { type: 'BENEFIT_LEAVE_ENDED', date: '2026-11-10' },
      ],
      '2026-12-01',
    );
    // 10 leave days + 5 suspended days: D = 2028-02-02 + 15 days.
    expect(rows(r, 'ly-reassessment')[0]).toMatchObject({ nominalDueOn: '2028-02-17', status: 'open' });
    expect(r.warnings).toEqual([expect.objectContaining({ eventIndex: 6, type: 'BENEFIT_LEAVE_ENDED' })]);
  });

  it('N0.1: a switch suppresses only occurrences that would start on or after 2026-07-01', () => {
    const on = run([advice, visit('2026-09-07')], '2026-09-10', {});
    expect(on.occurrences.map((o) => o.code).sort()).toEqual(
      [
        'contact-14d',
        'ly-jobtalk',
        'ly-reassessment',
        'other-actor-12m',
        'passivity-rereview',
        'passivity-screening',
      ].sort(),
    );
    expect(on.occurrences.find((o) => o.code === 'contact-14d')).toMatchObject({
      ruleSet: 'fleksjob-2026',
      kind: 'policy',
    });
    const off = run([advice, visit('2026-09-07')], '2026-09-10', { 'contactCadence.enabled': false });
    expect(off.occurrences.some((o) => o.code === 'contact-14d')).toBe(false);
    const before = run([visit('2026-06-01')], '2026-09-10', { 'contactCadence.enabled': false });
    expect(before.occurrences.find((o) => o.code === 'contact-14d')).toMatchObject({
      ruleSet: 'fleksjob-2024',
      kind: 'target',
    });
  });

  it('N0.3: from 2026-07-01 a contact meeting nothing is a recording event; before it C5 still warns', () => {
    const after = run([advice, visit(), talk('2026-09-08'), talk('2026-09-09', 'group')], '2026-09-10');
    expect(after.warnings).toEqual([]);
    // Before visitation nothing is open: C5 warns before 2026-07-01 and not after.
    const before = run([talk('2026-05-05'), talk('2026-08-05')], '2026-09-10');
    expect(before.warnings).toEqual([expect.objectContaining({ eventIndex: 0, reason: 'nothing open to meet' })]);
  });

  it('N0.3: aliases count as their original type; ASSESSMENT_CONCLUDED {other} cancels phase 1', () => {
    const r = run(
      [
        { type: 'ASSESSMENT_DESCRIPTION_STARTED', date: '2026-08-03' },
        { type: 'ASSESSMENT_CONCLUDED', date: '2026-09-01', outcome: 'other' },
      ],
      '2026-09-10',
    );
    expect(rows(r, 'phase1-target')).toEqual([
      expect.objectContaining({
        kind: 'policy',
        ruleSet: 'fleksjob-2026',
        status: 'cancelled',
        cancelledOn: '2026-09-01',
      }),
    ]);
    const dup = run(
      [
        advice,
        visit('2026-08-03'),
        { type: 'PASSIVITY_REVIEW_HELD', date: '2027-01-04' },
        { type: 'REHAB_REREVIEW_HELD', date: '2027-01-04' },
      ],
      '2027-01-10',
      {},
    );
    expect(dup.warnings).toEqual([expect.objectContaining({ eventIndex: 3, type: 'REHAB_REREVIEW_HELD' })]);
  });

  it('W17: a ressourceforløb recommendation from 2026-02-01 warns RESSOURCEFORLOEB_ABOLISHED and still cancels phase 1', () => {
    const r = run(
      [
        { type: 'PREPARATORY_PART_STARTED', date: '2026-01-05' },
        { type: 'REHAB_TEAM_MEETING_HELD', date: '2026-02-02', recommendation: 'resource-course' },
      ],
      '2026-03-01',
    );
    expect(codes(r)).toEqual(['RESSOURCEFORLOEB_ABOLISHED']);
    expect(rows(r, 'phase1-target')[0].status).toBe('cancelled');
  });

  it('M3: without MIG-2026 the new event types and codes are invalid input', () => {
    expect(() =>
      computeObligations(BIRTH, [visit(), { type: 'JOBTALK_REQUESTED', date: '2026-10-01' }], '2026-11-01'),
    ).toThrow(TimelineValidationError);
    expect(() =>
      parseTimeline({
        case: BIRTH,
        asOf: '2026-11-01',
        events: [visit(), { type: 'OBLIGATION_WAIVED', date: '2026-10-01', code: 'ly-jobtalk', reason: 'x' }],
      }),
    ).toThrow(/events\[1\]\.code/);
    expect(() =>
      parseTimeline({ case: BIRTH, asOf: '2026-11-01', events: [visit()], migrations: [{ id: 'MIG-2026' }] }),
    ).toThrow(/migrations\[0\]\.publishedOn/);
  });
});
