import fc from 'fast-check';
import { TimelineValidationError, preview } from '../index';
import { timelineArb } from '../testing/timeline.arbitrary';

const f14 = {
  case: { caseId: 'demo-14', birthDate: '1961-01-01', team: 'nord' },
  events: [
    { type: 'VISITATION_DECIDED', date: '2026-01-05' },
    { type: 'CONTACT_HELD', date: '2026-01-16', form: 'phone' },
    { type: 'CASE_CLOSED', date: '2026-02-10', reason: 'førtidspension' },
    { type: 'CONTACT_HELD', date: '2026-02-20', form: 'phone' },
  ],
  asOf: '2026-03-01',
};

describe('preview contract', () => {
  it('returns { ruleSet, asOf, obligations, warnings, enrolments } sorted by dueOn, code, occurrence, with the documented keys', () => {
    const out = preview(f14);
    expect(Object.keys(out)).toEqual(['ruleSet', 'asOf', 'obligations', 'warnings', 'enrolments']);
    expect(out.enrolments).toEqual([]);
    expect(out.ruleSet).toBe('fleksjob-2024');
    expect(out.asOf).toBe('2026-03-01');
    expect(out.obligations.map((o) => [o.dueOn, o.code, o.occurrence])).toEqual([
      ['2026-01-19', 'contact-14d', 1],
      ['2026-01-30', 'contact-14d', 2],
      ['2026-05-05', 'passivity-screening', 1],
      ['2026-07-03', 'passivity-rereview', 1],
      ['2027-01-05', 'other-actor-12m', 1],
    ]);
    expect(Object.keys(out.obligations[1])).toEqual([
      'code',
      'occurrence',
      'kind',
      'status',
      'ruleSet',
      'startedOn',
      'anchorOn',
      'nominalDueOn',
      'dueOn',
      'cancelledOn',
      'source',
      'explanation',
    ]);
    expect(out.warnings).toEqual([{ eventIndex: 3, type: 'CONTACT_HELD', reason: 'after CASE_CLOSED' }]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('accepts JSON text and an asOf override; events after asOf are ignored', () => {
    const out = preview(JSON.stringify(f14), '2026-01-10');
    expect(out.asOf).toBe('2026-01-10');
    expect(out.obligations.map((o) => [o.code, o.status])).toEqual([
      ['contact-14d', 'open'],
      ['passivity-screening', 'open'],
      ['passivity-rereview', 'open'],
      ['other-actor-12m', 'open'],
    ]);
    expect(out.warnings).toEqual([]);
  });

  it('rejects bad JSON with a TimelineValidationError', () => {
    expect(() => preview('{"case": ')).toThrow(TimelineValidationError);
    expect(() => preview('{"case": ')).toThrow(/^invalid JSON: /);
  });
});

describe('preview fuzzing: it returns or throws TimelineValidationError, never anything else', () => {
  // Mutations of valid timelines: wrong types, impossible dates, missing and extra fields, junk values.
  const junk = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constantFrom(
      '2027-02-30',
      '2027-13-01',
      '0000-00-00',
      '9999-12-31',
      '2026-1-1',
      'NaN',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  );

  type Mutable = Record<string, unknown>;
  const mutate = (input: Mutable, path: string[], value: unknown): unknown => {
    const copy: unknown = JSON.parse(JSON.stringify(input));
    let target = copy as Mutable;
    for (let i = 0; i < path.length - 1; i++) {
      const next = target[path[i]];
      if (typeof next !== 'object' || next === null) return copy;
      target = next as Mutable;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
    return copy;
  };

  const mutatedTimeline = fc
    .tuple(
      timelineArb,
      fc.nat(),
      fc.constantFrom('case', 'birthDate', 'caseType', 'events', 'asOf', 'type', 'date', 'field', 'event'),
      junk,
    )
    .map(([t, pick, where, value]) => {
      const input: Mutable = { case: { ...t.caseFacts }, events: t.events, asOf: t.asOf };
      const i = t.events.length > 0 ? pick % t.events.length : 0;
      const fields = t.events[i] ? Object.keys(t.events[i]) : ['type'];
      switch (where) {
        case 'case':
          return mutate(input, ['case'], value);
        case 'birthDate':
          return mutate(input, ['case', 'birthDate'], value);
        case 'caseType':
          return mutate(input, ['case', 'caseType'], value);
        case 'events':
          return mutate(input, ['events'], value);
        case 'asOf':
          return mutate(input, ['asOf'], value);
        case 'event':
          return mutate(input, ['events', String(i)], value);
        case 'field':
          return mutate(input, ['events', String(i), fields[pick % fields.length]], value);
        default:
          return mutate(input, ['events', String(i), where], value);
      }
    });

  const check = (input: unknown) => {
    try {
      const out = preview(input);
      expect(Array.isArray(out.obligations)).toBe(true);
    } catch (error) {
      if (!(error instanceof TimelineValidationError)) throw error;
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) expect(typeof issue.message).toBe('string');
    }
  };

  it('mutated timelines', () => {
    fc.assert(fc.property(mutatedTimeline, check), { numRuns: 1500 });
  });

  it('arbitrary JSON values and text', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.anything(), check), { numRuns: 500 });
  });
});
