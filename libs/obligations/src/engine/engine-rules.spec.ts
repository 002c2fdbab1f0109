import { type CaseEvent, type EngineResult, computeObligations, nextChangeOn } from '../index';

const facts = { birthDate: '1975-01-01' };
const run = (events: CaseEvent[], asOf: string): EngineResult => computeObligations(facts, events, asOf);
const find = (r: EngineResult, code: string, n = 1) => r.occurrences.find((o) => o.code === code && o.occurrence === n);
const visitation = (date: string): CaseEvent => ({ type: 'VISITATION_DECIDED', date });
const job = (date: string): CaseEvent => ({
  type: 'FLEXJOB_STARTED',
  date,
  hoursPerWeek: 7.5,
  employer: 'Byens Bageri',
});

describe('C5 general rules and warnings', () => {
  it('a second fulfilment event of the same type on the same date is ignored with a warning', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'CONTACT_HELD', date: '2026-03-05', form: 'phone' },
        { type: 'CONTACT_HELD', date: '2026-03-05', form: 'in-person' },
      ],
      '2026-03-06',
    );
    expect(
      r.occurrences.filter((o) => o.code === 'contact-14d').map((o) => [o.occurrence, o.status, o.nominalDueOn]),
    ).toEqual([
      [1, 'met', '2026-03-16'],
      [2, 'open', '2026-03-19'],
    ]);
    expect(r.warnings).toEqual([
      { eventIndex: 2, type: 'CONTACT_HELD', reason: 'a second CONTACT_HELD on the same date is ignored' },
    ]);
  });

  it('waivers are "the same type" per code; REREVIEW_WAIVED equals OBLIGATION_WAIVED {passivity-rereview}', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'OBLIGATION_WAIVED', date: '2026-03-05', code: 'contact-14d', reason: 'a' },
        { type: 'OBLIGATION_WAIVED', date: '2026-03-05', code: 'passivity-screening', reason: 'b' },
        { type: 'REREVIEW_WAIVED', date: '2026-03-05', reason: 'c' },
        { type: 'OBLIGATION_WAIVED', date: '2026-03-05', code: 'passivity-rereview', reason: 'd' },
      ],
      '2026-03-06',
    );
    expect(r.warnings).toEqual([
      {
        eventIndex: 4,
        type: 'OBLIGATION_WAIVED',
        reason: 'a second waiver of passivity-rereview on the same date is ignored',
      },
    ]);
    expect(find(r, 'passivity-screening', 1)).toMatchObject({
      status: 'waived',
      waiverReason: 'b',
      metOn: '2026-03-05',
    });
    expect(find(r, 'passivity-rereview', 1)).toMatchObject({ status: 'waived', waiverReason: 'c' });
    // the waived re-review starts a fresh clock: screening #2 and re-review #2 from the waiver date
    expect(find(r, 'passivity-screening', 2)).toMatchObject({
      startedOn: '2026-03-05',
      nominalDueOn: '2026-07-05',
      explanation: expect.stringContaining('fra dispensation 2026-03-05'),
    });
    expect(find(r, 'passivity-rereview', 2)).toMatchObject({ startedOn: '2026-03-05', nominalDueOn: '2026-09-05' });
    expect(find(r, 'contact-14d', 2)).toMatchObject({
      startedOn: '2026-03-05',
      explanation: '14 dage efter dispensation 2026-03-05 = 2026-03-19',
    });
  });

  it('a fulfilment event with nothing to meet has no effect and warns', () => {
    const r = run(
      [
        { type: 'CONTACT_HELD', date: '2026-03-05', form: 'phone' },
        { type: 'OBLIGATION_WAIVED', date: '2026-03-06', code: 'other-actor-12m', reason: 'x' },
      ],
      '2026-03-10',
    );
    expect(r.occurrences).toEqual([]);
    expect(r.warnings).toEqual([
      { eventIndex: 0, type: 'CONTACT_HELD', reason: 'nothing open to meet' },
      { eventIndex: 1, type: 'OBLIGATION_WAIVED', reason: 'no open other-actor-12m to waive' },
    ]);
  });

  it('events that do not fit the state warn and have no effect (X3, G14)', () => {
    const r = run(
      [
        { type: 'INTERNSHIP_ENDED', date: '2026-01-05' },
        { type: 'FLEXJOB_STARTED', date: '2026-01-06', hoursPerWeek: 5, employer: 'A' },
        visitation('2026-01-07'),
        job('2026-01-08'),
        job('2026-01-09'),
        visitation('2026-01-10'),
      ],
      '2026-01-12',
    );
    expect(r.warnings.map((w) => [w.eventIndex, w.type])).toEqual([
      [0, 'INTERNSHIP_ENDED'],
      [1, 'FLEXJOB_STARTED'],
      [4, 'FLEXJOB_STARTED'],
      [5, 'VISITATION_DECIDED'],
    ]);
    expect(r.warnings[2].reason).toMatch(/supplerende fleksjob is not modelled/);
    expect(r.occurrences.filter((o) => o.code === 'flexjob-agreement')).toHaveLength(1);
  });
});

describe('pending rule (C4)', () => {
  it('the latest pending agreement meets the next fleksjob’s agreement, with metOn before startedOn', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'FLEXJOB_AGREEMENT_RECORDED', date: '2026-03-10' },
        { type: 'FLEXJOB_AGREEMENT_RECORDED', date: '2026-03-20' },
        { type: 'CAPACITY_DECISION_ISSUED', date: '2026-03-21' },
        job('2026-04-01'),
      ],
      '2026-04-02',
    );
    expect(find(r, 'flexjob-agreement')).toMatchObject({ status: 'met', startedOn: '2026-04-01', metOn: '2026-03-20' });
    expect(find(r, 'capacity-decision')).toMatchObject({ status: 'met', metOn: '2026-03-21' });
    expect(r.warnings).toEqual([]);
  });

  it('before visitation there is nothing to hold: warning', () => {
    const r = run([{ type: 'FLEXJOB_AGREEMENT_RECORDED', date: '2026-03-10' }], '2026-04-02');
    expect(r.warnings).toEqual([{ eventIndex: 0, type: 'FLEXJOB_AGREEMENT_RECORDED', reason: 'nothing open to meet' }]);
  });
});

describe('B4 floor and X5', () => {
  it('an agreement for a fleksjob starting Saturday 2026-08-01 is due that Saturday', () => {
    const r = run([visitation('2026-07-20'), job('2026-08-01')], '2026-08-03');
    expect(find(r, 'flexjob-agreement')).toMatchObject({
      nominalDueOn: '2026-08-01',
      dueOn: '2026-08-01',
      status: 'overdue',
      explanation:
        'på dagen for fleksjobstart 2026-08-01; 2026-08-01 er lørdag, men fristen flyttes ikke til før startdatoen 2026-08-01',
    });
  });

  it('a follow-up created after the 6-month cap is due at the cap, shifted, and overdue at once', () => {
    // S = 2026-01-04 (Sun): cap 2026-07-04 is a Saturday
    const r = run(
      [visitation('2026-01-02'), job('2026-01-04'), { type: 'FLEXJOB_FOLLOWUP_HELD', date: '2026-07-10' }],
      '2026-07-10',
    );
    expect(find(r, 'flexjob-followups', 1)).toMatchObject({
      nominalDueOn: '2026-02-15',
      dueOn: '2026-02-13',
      status: 'met-late',
    });
    expect(find(r, 'flexjob-followups', 2)).toMatchObject({
      startedOn: '2026-07-10',
      nominalDueOn: '2026-07-04',
      dueOn: '2026-07-03',
      status: 'overdue',
      title: 'Opfølgning 2/4 på virksomheden senest 2026-07-03',
    });
  });

  it('a fourth follow-up ends the series', () => {
    const events: CaseEvent[] = [visitation('2026-01-05'), job('2026-01-05')];
    for (const d of ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-05-20'])
      events.push({ type: 'FLEXJOB_FOLLOWUP_HELD', date: d });
    const r = run(events, '2026-06-01');
    expect(r.occurrences.filter((o) => o.code === 'flexjob-followups').map((o) => o.status)).toEqual([
      'met',
      'met',
      'met',
      'met',
    ]);
    expect(r.warnings).toEqual([{ eventIndex: 6, type: 'FLEXJOB_FOLLOWUP_HELD', reason: 'nothing open to meet' }]);
  });
});

describe('B5 pauses, X1, X2', () => {
  it('pauses recorded before a re-anchoring BENEFIT_STARTED are dropped (X1)', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'BENEFIT_SUSPENDED', date: '2026-03-05' },
        { type: 'BENEFIT_RESUMED', date: '2026-03-09' },
        { type: 'BENEFIT_STARTED', date: '2026-03-16' },
      ],
      '2026-04-01',
    );
    expect(find(r, 'other-actor-12m')).toMatchObject({
      startedOn: '2026-03-16',
      nominalDueOn: '2027-03-16',
      explanation: '12 måneder på ledighedsydelse fra ledighedsydelse startet 2026-03-16 = 2027-03-16',
    });
  });

  it('BENEFIT_STARTED on a paused implicit spell warns and does not re-anchor', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'BENEFIT_SUSPENDED', date: '2026-03-05' },
        { type: 'BENEFIT_STARTED', date: '2026-03-16' },
      ],
      '2026-04-01',
    );
    expect(r.warnings.map((w) => w.type)).toEqual(['BENEFIT_STARTED']);
    expect(find(r, 'other-actor-12m')).toMatchObject({
      startedOn: '2026-03-02',
      pausedSince: '2026-03-05',
      nominalDueOn: '2027-03-30',
      status: 'open',
    });
    expect(find(r, 'other-actor-12m')?.explanation).toBe(
      '12 måneder på ledighedsydelse fra visitation 2026-03-02 = 2027-03-02 + 28 pausedage = 2027-03-30; foreløbig dato: ydelsen er standset siden 2026-03-05, og fristen rykker en dag for hver pausedag',
    );
  });

  it('a pause outlasting the occurrence counts only up to the closing date (X2)', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'BENEFIT_SUSPENDED', date: '2026-04-01' },
        { type: 'OTHER_ACTOR_REFERRED', date: '2026-04-10' },
        { type: 'BENEFIT_RESUMED', date: '2026-05-01' },
      ],
      '2026-06-01',
    );
    // pause [04-01, 04-11): 10 days
    expect(find(r, 'other-actor-12m')).toMatchObject({
      status: 'met',
      metOn: '2026-04-10',
      nominalDueOn: '2027-03-12',
    });
    expect(find(r, 'other-actor-12m')?.pausedSince).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  it('a pause starting on/after the nominal date adds nothing, and the occurrence can be overdue', () => {
    const r = run([visitation('2025-03-03'), { type: 'BENEFIT_SUSPENDED', date: '2026-03-10' }], '2026-03-20');
    expect(find(r, 'other-actor-12m')).toMatchObject({
      nominalDueOn: '2026-03-03',
      status: 'overdue',
      pausedSince: '2026-03-10',
    });
  });

  it('resuming without a pause, and suspending twice, warn', () => {
    const r = run(
      [
        visitation('2026-03-02'),
        { type: 'BENEFIT_RESUMED', date: '2026-03-03' },
        { type: 'BENEFIT_SUSPENDED', date: '2026-03-04' },
        { type: 'BENEFIT_SUSPENDED', date: '2026-03-05' },
      ],
      '2026-03-06',
    );
    expect(r.warnings.map((w) => [w.eventIndex, w.reason])).toEqual([
      [1, 'no suspended benefit to resume'],
      [3, 'other-actor-12m is already paused'],
    ]);
  });
});

describe('passivity clock, fleksjob end, case close', () => {
  it('FLEXJOB_ENDED during an internship starts no clock; INTERNSHIP_ENDED later does', () => {
    const r = run(
      [
        visitation('2026-01-05'),
        job('2026-02-02'),
        { type: 'INTERNSHIP_STARTED', date: '2026-03-02' },
        { type: 'FLEXJOB_ENDED', date: '2026-04-01' },
        { type: 'INTERNSHIP_ENDED', date: '2026-05-04' },
      ],
      '2026-05-05',
    );
    expect(
      r.occurrences.filter((o) => o.code === 'passivity-screening').map((o) => [o.occurrence, o.startedOn, o.status]),
    ).toEqual([
      [1, '2026-01-05', 'cancelled'],
      [2, '2026-05-04', 'open'],
    ]);
    expect(find(r, 'passivity-screening', 2)?.explanation).toBe(
      '4 måneder uden praktik eller job fra praktik ophørt 2026-05-04 = 2026-09-04',
    );
    expect(find(r, 'contact-14d', 2)).toMatchObject({
      startedOn: '2026-04-01',
      explanation: '14 dage efter fleksjob ophørt 2026-04-01 = 2026-04-15',
    });
    expect(find(r, 'other-actor-12m', 2)).toMatchObject({
      startedOn: '2026-04-01',
      explanation: '12 måneder på ledighedsydelse fra fleksjob ophørt 2026-04-01 = 2027-04-01',
    });
  });

  it('FLEXJOB_ENDED and CASE_CLOSED on one date: the restarted duties are zero-length and dropped', () => {
    const r = run(
      [
        visitation('2026-01-05'),
        job('2026-01-05'),
        { type: 'FLEXJOB_ENDED', date: '2026-03-02' },
        { type: 'CASE_CLOSED', date: '2026-03-02' },
      ],
      '2026-03-10',
    );
    expect(r.occurrences.map((o) => [o.code, o.status])).toEqual([
      ['flexjob-agreement', 'cancelled'],
      ['capacity-decision', 'cancelled'],
      ['flexjob-followups', 'cancelled'],
      ['statutory-followup-30m', 'cancelled'],
      ['temporary-status-54m', 'cancelled'],
    ]);
  });

  it('renewals chain period by period (P(n+1) = P(n) + 60 months); a waiver ends the series', () => {
    const r = run(
      [
        visitation('2024-02-29'),
        job('2024-02-29'),
        { type: 'TEMPORARY_STATUS_DECIDED', date: '2028-08-15', outcome: 'renewed' },
        { type: 'TEMPORARY_STATUS_DECIDED', date: '2033-08-01', outcome: 'renewed' },
        { type: 'OBLIGATION_WAIVED', date: '2038-08-01', code: 'temporary-status-54m', reason: 'x' },
      ],
      '2038-09-01',
    );
    expect(
      r.occurrences.filter((o) => o.code === 'temporary-status-54m').map((o) => [o.anchorOn, o.nominalDueOn, o.status]),
    ).toEqual([
      ['2024-02-29', '2028-08-29', 'met'],
      ['2029-02-28', '2033-08-28', 'met'],
      ['2034-02-28', '2038-08-28', 'waived'],
    ]);
  });
});

describe('nextChangeOn', () => {
  it('is the next reminder or the day an open occurrence turns overdue', () => {
    const r = run([{ type: 'PREPARATORY_PART_STARTED', date: '2027-01-04' }], '2027-02-01');
    expect(find(r, 'phase1-target')).toMatchObject({ remindOn: '2027-03-01', dueOn: '2027-03-15' });
    expect(nextChangeOn(r)).toBe('2027-03-01');
    expect(nextChangeOn(run([{ type: 'PREPARATORY_PART_STARTED', date: '2027-01-04' }], '2027-03-01'))).toBe(
      '2027-03-16',
    );
  });

  it('is undefined when nothing is time-dependent, e.g. everything closed or overdue, or only a counted open pause', () => {
    expect(nextChangeOn(run([{ type: 'PREPARATORY_PART_STARTED', date: '2027-01-04' }], '2027-03-16'))).toBeUndefined();
    expect(nextChangeOn(run([], '2027-03-16'))).toBeUndefined();
    const paused = run(
      [
        visitation('2026-03-02'),
        { type: 'BENEFIT_SUSPENDED', date: '2026-03-05' },
        { type: 'OBLIGATION_WAIVED', date: '2026-03-05', code: 'contact-14d', reason: 'x' },
      ],
      '2026-08-01',
    );
    expect(paused.occurrences.filter((o) => o.status === 'open').map((o) => o.code)).toEqual([
      'passivity-rereview',
      'other-actor-12m',
    ]);
    expect(nextChangeOn(paused)).toBe('2026-09-03');
  });
});
