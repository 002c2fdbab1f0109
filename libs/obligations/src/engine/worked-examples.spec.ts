import {
  type Occurrence,
  catalogEntry,
  checkEventAdmissible,
  computeObligations,
  parseTimeline,
  TimelineValidationError,
} from '../index';
import { WORKED_EXAMPLES, type WorkedExample } from '../testing/worked-examples.fixture';

const WEEKDAY: Record<string, string> = {
  Mon: 'mandag',
  Tue: 'tirsdag',
  Wed: 'onsdag',
  Thu: 'torsdag',
  Fri: 'fredag',
  Sat: 'lørdag',
  Sun: 'søndag',
};

// F7b (spec): "the same events, asOf 2027-03-01. All rows are identical except other-actor-12m #1: nominalDueOn
// 2027-05-18, dueOn =, open, +63 pause days, no pausedSince."
function f7b(): WorkedExample {
  const f7a = WORKED_EXAMPLES.find((e) => e.id === 'F7a') as WorkedExample;
  return {
    ...f7a,
    id: 'F7b',
    asOf: '2027-03-01',
    rows: f7a.rows.map((r) =>
      r[0] === 'other-actor-12m' ? ([r[0], r[1], r[2], '2027-05-18', '=', '—', 'open', '+63 pause days'] as const) : r,
    ),
  };
}

const EXAMPLES = [
  ...WORKED_EXAMPLES.slice(0, WORKED_EXAMPLES.findIndex((e) => e.id === 'F7a') + 1),
  f7b(),
  ...WORKED_EXAMPLES.slice(WORKED_EXAMPLES.findIndex((e) => e.id === 'F7a') + 1),
];

function evaluate(example: WorkedExample) {
  return computeObligations({ birthDate: example.birthDate }, example.events, example.asOf);
}

describe('worked examples F1–F15 (spec §F)', () => {
  it('covers every example of the spec, including F5a/b, F6a/b, F7a/b and F11a/b', () => {
    expect(EXAMPLES.map((e) => e.id)).toEqual([
      'F1',
      'F2',
      'F3',
      'F4',
      'F5a',
      'F5b',
      'F6a',
      'F6b',
      'F7a',
      'F7b',
      'F8',
      'F9',
      'F10',
      'F11a',
      'F11b',
      'F12',
      'F13',
      'F14',
      'F15',
    ]);
  });

  describe.each(EXAMPLES.map((e) => [`${e.id} ${e.title}`, e] as const))('%s', (_name, example) => {
    const result = evaluate(example);
    const byKey = new Map<string, Occurrence>(result.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));

    it('has exactly the listed rows', () => {
      expect([...byKey.keys()].sort()).toEqual(example.rows.map((r) => `${r[0]}#${r[1]}`).sort());
    });

    it.each(example.rows.map((r) => [`${r[0]} #${r[1]}`, r] as const))('row %s', (_row, row) => {
      const [code, n, startedOn, nominalDueOn, dueOn, closed, status, note] = row;
      const o = byKey.get(`${code}#${n}`) as Occurrence;
      expect(o).toBeDefined();
      const definition = catalogEntry(code);
      expect(o).toMatchObject({
        startedOn,
        nominalDueOn,
        dueOn: dueOn === '=' ? nominalDueOn : dueOn,
        status,
        kind: definition?.kind,
        source: definition?.source,
        ruleSet: 'fleksjob-2024',
      });
      if (closed === '—') {
        expect(o.metOn).toBeUndefined();
        expect(o.cancelledOn).toBeUndefined();
      } else if (status === 'cancelled') {
        expect(o.cancelledOn).toBe(closed);
        expect(o.metOn).toBeUndefined();
      } else {
        expect(o.metOn).toBe(closed);
        expect(o.cancelledOn).toBeUndefined();
      }
      expect(o.anchorOn).toBe(/anchorOn (\S+)/.exec(note)?.[1] ?? startedOn);
      expect(o.remindOn).toBe(/remindOn (\S+)/.exec(note)?.[1]);
      expect(o.pausedSince).toBe(/pausedSince (\S+)/.exec(note)?.[1]);
      expect(o.waiverReason === undefined).toBe(status !== 'waived');

      const pause = /\+(\d+) pause days/.exec(note);
      if (pause) expect(o.explanation).toContain(` + ${pause[1]} pausedage = ${nominalDueOn}`);
      else expect(o.explanation).not.toContain('pausedage');

      // Shift notes, e.g. "Sun → Fri" or "påskedag (Sun) → Wed": the explanation names the reason and the new day.
      const shift = /(?:^|; )(?:([^;(]+) \((\w{3})\)|(Sat|Sun)) → (\w{3})/.exec(note);
      if (shift) {
        const reason = shift[1] ?? WEEKDAY[shift[3]];
        expect(o.explanation).toContain(`; ${nominalDueOn} er ${reason} → forfalder ${WEEKDAY[shift[4]]} ${o.dueOn}`);
      } else {
        expect(o.explanation).not.toContain('forfalder');
      }
      const k = /k=(\d)/.exec(note);
      if (k) expect(o.title).toBe(`Opfølgning ${k[1]}/4 på virksomheden senest ${o.dueOn}`);
    });

    if (example.explanations.length > 0) {
      it.each(example.explanations.map(([code, n, text]) => [`${code} #${n}`, code, n, text] as const))(
        'explanation of %s',
        (_e, code, n, text) => {
          expect(byKey.get(`${code}#${n}`)?.explanation).toBe(text);
        },
      );
    }

    it('has the listed warnings and no others', () => {
      expect(result.warnings).toEqual(example.warnings);
    });

    it('is sorted by dueOn, then code, then occurrence', () => {
      const keys = result.occurrences.map((o) => [o.dueOn, o.code, o.occurrence] as const);
      const sorted = [...keys].sort((a, b) =>
        a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2],
      );
      expect(keys).toEqual(sorted);
    });
  });
});

describe('spec texts outside the tables', () => {
  it('§E / F2: the shift note of påskedag', () => {
    const f2 = evaluate(EXAMPLES.find((e) => e.id === 'F2') as WorkedExample);
    const rereview = f2.occurrences.find((o) => o.code === 'passivity-rereview');
    expect(rereview?.explanation).toBe(
      '6 måneder uden praktik eller job fra visitation 2026-09-28 = 2027-03-28; 2027-03-28 er påskedag → forfalder onsdag 2027-03-24',
    );
  });

  it('F12: the renewed period explanation names the clamped period start', () => {
    const f12 = evaluate(EXAMPLES.find((e) => e.id === 'F12') as WorkedExample);
    const renewed = f12.occurrences.find((o) => o.code === 'temporary-status-54m' && o.occurrence === 2);
    expect(renewed?.title).toBe('Status i midlertidigt fleksjob (4½ år) senest 2033-08-26');
  });

  it('task titles of §D with placeholders filled', () => {
    const f1 = evaluate(EXAMPLES[0]);
    const title = (code: string, n = 1) => f1.occurrences.find((o) => o.code === code && o.occurrence === n)?.title;
    expect(title('phase1-target')).toBe('Fase 1: sagen bør være visiteret senest 2027-03-15');
    expect(title('contact-14d', 5)).toBe('Kontakt borgeren senest 2027-05-11');
    expect(title('passivity-screening')).toBe('Screen sagen: 4 måneder uden praktik eller job');
    expect(title('passivity-rereview')).toBe(
      'Genbehandling i rehabiliteringsteamet (6 måneder uden praktik eller job)',
    );
    expect(title('other-actor-12m')).toBe('Henvis til anden aktør (12 måneder på ledighedsydelse)');
    expect(title('flexjob-agreement')).toBe('Registrér aftale om progression, opfølgning og kontaktperson i Min Plan');
    expect(title('capacity-decision')).toBe(
      'Træf skriftlig afgørelse om timetal og arbejdsintensitet med klagevejledning',
    );
    expect(title('flexjob-followups', 2)).toBe('Opfølgning 2/4 på virksomheden senest 2027-07-27');
    expect(title('statutory-followup-30m')).toBe('Lovpligtig opfølgning (2½ år) senest 2029-11-09');
    expect(title('temporary-status-54m')).toBe('Status i midlertidigt fleksjob (4½ år) senest 2031-11-10');
  });

  it('F15: the new cadence is named in the explanation of contact #3', () => {
    const f15 = evaluate(EXAMPLES.find((e) => e.id === 'F15') as WorkedExample);
    expect(f15.occurrences.find((o) => o.code === 'contact-14d' && o.occurrence === 3)?.explanation).toBe(
      '28 dage efter kontakt 2026-10-29 = 2026-11-26',
    );
  });
});

describe('F11: the 40th birthday and a permanent outcome (B6, D10)', () => {
  const f11a = EXAMPLES.find((e) => e.id === 'F11a') as WorkedExample;
  const permanent = { type: 'TEMPORARY_STATUS_DECIDED', date: '2030-11-01', outcome: 'permanent' };

  it('accepts permanent at 44 (F11a) and meets the status', () => {
    expect(checkEventAdmissible({ birthDate: f11a.birthDate }, f11a.events, permanent)).toBeUndefined();
    const r = computeObligations({ birthDate: f11a.birthDate }, [...f11a.events, permanent], '2030-11-05');
    expect(r.occurrences.find((o) => o.code === 'temporary-status-54m')).toMatchObject({
      status: 'met',
      metOn: '2030-11-01',
    });
    expect(r.occurrences.filter((o) => o.code === 'temporary-status-54m')).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });

  it('rejects permanent under 40 with PERMANENT_REQUIRES_AGE_40 (born 1995-01-01, decided 2030-11-01)', () => {
    expect(checkEventAdmissible({ birthDate: '1995-01-01' }, f11a.events, permanent)).toMatchObject({
      code: 'PERMANENT_REQUIRES_AGE_40',
      field: 'outcome',
    });
    expect(() =>
      parseTimeline({ case: { birthDate: '1995-01-01' }, events: [...f11a.events, permanent], asOf: '2030-11-05' }),
    ).toThrow(TimelineValidationError);
    try {
      parseTimeline({ case: { birthDate: '1995-01-01' }, events: [...f11a.events, permanent], asOf: '2030-11-05' });
    } catch (e) {
      expect((e as TimelineValidationError).issues).toEqual([
        expect.objectContaining({
          path: 'events[3].outcome',
          eventIndex: 3,
          field: 'outcome',
          code: 'PERMANENT_REQUIRES_AGE_40',
        }),
      ]);
    }
    // The trusted path never throws inside a workflow: it ignores the event with a coded warning.
    const r = computeObligations({ birthDate: '1995-01-01' }, [...f11a.events, permanent], '2030-11-05');
    expect(r.warnings).toEqual([
      expect.objectContaining({ eventIndex: 3, reason: expect.stringMatching(/^PERMANENT_REQUIRES_AGE_40: /) }),
    ]);
    expect(r.occurrences.find((o) => o.code === 'temporary-status-54m')?.status).toBe('open');
  });

  it('on the 40th birthday itself the citizen is not under 40; the day before they are', () => {
    const onBirthday = { ...permanent, date: '2035-01-01' };
    expect(checkEventAdmissible({ birthDate: '1995-01-01' }, [], onBirthday)).toBeUndefined();
    expect(checkEventAdmissible({ birthDate: '1995-01-01' }, [], { ...permanent, date: '2034-12-31' })?.code).toBe(
      'PERMANENT_REQUIRES_AGE_40',
    );
    // Leap-day birth: birthDate + 480 months (B6) is 2036-02-29, itself a leap day.
    expect(checkEventAdmissible({ birthDate: '1996-02-29' }, [], { ...permanent, date: '2036-02-29' })).toBeUndefined();
    expect(checkEventAdmissible({ birthDate: '1996-02-29' }, [], { ...permanent, date: '2036-02-28' })?.code).toBe(
      'PERMANENT_REQUIRES_AGE_40',
    );
  });
});
