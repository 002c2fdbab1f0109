import { type Occurrence } from '../index';
import { TRIAL_WORKED_EXAMPLES, type TrialWorkedExample } from '../testing/trials-worked-examples.fixture';
import { computeWithDemo } from '../testing/aht-demo.fixture';

function evaluate(example: TrialWorkedExample) {
  return computeWithDemo(
    { caseType: example.caseType, ...(example.birthDate ? { birthDate: example.birthDate } : {}) },
    example.events,
    example.asOf,
  );
}

/** "uge 14, 11 t" → week 14, 11 registered hours; "v1" marks the first programme version. */
function noteFacts(note: string): { week?: number; hours?: number; v1: boolean } {
  const week = /uge (\d+)/.exec(note);
  const hours = /(\d+) t\b/.exec(note);
  return {
    week: week ? Number(week[1]) : undefined,
    hours: hours ? Number(hours[1]) : undefined,
    v1: /\bv1\b/.test(note),
  };
}

describe('worked examples S1–S6 (trials-and-sygedagpenge.md §W)', () => {
  it('covers every example of the spec', () => {
    expect(TRIAL_WORKED_EXAMPLES.map((e) => e.id)).toEqual(['S1a', 'S1b', 'S2', 'S3', 'S4', 'S4b', 'S5', 'S6']);
  });

  describe.each(TRIAL_WORKED_EXAMPLES.map((e) => [`${e.id} ${e.title}`, e] as const))('%s', (_name, example) => {
    const result = evaluate(example);
    const byKey = new Map<string, Occurrence>(result.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));

    it('has exactly the listed rows', () => {
      expect([...byKey.keys()].sort()).toEqual(example.rows.map((r) => `${r[0]}#${r[1]}`).sort());
    });

    it.each(example.rows.map((r) => [`${r[0]} #${r[1]}`, r] as const))('row %s', (_row, row) => {
      const [code, n, startedOn, nominalDueOn, dueOn, closed, status, note] = row;
      const o = byKey.get(`${code}#${n}`) as Occurrence;
      expect(o).toBeDefined();
      expect({
        startedOn: o.startedOn,
        nominalDueOn: o.nominalDueOn,
        dueOn: o.dueOn,
        status: o.status,
      }).toEqual({ startedOn, nominalDueOn, dueOn: dueOn === '=' ? nominalDueOn : dueOn, status });
      // Closing date: metOn or cancelledOn; a missed window closed on its dueOn with neither set (Z1).
      if (status === 'missed') {
        expect(closed).toBe(o.dueOn);
        expect(o.metOn).toBeUndefined();
        expect(o.cancelledOn).toBeUndefined();
      } else expect(o.metOn ?? o.cancelledOn ?? '—').toBe(closed);
      const facts = noteFacts(note);
      if (code.startsWith('aht-')) {
        expect(o.program).toBe('aht-demo');
        expect(o.kind).toBe('target');
        expect(o.ruleSet).toBe(facts.v1 ? 'aht-demo' : 'aht-demo-mj');
      } else {
        expect(o.program).toBeUndefined();
        expect(o.ruleSet).toBe(example.caseType === 'fleksjob' ? 'fleksjob-2024' : 'sygedagpenge-2009');
      }
      if (code === 'aht-activity-10h') {
        expect(o.week).toBe(facts.week);
        expect(o.registeredHours).toBe(facts.hours);
        expect(o.targetHours).toBe(10);
      } else expect(o.week).toBeUndefined();
      if (code.startsWith('sdp-')) expect(o.kind).toBe('legal');
    });

    it('has the enrolments', () => {
      expect(result.enrolments).toEqual(example.enrolments);
    });

    it('raises exactly the listed warnings', () => {
      expect(result.warnings.map((w) => [w.eventIndex, w.type])).toEqual(
        example.warnings.map((w) => [w.eventIndex, w.type]),
      );
      example.warnings.forEach((w, i) => expect(result.warnings[i].reason).toContain(w.reasonContains));
    });

    if (example.explanations.length > 0)
      it.each(example.explanations.map((x) => [`${x[0]} #${x[1]}`, x] as const))('explains %s', (_k, x) => {
        expect(byKey.get(`${x[0]}#${x[1]}`)?.explanation).toBe(x[2]);
      });
  });

  it('S4b: the base rows are identical in both arms (T2 rule 6)', () => {
    const [s4, s4b] = ['S4', 'S4b'].map((id) => evaluate(TRIAL_WORKED_EXAMPLES.find((e) => e.id === id)!));
    const base = (r: ReturnType<typeof evaluate>) => r.occurrences.filter((o) => o.code.startsWith('sdp-'));
    expect(base(s4b)).toEqual(base(s4));
  });
});
