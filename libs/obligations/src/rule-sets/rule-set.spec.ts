import {
  FLEKSJOB_2024,
  RULE_SETS,
  RuleSetSelector,
  catalogEntry,
  computeObligations,
  days,
  defineRuleSet,
  deriveRuleSet,
  months,
  titleFor,
} from '../index';
import { parseIsoDate } from '../dates/iso-date';

// A municipality's policy change as configuration: from 2027-01-01 contact every 21 days and screening at 5 months.
const TEST_2027 = deriveRuleSet(FLEKSJOB_2024, {
  id: 'fleksjob-test-2027',
  effectiveFrom: '2027-01-01',
  description: 'test: 21-day contact cadence and 5-month screening',
  obligations: {
    'contact-14d': { due: { after: days(21) } },
    'passivity-screening': { due: { after: months(5) }, name: 'Screening efter 5 måneder uden praktik eller job' },
  },
});
const BOTH = [FLEKSJOB_2024, TEST_2027];

describe('rule sets as data (§G)', () => {
  it('publishes fleksjob-2024 as the baseline, immutable', () => {
    expect(RULE_SETS.map((r) => [r.id, r.effectiveFrom, r.caseType])).toEqual([
      ['sygedagpenge-2009', '2009-01-01', 'sygedagpenge'],
      ['fleksjob-2024', '2024-01-01', 'fleksjob'],
    ]);
    expect(Object.isFrozen(FLEKSJOB_2024)).toBe(true);
    expect(Object.isFrozen(FLEKSJOB_2024.obligations[0].due.after)).toBe(true);
    expect(() => {
      (FLEKSJOB_2024.obligations[0].due.after as { amount: number }).amount = 11;
    }).toThrow(TypeError);
    expect(catalogEntry('passivity-screening')?.due.after).toEqual(months(4));
    expect(titleFor('phase1-target')).toBe('Fase 1 inden for 10 uger');
    expect(titleFor('passivity-screening', 'fleksjob-test-2027')).toBeUndefined(); // unpublished rule sets are not in the catalog
  });

  it('rejects a catalog with a duplicate code and an unknown obligation in a derivation', () => {
    expect(() =>
      defineRuleSet({
        ...FLEKSJOB_2024,
        id: 'x',
        obligations: [FLEKSJOB_2024.obligations[0], FLEKSJOB_2024.obligations[0]],
      }),
    ).toThrow(/duplicate/);
    expect(() =>
      deriveRuleSet(FLEKSJOB_2024, {
        id: 'y',
        effectiveFrom: '2027-01-01',
        description: '',
        obligations: { nope: {} },
      }),
    ).toThrow(/no obligation nope/);
  });

  it('selects the latest effectiveFrom ≤ date; the baseline also governs earlier dates', () => {
    const selector = new RuleSetSelector([TEST_2027, FLEKSJOB_2024]);
    expect(selector.baseline.id).toBe('fleksjob-2024');
    expect(selector.governing(parseIsoDate('2019-05-01')).id).toBe('fleksjob-2024');
    expect(selector.governing(parseIsoDate('2026-12-31')).id).toBe('fleksjob-2024');
    expect(selector.governing(parseIsoDate('2027-01-01')).id).toBe('fleksjob-test-2027');
  });

  it('mixes rule sets within one case: each occurrence is governed by the rule set in force on its startedOn', () => {
    const events = [
      { type: 'VISITATION_DECIDED', date: '2026-12-01' },
      { type: 'CONTACT_HELD', date: '2026-12-14', form: 'phone' },
      { type: 'CONTACT_HELD', date: '2027-01-04', form: 'phone' },
      { type: 'INTERNSHIP_STARTED', date: '2027-01-11' },
      { type: 'INTERNSHIP_ENDED', date: '2027-02-01' },
    ];
    const r = computeObligations({ birthDate: '1975-01-01' }, events, '2027-01-20', { ruleSets: BOTH });
    const find = (code: string, n: number) => r.occurrences.find((o) => o.code === code && o.occurrence === n);
    expect(r.ruleSet).toBe('fleksjob-test-2027');
    // contact #2 started 2026-12-14 under the baseline (14 days), #3 on 2027-01-04 under the test rule set (21 days)
    expect(find('contact-14d', 2)).toMatchObject({
      ruleSet: 'fleksjob-2024',
      nominalDueOn: '2026-12-28',
      status: 'met-late',
      metOn: '2027-01-04',
    });
    expect(find('contact-14d', 3)).toMatchObject({
      ruleSet: 'fleksjob-test-2027',
      nominalDueOn: '2027-01-25',
      explanation: '21 dage efter kontakt 2027-01-04 = 2027-01-25',
    });
    // the screening of the first clock (2026) keeps 4 months; it is cancelled by the internship
    expect(find('passivity-screening', 1)).toMatchObject({
      ruleSet: 'fleksjob-2024',
      nominalDueOn: '2027-04-01',
      cancelledOn: '2027-01-11',
    });

    const later = computeObligations({ birthDate: '1975-01-01' }, events, '2027-02-10', { ruleSets: BOTH });
    const screening2 = later.occurrences.find((o) => o.code === 'passivity-screening' && o.occurrence === 2);
    expect(screening2).toMatchObject({
      ruleSet: 'fleksjob-test-2027',
      startedOn: '2027-02-01',
      nominalDueOn: '2027-07-01',
      title: 'Screen sagen: 5 måneder uden praktik eller job',
      explanation: '5 måneder uden praktik eller job fra praktik ophørt 2027-02-01 = 2027-07-01',
    });
    // the re-review is unchanged by the test rule set: 6 months under the new id
    expect(later.occurrences.find((o) => o.code === 'passivity-rereview' && o.occurrence === 2)).toMatchObject({
      ruleSet: 'fleksjob-test-2027',
      nominalDueOn: '2027-08-01',
    });
    // without the new rule set nothing changes for the same timeline
    const baseline = computeObligations({ birthDate: '1975-01-01' }, events, '2027-02-10');
    expect(baseline.occurrences.find((o) => o.code === 'passivity-screening' && o.occurrence === 2)?.nominalDueOn).toBe(
      '2027-06-01',
    );
    expect(baseline.occurrences.every((o) => o.ruleSet === 'fleksjob-2024')).toBe(true);
  });

  it('a per-case cadence still overrides the rule set default; re-anchoring re-selects the rule set', () => {
    const r = computeObligations(
      { birthDate: '1975-01-01' },
      [
        { type: 'VISITATION_DECIDED', date: '2026-12-21' },
        { type: 'CONTACT_CADENCE_SET', date: '2026-12-22', intervalDays: 35, reason: 'selvkørende' },
        { type: 'BENEFIT_STARTED', date: '2027-01-04' },
        { type: 'CONTACT_HELD', date: '2027-01-04', form: 'video' },
      ],
      '2027-01-05',
      { ruleSets: BOTH },
    );
    expect(r.occurrences.find((o) => o.code === 'contact-14d' && o.occurrence === 2)).toMatchObject({
      ruleSet: 'fleksjob-test-2027',
      nominalDueOn: '2027-02-08',
    });
    expect(r.occurrences.find((o) => o.code === 'other-actor-12m')).toMatchObject({
      ruleSet: 'fleksjob-test-2027',
      startedOn: '2027-01-04',
      nominalDueOn: '2028-01-04',
    });
  });

  it('a derived rule set does not change its base', () => {
    expect(FLEKSJOB_2024.obligations.find((o) => o.code === 'contact-14d')?.due.after).toEqual(days(14));
    expect(TEST_2027.obligations.find((o) => o.code === 'contact-14d')?.due.after).toEqual(days(21));
    expect(TEST_2027.obligations.find((o) => o.code === 'contact-14d')?.due.override).toEqual(
      FLEKSJOB_2024.obligations.find((o) => o.code === 'contact-14d')?.due.override,
    );
  });
});
