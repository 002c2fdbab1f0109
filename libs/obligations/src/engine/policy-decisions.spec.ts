import {
  type CaseEvent,
  type EngineResult,
  type PolicyDecisionInput,
  TimelineValidationError,
  computeObligations,
} from '../index';
import { P_2026 } from '../testing/law-2026-examples.fixture';

const BIRTH = { birthDate: '1975-05-05' };
const advice: CaseEvent = { type: 'HEALTH_ADVICE_REQUESTED', date: '2026-08-01', provider: 'klinisk-funktion' };
const events: CaseEvent[] = [
  advice,
  { type: 'VISITATION_DECIDED', date: '2026-09-07' },
  ...['2026-09-14', '2026-09-28', '2026-10-12', '2026-11-05'].map((date): CaseEvent => ({
    type: 'CONTACT_HELD',
    date,
    form: 'in-person',
  })),
];
const off: PolicyDecisionInput = {
  id: 'beslutning-1',
  title: 'Fleksjob Nord: intet fast kontaktforløb',
  switch: 'contactCadence.enabled',
  enabled: false,
  decisionDate: '2026-09-20',
  effectiveFrom: '2026-10-01',
};
const run = (asOf: string, policyDecisions?: PolicyDecisionInput[], list = events) =>
  computeObligations(BIRTH, list, asOf, { migrations: P_2026, ...(policyDecisions ? { policyDecisions } : {}) });
const contacts = (r: EngineResult) =>
  r.occurrences
    .filter((o) => o.code === 'contact-14d')
    .map((o) => ({ n: o.occurrence, startedOn: o.startedOn, dueOn: o.dueOn, status: o.status, metOn: o.metOn }));

/** Effective-dated local policy decisions on the N0.1 switches (issue 14 item 3), read like the switches. */
describe('policy decisions: a switch turned off by a decision from a date', () => {
  it('closes nothing retroactively: every occurrence started before the date keeps its dates and status', () => {
    const asOf = '2026-10-05';
    const before = run(asOf, undefined, events.slice(0, 4));
    const after = run(asOf, [off], events.slice(0, 4));
    // The open contact-14d #3 (started 09-28) stays open past the decision's date; nothing is cancelled.
    expect(contacts(after)).toEqual(contacts(before));
    expect(contacts(after).at(-1)).toMatchObject({ startedOn: '2026-09-28', status: 'open' });
  });

  it('stops new policy occurrences from its date', () => {
    const without = contacts(run('2026-11-10'));
    expect(without.map((c) => c.startedOn)).toEqual([
      '2026-09-07',
      '2026-09-14',
      '2026-09-28',
      '2026-10-12',
      '2026-11-05',
    ]);
    const stopped = contacts(run('2026-11-10', [off]));
    // Started on or after 2026-10-01: none. The one started 09-28 is still met by the talk of 10-12.
    expect(stopped.map((c) => [c.startedOn, c.status])).toEqual([
      ['2026-09-07', 'met'],
      ['2026-09-14', 'met'],
      ['2026-09-28', 'met'],
    ]);
    expect(stopped).toEqual(without.slice(0, 3));
  });

  it('turns a switch the static ruleSetConfig left off on from its date, and names itself on what it made', () => {
    const later: CaseEvent[] = [
      advice,
      { type: 'VISITATION_DECIDED', date: '2026-10-05' },
      { type: 'CONTACT_HELD', date: '2026-10-12', form: 'in-person' },
    ];
    const on: PolicyDecisionInput = {
      ...off,
      id: 'beslutning-2',
      title: 'Fleksjob Nord: kontaktforløb hver 14. dag',
      enabled: true,
      decisionDate: '2026-09-20',
      effectiveFrom: '2026-10-01',
    };
    const config = { 'contactCadence.enabled': false };
    const compute = (decisions: PolicyDecisionInput[]) =>
      computeObligations(BIRTH, later, '2026-10-20', {
        migrations: P_2026,
        ruleSetConfig: config,
        policyDecisions: decisions,
      });
    expect(contacts(compute([]))).toEqual([]);
    const rows = compute([on]).occurrences.filter((o) => o.code === 'contact-14d');
    expect(rows.map((o) => [o.startedOn, o.status])).toEqual([
      ['2026-10-05', 'met'],
      ['2026-10-12', 'open'],
    ]);
    // Which policy, decided when, in force from when: in the output and the Danish explanation.
    expect(rows[1].policy).toEqual({
      decisionId: 'beslutning-2',
      title: 'Fleksjob Nord: kontaktforløb hver 14. dag',
      decisionDate: '2026-09-20',
      effectiveFrom: '2026-10-01',
    });
    expect(rows[1].explanation).toContain(
      '; lokal politik: Fleksjob Nord: kontaktforløb hver 14. dag (besluttet 2026-09-20, gælder fra 2026-10-01)',
    );
    // A decision turning it on only later (given out of order) leaves the earlier starts off.
    const late = { ...on, id: 'b3', decisionDate: '2026-10-10', effectiveFrom: '2026-10-15' };
    expect(contacts(compute([late, { ...off, effectiveFrom: '2026-09-25' }]))).toEqual([]);
  });

  it('is ignored without MIG-2026 (the switches are read only after it)', () => {
    const unmigrated = computeObligations(BIRTH, events.slice(1), '2026-11-10', { policyDecisions: [off] });
    expect(unmigrated).toEqual(computeObligations(BIRTH, events.slice(1), '2026-11-10'));
  });

  it('refuses a decision that takes effect before it was made, or names no switch', () => {
    expect(() => run('2026-11-10', [{ ...off, effectiveFrom: '2026-09-01' }])).toThrow(TimelineValidationError);
    expect(() => run('2026-11-10', [{ ...off, switch: 'nope' as never }])).toThrow(/policyDecisions\[0\]\.switch/);
  });
});
