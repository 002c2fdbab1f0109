import { type Occurrence, computeObligations, preview } from '../index';
import { FJ_5B, LAW_EXAMPLES, type LawExample, P_2026, SWITCHES_OFF } from '../testing/law-2026-examples.fixture';

/** §L, transcribed: the legal basis a row must show, by rule set, code and (for ly-jobtalk) k and period start. */
function expectedLegalBasis(ruleSet: string, code: string, k: number | undefined, periodStart: string | undefined) {
  const y2026 = ruleSet === 'fleksjob-2026';
  switch (code) {
    case 'ly-jobtalk':
      if (k === 1)
        return {
          text: 'Lokal politik (standard 14 dage; ikke lovkrav) – første jobsamtale: LAB § 31, stk. 3',
          tag: 'P',
        };
      return (periodStart as string) >= '2026-07-01'
        ? { text: 'LAB § 31, stk. 3, jf. § 9; lov nr. 1750/2025', tag: 'S' }
        : { text: 'LAB § 31, stk. 3, jf. § 9 (LBK nr. 280/2024)', tag: 'L' };
    case 'ly-reassessment':
      return { text: 'aktivloven § 74 c, stk. 1', tag: 'L' };
    case 'contact-14d':
      return y2026
        ? { text: 'Lokal politik (standard 14 dage; ikke lovkrav)', tag: 'P' }
        : { text: 'Modelmål (UIF II-indsatsmodellen: hver 14. dag; ikke lovkrav)', tag: 'S' };
    case 'passivity-screening':
      return { text: 'Lokal politik (standard 4 måneder; ikke lovkrav)', tag: 'P' };
    case 'passivity-rereview':
      return y2026
        ? { text: 'Lokal politik (standard 6 måneder; ikke lovkrav)', tag: 'P' }
        : { text: 'Modelmål (UIF II-indsatsmodellen: 6 måneder; ikke lovkrav)', tag: 'S' };
    case 'other-actor-12m':
      return y2026
        ? { text: 'Lokal politik (standard 12 måneder; lovgrundlag ikke fundet)', tag: 'I' }
        : { text: 'Tidligere lovpligtig (anden aktør efter 12 måneder); nuværende hjemmel ikke fundet', tag: 'I' };
    case 'flexjob-agreement':
      return { text: 'Modelmål (UIF II-indsatsmodellen: aftale ved fleksjobstart; ikke lovkrav)', tag: 'S' };
    case 'capacity-decision':
      return { text: 'Lokal politik (standard 4 uger; ikke lovkrav) – afgørelse »hurtigst muligt«', tag: 'P' };
    case 'flexjob-followups':
      return { text: 'Modelmål (UIF II-indsatsmodellen: 4 opfølgninger på 6 måneder; ikke lovkrav)', tag: 'S' };
    case 'statutory-followup-30m':
      return { text: 'Lovpligtig opfølgning hvert 2½ år (LAB; paragraf ikke efterprøvet)', tag: 'S' };
    case 'temporary-status-54m':
      return { text: 'Midlertidigt fleksjob: status efter 4½ år (LAB; paragraf ikke efterprøvet)', tag: 'S' };
    default:
      throw new Error(`no §L row for ${code}`);
  }
}

function evaluate(example: LawExample) {
  return computeObligations({ birthDate: example.birthDate }, example.events, example.asOf, {
    migrations: P_2026,
    ...(example.switchesOff ? { ruleSetConfig: SWITCHES_OFF } : {}),
  });
}

const EXAMPLES = [...LAW_EXAMPLES.slice(0, 5), FJ_5B, LAW_EXAMPLES[5]];

describe('law-2026 §K fleksjob worked examples (after MIG-2026, P = 2026-12-07)', () => {
  it('covers FJ-1 … FJ-6 and FJ-5b', () => {
    expect(EXAMPLES.map((e) => e.id)).toEqual(['FJ-1', 'FJ-2', 'FJ-3', 'FJ-4', 'FJ-5', 'FJ-5b', 'FJ-6']);
  });

  describe.each(EXAMPLES.map((e) => [e.id, e] as const))('%s', (_id, example) => {
    const result = evaluate(example);
    const byKey = new Map<string, Occurrence>(result.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));
    const periodStartOf = (o: Occurrence) => o.anchorOn;

    it('has exactly the listed rows', () => {
      expect([...byKey.keys()].sort()).toEqual(example.rows.map((r) => `${r[0]}#${r[1]}`).sort());
    });

    it.each(example.rows.map((r) => [`${r[0]} #${r[1]}`, r] as const))('row %s', (_row, row) => {
      const [
        code,
        n,
        k,
        startedOn,
        remindOn,
        nominalDueOn,
        dueOn,
        closed,
        status,
        ruleSet,
        kind,
        backfilled,
        provisional,
      ] = row;
      const o = byKey.get(`${code}#${n}`) as Occurrence;
      expect(o).toBeDefined();
      expect(o).toMatchObject({
        startedOn,
        nominalDueOn,
        dueOn: dueOn === '=' ? nominalDueOn : dueOn,
        status,
        kind,
        ruleSet: `fleksjob-${ruleSet}`,
        backfilled,
      });
      expect(o.k).toBe(k === '—' ? undefined : Number(k));
      expect(o.remindOn).toBe(remindOn === '—' ? undefined : remindOn);
      if (closed === '—') {
        expect(o.metOn).toBeUndefined();
        expect(o.cancelledOn).toBeUndefined();
      } else if (status === 'cancelled') expect(o.cancelledOn).toBe(closed);
      else expect(o.metOn).toBe(closed);
      expect(o.provisional).toBe(provisional === '' ? undefined : provisional);
      expect(o.waiverReason === undefined).toBe(status !== 'waived');
      expect(o.legalBasis).toEqual(expectedLegalBasis(o.ruleSet, code, o.k, periodStartOf(o)));
      // anchorOn (O2, W16): S for every ly-jobtalk k, R (= startedOn) for ly-reassessment.
      if (code === 'ly-jobtalk') {
        const period = result.periods?.find(
          (p) =>
            p.periodStart <= startedOn &&
            (o.metOn ?? o.cancelledOn ?? startedOn) >= p.periodStart &&
            o.nominalDueOn <= p.lastDay,
        );
        expect(period).toBeDefined();
        expect(o.anchorOn).toBe(period?.periodStart);
      } else expect(o.anchorOn).toBe(startedOn);
    });

    it('has the listed warnings (0-based eventIndex, coded reason) and no others', () => {
      expect(
        result.warnings.map((w) => [w.eventIndex, w.type, /^([A-Z_]+):/.exec(w.reason)?.[1] ?? ''] as const),
      ).toEqual(example.warnings);
    });

    it('has the listed periods[] in periodStart order', () => {
      expect(result.periods).toEqual(
        example.periods.map((p) => ({
          code: 'ly-jobtalk',
          periodStart: p.periodStart,
          lastDay: p.lastDay,
          heldCount: p.heldCount,
          outcome: p.outcome,
          exemptedOn: p.exemptedOn ?? null,
          exemptionReason: p.exemptionReason ?? null,
          endedOn: p.endedOn ?? null,
          source: p.source ?? expect.any(String),
        })),
      );
    });

    if (example.explanations.length > 0)
      it.each(example.explanations.map(([code, n, text]) => [`${code} #${n}`, code, n, text] as const))(
        'explanation of %s',
        (_e, code, n, text) => expect(byKey.get(`${code}#${n}`)?.explanation).toBe(text),
      );

    it('reports the migration and sorts rows by dueOn, code, occurrence', () => {
      expect(result.migrations).toEqual(['MIG-2026']);
      const keys = result.occurrences.map((o) => [o.dueOn, o.code, o.occurrence] as const);
      const sorted = [...keys].sort((a, b) =>
        a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2],
      );
      expect(keys).toEqual(sorted);
    });
  });
});

describe('§K texts and variants outside the tables', () => {
  it('FJ-5 during the fleksjob (asOf 2027-05-31): ly-reassessment is paused since 2027-02-01 and open', () => {
    const fj5 = LAW_EXAMPLES[4];
    const r = computeObligations({ birthDate: fj5.birthDate }, fj5.events, '2027-05-31', {
      migrations: P_2026,
      ruleSetConfig: SWITCHES_OFF,
    });
    expect(r.occurrences.find((o) => o.code === 'ly-reassessment')).toMatchObject({
      status: 'open',
      pausedSince: '2027-02-01',
      provisional: true,
    });
  });

  it('FJ-6: an assessment dated 2026-01-05 warns REASSESSMENT_BEFORE_TRIGGER and #1 stays overdue; 2026-01-06 is accepted', () => {
    const fj6 = LAW_EXAMPLES[5];
    const early = computeObligations(
      { birthDate: fj6.birthDate },
      [fj6.events[0], { type: 'LY_REASSESSMENT_DONE', date: '2026-01-05', outcome: 'continued' }],
      fj6.asOf,
      { migrations: P_2026, ruleSetConfig: SWITCHES_OFF },
    );
    expect(early.warnings).toEqual([
      expect.objectContaining({ eventIndex: 1, reason: expect.stringMatching(/^REASSESSMENT_BEFORE_TRIGGER: /) }),
    ]);
    expect(early.occurrences.filter((o) => o.code === 'ly-reassessment')).toEqual([
      expect.objectContaining({ occurrence: 1, status: 'overdue', dueOn: '2026-07-03' }),
    ]);
    const onRemind = computeObligations(
      { birthDate: fj6.birthDate },
      [fj6.events[0], { type: 'LY_REASSESSMENT_DONE', date: '2026-01-06', outcome: 'continued' }],
      fj6.asOf,
      { migrations: P_2026, ruleSetConfig: SWITCHES_OFF },
    );
    expect(onRemind.warnings).toEqual([]);
    expect(onRemind.occurrences.find((o) => o.code === 'ly-reassessment' && o.occurrence === 1)).toMatchObject({
      status: 'met',
      metOn: '2026-01-06',
    });
  });

  it('FJ-4: a PASSIVITY_REVIEW_HELD on 10-13 meets re-review #1 (2024 / target) and starts a 2026 / policy clock', () => {
    const fj4 = LAW_EXAMPLES[3];
    const r = computeObligations(
      { birthDate: fj4.birthDate },
      [...fj4.events, { type: 'PASSIVITY_REVIEW_HELD', date: '2026-10-13' }],
      fj4.asOf,
      { migrations: P_2026 },
    );
    const row = (code: string, n: number) => r.occurrences.find((o) => o.code === code && o.occurrence === n);
    expect(row('passivity-rereview', 1)).toMatchObject({
      status: 'met',
      metOn: '2026-10-13',
      ruleSet: 'fleksjob-2024',
      kind: 'target',
    });
    expect(row('passivity-screening', 2)).toMatchObject({
      dueOn: '2027-02-12',
      nominalDueOn: '2027-02-13',
      ruleSet: 'fleksjob-2026',
    });
    expect(row('passivity-rereview', 2)).toMatchObject({
      dueOn: '2027-04-13',
      ruleSet: 'fleksjob-2026',
      kind: 'policy',
    });
  });

  it('ly-jobtalk task titles (N1.8)', () => {
    const r = evaluate(LAW_EXAMPLES[0]);
    const title = (n: number) => r.occurrences.find((o) => o.code === 'ly-jobtalk' && o.occurrence === n)?.title;
    expect(title(1)).toBe('Første jobsamtale (krav for alle) senest 2026-09-28');
    expect(title(2)).toBe('Jobsamtale 2/4 på ledighedsydelse senest 2027-03-12');
    expect(r.occurrences.find((o) => o.code === 'ly-reassessment')?.title).toBe(
      'Vurdér om betingelserne for fleksjob fortsat er opfyldt (aktivloven § 74 c) senest 2028-03-13',
    );
  });

  it('O6: the preview JSON contract of FJ-2 (switches off)', () => {
    const out = preview({
      case: { caseId: 'FJ-2', caseType: 'fleksjob', birthDate: '1969-05-05', team: 'Fleksjob Nord' },
      events: LAW_EXAMPLES[1].events,
      asOf: '2026-12-01',
      migrations: P_2026,
      ruleSetConfig: SWITCHES_OFF,
    });
    expect(out.ruleSet).toBe('fleksjob-2026');
    expect(out.migrations).toEqual(['MIG-2026']);
    expect(out.enrolments).toEqual([]);
    expect(out.obligations.find((o) => o.code === 'ly-jobtalk' && o.occurrence === 2)).toEqual({
      code: 'ly-jobtalk',
      occurrence: 2,
      k: 2,
      kind: 'legal',
      status: 'waived',
      ruleSet: 'fleksjob-2026',
      startedOn: '2026-10-12',
      anchorOn: '2026-10-05',
      remindOn: '2026-11-23',
      nominalDueOn: '2027-04-04',
      dueOn: '2027-04-02',
      metOn: '2026-10-20',
      waiverReason: 'undtaget (op til 25 pct.): selvhjulpen; fleksjob hos tidligere arbejdsgiver under etablering',
      source:
        'LAB § 31, stk. 3, jf. § 9 (LBK 280/2024) [L]; from 2026-07-01 lov nr. 1750/2025 (75 pct., undtagelse) [S: STAR]',
      legalBasis: { text: 'LAB § 31, stk. 3, jf. § 9; lov nr. 1750/2025', tag: 'S' },
      backfilled: true,
      explanation:
        'jobsamtale 2/4 inden for de første 6 måneder på ledighedsydelse: 2026-10-05 + 6 måneder − 1 dag = 2027-04-04; 2027-04-04 er søndag → forfalder fredag 2027-04-02; påmindelse 2026-11-23',
    });
  });
});
