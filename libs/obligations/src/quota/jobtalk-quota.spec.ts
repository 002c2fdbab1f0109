import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LyPeriod, QuotaInputError, type TaggedPeriod, computeJobtalkQuota, quotaForCases } from '../index';

/** The FJ-7 cases (law-2026 §K): 13 periods of team "Fleksjob Nord" with L in Q1 2027, plus one of another team
 * and one with L = 2027-04-04 (outside the quarter). Shared with the CLI test. */
const FJ7 = JSON.parse(readFileSync(join(__dirname, '../../../../apps/cli/src/fixtures/fj7-quota.json'), 'utf8')) as {
  cases: unknown[];
  scope: unknown;
  from: string;
  to: string;
  asOf: string;
};

function period(outcome: LyPeriod['outcome'], extra: Partial<TaggedPeriod> = {}): TaggedPeriod {
  return {
    code: 'ly-jobtalk',
    periodStart: '2026-08-03',
    lastDay: '2027-02-02',
    heldCount: outcome === 'met' ? 4 : 1,
    outcome,
    exemptedOn: null,
    exemptionReason: null,
    endedOn: null,
    source: 'x',
    caseId: 'c',
    team: 'Fleksjob Nord',
    ...extra,
  };
}

describe('job-talk quota (law-2026 O5)', () => {
  it('FJ-7: the team quota of Q1 2027 is exactly the O6 JSON', () => {
    expect(quotaForCases(FJ7)).toEqual({
      scope: { level: 'team', team: 'Fleksjob Nord' },
      from: '2027-01-01',
      to: '2027-03-31',
      asOf: '2027-04-05',
      cohortSize: 13,
      met: 9,
      exempted: 2,
      short: 1,
      endedEarly: 1,
      open: 0,
      denominator: 12,
      metShare: 0.75,
      exemptedShare: 0.166667,
      metSharePercent: 75.0,
      exemptedSharePercent: 16.7,
      atRisk: [],
      status: 'ok',
    });
  });

  it('FJ-7: the other team’s period counts at municipality level; the period with L 2027-04-04 never does', () => {
    const q = quotaForCases({ ...FJ7, scope: { level: 'municipality' } });
    expect(q).toMatchObject({ cohortSize: 14, met: 10, denominator: 13, metShare: 0.769231, status: 'ok' });
  });

  it('FJ-7: one more short period gives 9/13 = 69.2 %: below-quota', () => {
    const periods: TaggedPeriod[] = [
      ...Array.from({ length: 9 }, () => period('met')),
      period('exempted'),
      period('exempted'),
      period('short'),
      period('short'),
      period('ended-early'),
    ];
    const q = computeJobtalkQuota(periods, { level: 'municipality' }, '2027-01-01', '2027-03-31', '2027-04-05');
    expect(q).toMatchObject({ denominator: 13, metShare: 0.692308, metSharePercent: 69.2, status: 'below-quota' });
  });

  it('status order: incomplete before exemption-budget-exceeded; 0.25 exempted is inside the limit', () => {
    const base = [period('met'), period('met'), period('met'), period('exempted')];
    expect(
      computeJobtalkQuota(base, { level: 'municipality' }, '2027-01-01', '2027-03-31', '2027-04-05'),
    ).toMatchObject({
      exemptedShare: 0.25,
      metShare: 0.75,
      status: 'ok',
    });
    const over = [...base, period('exempted')];
    expect(computeJobtalkQuota(over, { level: 'municipality' }, '2027-01-01', '2027-03-31', '2027-04-05').status).toBe(
      'exemption-budget-exceeded',
    );
    const open = [...over, period('open', { lastDay: '2027-03-30' })];
    expect(computeJobtalkQuota(open, { level: 'municipality' }, '2027-01-01', '2027-03-31', '2027-03-01').status).toBe(
      'incomplete',
    );
  });

  it('atRisk: open periods where 4 − heldCount > ⌊(lastDay − asOf)/28⌋ + 1; no period gives null shares and ok', () => {
    const periods = [
      period('open', { caseId: 'tight', heldCount: 1, lastDay: '2027-03-31', periodStart: '2026-10-01' }),
      period('open', { caseId: 'fine', heldCount: 3, lastDay: '2027-03-31', periodStart: '2026-10-01' }),
    ];
    // 2027-03-31 − 2027-03-01 = 30 days: ⌊30/28⌋ + 1 = 2; tight needs 3 > 2, fine needs 1.
    const q = computeJobtalkQuota(periods, { level: 'municipality' }, '2027-01-01', '2027-03-31', '2027-03-01');
    expect(q.atRisk).toEqual([{ caseId: 'tight', periodStart: '2026-10-01', lastDay: '2027-03-31', heldCount: 1 }]);
    const empty = computeJobtalkQuota([], { level: 'team', team: 'x' }, '2027-01-01', '2027-03-31', '2027-04-05');
    expect(empty).toMatchObject({ denominator: 0, metShare: null, exemptedSharePercent: null, status: 'ok' });
  });

  it('rejects bad dates, from > to and a bad scope with every issue', () => {
    expect(() => computeJobtalkQuota([], { level: 'team' } as never, '2027-04-01', '2027-03-31', 'x')).toThrow(
      QuotaInputError,
    );
    try {
      quotaForCases({ ...FJ7, from: '2027-04-01', scope: { level: 'team' }, asOf: '2027-02-30' });
    } catch (e) {
      expect((e as QuotaInputError).issues.map((i) => i.path).sort()).toEqual(['asOf', 'scope', 'to']);
    }
    try {
      quotaForCases({
        ...FJ7,
        cases: [{ case: { birthDate: '1975-05-05' }, events: [{ type: 'NOPE', date: '2027-01-01' }] }],
      });
    } catch (e) {
      expect((e as QuotaInputError).issues).toEqual([expect.objectContaining({ path: 'cases[0].events[0].type' })]);
    }
    expect.assertions(3);
  });
});
