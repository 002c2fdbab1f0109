import { type CaseEvent, type Occurrence, computeObligations, preview } from '../index';
import { P_2026 } from '../testing/law-2026-examples.fixture';
import { SD_EXAMPLES, type SdExample } from '../testing/sygedagpenge-examples.fixture';

/** §L, transcribed: the legal basis a sygedagpenge row must show, by rule set, code and flags. */
function expectedLegalBasis(ruleSet: string, code: string, broughtForward = false) {
  const y2026 = ruleSet === 'sygedagpenge-2026';
  switch (code) {
    case 'sdp-first-followup':
      if (ruleSet === 'sygedagpenge-2009')
        return { text: 'sygedagpengeloven § 13 b, stk. 1 (LBK nr. 1179/2023)', tag: 'L' };
      if (y2026)
        return { text: 'sygedagpengeloven § 13 b, stk. 1 (efter lov nr. 1750/2025 ikke efterprøvet)', tag: 'I' };
      return broughtForward
        ? { text: 'sygedagpengeloven § 13 b, stk. 2', tag: 'L' }
        : { text: 'sygedagpengeloven § 13 b, stk. 1', tag: 'L' };
    case 'sdp-followup':
      return {
        text: 'Historisk regel (2009): opfølgning hver 4. eller 8. uge; ikke efterprøvet mod gældende lov',
        tag: 'I',
      };
    case 'sdp-followups-6m':
      return y2026
        ? {
            text: 'Lokal politik (standard 4 opfølgninger det første halve år; ikke lovkrav efter lov nr. 1750/2025)',
            tag: 'I',
          }
        : { text: 'sygedagpengeloven § 13 b, stk. 1', tag: 'L' };
    case 'sdp-talk-on-request':
      return {
        text: 'Lokal politik (standard 14 dage; ikke lovkrav) – ret til samtale: sygedagpengeloven § 13 b, stk. 1',
        tag: 'P',
      };
    case 'sdp-return-check':
      return {
        text: 'Lokal politik (opfølgning på forventet raskmelding; ikke lovkrav) – sygedagpengeloven § 13 f',
        tag: 'P',
      };
    case 'sdp-revurdering':
      return { text: 'sygedagpengeloven § 24 (revurdering)', tag: 'S' };
    case 'sdp-26w-checkpoint':
      return { text: 'Lokal politik (kontrol ved udgangen af uge 26; ikke lovkrav) – lov nr. 1750/2025', tag: 'I' };
    default:
      throw new Error(`no §L row for ${code}`);
  }
}

const SDP = { caseType: 'sygedagpenge' as const };
const evaluate = (events: CaseEvent[], asOf: string, extra = {}) =>
  computeObligations(SDP, events, asOf, { migrations: P_2026, ...extra });

describe('law-2026 §K sygedagpenge worked examples (after MIG-2026, P = 2026-12-07)', () => {
  it('covers SD-1 … SD-4', () => {
    expect(SD_EXAMPLES.map((e) => e.id)).toEqual(['SD-1', 'SD-2', 'SD-3', 'SD-4']);
  });

  describe.each(SD_EXAMPLES.map((e) => [e.id, e] as const))('%s', (_id, example: SdExample) => {
    const result = evaluate(example.events, example.asOf);
    const byKey = new Map<string, Occurrence>(result.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));

    it('has exactly the listed rows, the rule set in force on asOf, no periods and the migration', () => {
      expect([...byKey.keys()].sort()).toEqual(example.rows.map((r) => `${r[0]}#${r[1]}`).sort());
      expect(result.ruleSet).toBe(example.ruleSet);
      expect(result.migrations).toEqual(['MIG-2026']);
      // O2: periods is [] for sygedagpenge; no trial, no enrolment.
      expect(result.periods).toEqual([]);
      expect(result.enrolments).toEqual([]);
    });

    it.each(example.rows.map((r) => [`${r[0]} #${r[1]}`, r] as const))('row %s', (_row, row) => {
      const [
        code,
        n,
        k,
        startedOn,
        anchorOn,
        remindOn,
        nominalDueOn,
        dueOn,
        closed,
        status,
        ruleSet,
        kind,
        backfilled,
        waiverReason,
      ] = row;
      const o = byKey.get(`${code}#${n}`) as Occurrence;
      expect(o).toBeDefined();
      expect(o).toMatchObject({
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn: dueOn === '=' ? nominalDueOn : dueOn,
        status,
        kind,
        ruleSet: `sygedagpenge-${ruleSet}`,
        backfilled,
      });
      expect(o.k).toBe(k === '—' ? undefined : Number(k));
      expect(o.remindOn).toBe(remindOn === '—' ? undefined : remindOn);
      if (closed === '—') {
        expect(o.metOn).toBeUndefined();
        expect(o.cancelledOn).toBeUndefined();
      } else if (status === 'cancelled') expect(o.cancelledOn).toBe(closed);
      else expect(o.metOn).toBe(closed);
      expect(o.waiverReason).toBe(waiverReason === '' ? undefined : waiverReason);
      // `provisional` belongs to ledger rows only (O2).
      expect(o).not.toHaveProperty('provisional');
      expect(o.legalBasis).toEqual(expectedLegalBasis(o.ruleSet, code));
    });

    it('has the listed warnings (0-based eventIndex, coded reason) and no others', () => {
      expect(
        result.warnings.map((w) => [w.eventIndex, w.type, /^([A-Z_0-9]+):/.exec(w.reason)?.[1] ?? ''] as const),
      ).toEqual(example.warnings);
    });

    if (example.explanations.length > 0)
      it.each(example.explanations.map(([code, n, text]) => [`${code} #${n}`, code, n, text] as const))(
        'explanation of %s',
        (_e, code, n, text) => expect(byKey.get(`${code}#${n}`)?.explanation).toBe(text),
      );

    it('sorts rows by dueOn, code, occurrence', () => {
      const keys = result.occurrences.map((o) => [o.dueOn, o.code, o.occurrence] as const);
      const sorted = [...keys].sort((a, b) =>
        a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2],
      );
      expect(keys).toEqual(sorted);
    });
  });
});

describe('§K sygedagpenge variants given in the "Why" texts', () => {
  const [sd1, sd2, , sd4] = SD_EXAMPLES;

  it('SD-1: no 2009 sdp-followup row exists', () => {
    expect(evaluate(sd1.events, sd1.asOf).occurrences.some((o) => o.code === 'sdp-followup')).toBe(false);
  });

  it('SD-2 with expectedReturnOn 2026-02-23: TRACK_13F_INVALID, k = 2 starts 2025-11-24 and is cancelled 2026-01-05', () => {
    const events = sd2.events.map((e) =>
      e.type === 'FIRST_FOLLOWUP_HELD' ? { ...e, expectedReturnOn: '2026-02-23' } : e,
    );
    const r = evaluate(events, sd2.asOf);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        eventIndex: 1,
        type: 'FIRST_FOLLOWUP_HELD',
        reason: expect.stringMatching(/^TRACK_13F_INVALID: /),
      }),
    ]);
    expect(r.occurrences.map((o) => [o.code, o.occurrence, o.k, o.startedOn, o.status, o.cancelledOn])).toEqual([
      ['sdp-first-followup', 1, 1, '2025-10-06', 'met', undefined],
      ['sdp-followups-6m', 1, 2, '2025-11-24', 'cancelled', '2026-01-05'],
    ]);
    // The boundary: the talk date + 90 days (2026-02-22) is still valid.
    const onLimit = evaluate(
      sd2.events.map((e) => (e.type === 'FIRST_FOLLOWUP_HELD' ? { ...e, expectedReturnOn: '2026-02-22' } : e)),
      sd2.asOf,
    );
    expect(onLimit.warnings).toEqual([]);
    expect(onLimit.occurrences.map((o) => o.code)).toContain('sdp-return-check');
  });

  it('SD-4 with the exemption dated 2026-06-20: EXEMPTION_NOT_EFFECTIVE (eventIndex 3) and k = 3 stays open, due 11-10', () => {
    const events = sd4.events.map((e) => (e.type === 'SHORT_ABSENCE_EXPECTED' ? { ...e, date: '2026-06-20' } : e));
    const r = evaluate(events, sd4.asOf);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        eventIndex: 3,
        type: 'SHORT_ABSENCE_EXPECTED',
        reason: expect.stringMatching(/^EXEMPTION_NOT_EFFECTIVE: /),
      }),
    ]);
    expect(r.occurrences.find((o) => o.code === 'sdp-followups-6m' && o.occurrence === 2)).toMatchObject({
      k: 3,
      status: 'open',
      dueOn: '2026-11-10',
      ruleSet: 'sygedagpenge-2026',
      kind: 'policy',
    });
    expect(r.occurrences.some((o) => o.code === 'sdp-26w-checkpoint')).toBe(false);
  });

  it('the preview JSON contract of SD-4: migrations, periods [] and the row fields of O2', () => {
    const out = preview({
      case: { caseId: 'SD-4', caseType: 'sygedagpenge', team: 'Sygedagpenge Syd' },
      events: sd4.events,
      asOf: sd4.asOf,
      migrations: P_2026,
    });
    expect(out).toMatchObject({ ruleSet: 'sygedagpenge-2026', migrations: ['MIG-2026'], periods: [], enrolments: [] });
    expect(out.obligations.find((o) => o.code === 'sdp-followups-6m' && o.occurrence === 2)).toEqual({
      code: 'sdp-followups-6m',
      occurrence: 2,
      k: 3,
      kind: 'policy',
      status: 'waived',
      ruleSet: 'sygedagpenge-2026',
      startedOn: '2026-07-28',
      anchorOn: '2026-05-11',
      remindOn: '2026-08-25',
      nominalDueOn: '2026-11-10',
      dueOn: '2026-11-10',
      metOn: '2026-08-10',
      waiverReason: 'exempt-26w',
      source:
        'lov nr. 1750/2025: mindst én samtale det første halve år [S]; talks 2–4 = local policy default (formerly § 13 b, stk. 1) [I]',
      legalBasis: {
        text: 'Lokal politik (standard 4 opfølgninger det første halve år; ikke lovkrav efter lov nr. 1750/2025)',
        tag: 'I',
      },
      backfilled: true,
      explanation:
        'opfølgning 3/4 inden for det første halve år regnet fra første fraværsdag: 2026-05-11 + 6 måneder − 1 dag = 2026-11-10; påmindelse 2026-08-25',
    });
  });
});

export { expectedLegalBasis as expectedSygedagpengeLegalBasis };
