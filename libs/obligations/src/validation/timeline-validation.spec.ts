import {
  TimelineValidationError,
  type ValidationIssue,
  computeObligations,
  parseTimeline,
  validateEvent,
} from '../index';

function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TimelineValidationError);
    expect((error as TimelineValidationError).code).toBe('INVALID_TIMELINE');
    return (error as TimelineValidationError).issues;
  }
  throw new Error('expected a TimelineValidationError');
}

const valid = {
  case: { caseId: 'c-1', birthDate: '1980-02-02', team: 'fleksjob-nord', extra: 'ignored' },
  events: [
    { type: 'VISITATION_DECIDED', date: '2026-01-12', eventId: 'e1' },
    { type: 'CONTACT_HELD', date: '2026-01-20', form: 'phone', note: 'unknown keys are ignored' },
  ],
  asOf: '2026-02-01',
};

describe('parseTimeline (C1)', () => {
  it('accepts a valid timeline and ignores unknown keys', () => {
    const parsed = parseTimeline(valid);
    expect(parsed.caseFacts).toEqual({ caseId: 'c-1', birthDate: '1980-02-02', team: 'fleksjob-nord' });
    expect(parsed.asOf).toBe('2026-02-01');
    expect(parsed.events).toHaveLength(2);
    expect(parseTimeline(valid, '2026-03-01').asOf).toBe('2026-03-01');
    expect(parseTimeline({ ...valid, asOf: undefined }, '2026-03-01').asOf).toBe('2026-03-01');
  });

  it.each<[string, unknown, Array<Partial<ValidationIssue>>]>([
    ['not an object', 42, [{ path: '' }]],
    [
      'unknown event type',
      { ...valid, events: [{ type: 'COFFEE_HELD', date: '2026-01-12' }] },
      [{ path: 'events[0].type', eventIndex: 0, field: 'type' }],
    ],
    [
      'impossible date',
      { ...valid, events: [{ type: 'VISITATION_DECIDED', date: '2027-02-30' }] },
      [{ path: 'events[0].date', eventIndex: 0, field: 'date' }],
    ],
    [
      'date with time',
      { ...valid, events: [{ type: 'VISITATION_DECIDED', date: '2027-02-03T10:00:00Z' }] },
      [{ path: 'events[0].date' }],
    ],
    [
      'missing required field',
      { ...valid, events: [valid.events[0], { type: 'CONTACT_HELD', date: '2026-01-20' }] },
      [{ path: 'events[1].form', eventIndex: 1, field: 'form' }],
    ],
    [
      'wrong enum value',
      { ...valid, events: [{ type: 'CONTACT_HELD', date: '2026-01-20', form: 'email' }] },
      [{ path: 'events[0].form' }],
    ],
    [
      'intervalDays out of range',
      { ...valid, events: [{ type: 'CONTACT_CADENCE_SET', date: '2026-01-20', intervalDays: 43, reason: 'x' }] },
      [{ path: 'events[0].intervalDays' }],
    ],
    [
      'intervalDays not an integer',
      { ...valid, events: [{ type: 'CONTACT_CADENCE_SET', date: '2026-01-20', intervalDays: 14.5, reason: 'x' }] },
      [{ path: 'events[0].intervalDays' }],
    ],
    [
      'cadence without reason (X7)',
      { ...valid, events: [{ type: 'CONTACT_CADENCE_SET', date: '2026-01-20', intervalDays: 21 }] },
      [{ path: 'events[0].reason' }],
    ],
    [
      'hoursPerWeek 0',
      { ...valid, events: [{ type: 'FLEXJOB_STARTED', date: '2026-01-20', hoursPerWeek: 0, employer: 'A' }] },
      [{ path: 'events[0].hoursPerWeek' }],
    ],
    [
      'hoursPerWeek 1e308 (more hours than a week has)',
      { ...valid, events: [{ type: 'FLEXJOB_STARTED', date: '2026-01-20', hoursPerWeek: 1e308, employer: 'A' }] },
      [{ path: 'events[0].hoursPerWeek' }],
    ],
    [
      'hoursPerWeek as text',
      { ...valid, events: [{ type: 'FLEXJOB_STARTED', date: '2026-01-20', hoursPerWeek: '8', employer: 'A' }] },
      [{ path: 'events[0].hoursPerWeek' }],
    ],
    [
      'employer empty',
      { ...valid, events: [{ type: 'FLEXJOB_STARTED', date: '2026-01-20', hoursPerWeek: 7.5, employer: ' ' }] },
      [{ path: 'events[0].employer' }],
    ],
    [
      'waiver of an unknown code',
      { ...valid, events: [{ type: 'OBLIGATION_WAIVED', date: '2026-01-20', code: 'coffee', reason: 'x' }] },
      [{ path: 'events[0].code' }],
    ],
    [
      'waiver without reason',
      { ...valid, events: [{ type: 'OBLIGATION_WAIVED', date: '2026-01-20', code: 'contact-14d' }] },
      [{ path: 'events[0].reason' }],
    ],
    [
      'REREVIEW_WAIVED without reason (G5)',
      { ...valid, events: [{ type: 'REREVIEW_WAIVED', date: '2026-01-20' }] },
      [{ path: 'events[0].reason' }],
    ],
    [
      'optional field of the wrong type',
      { ...valid, events: [{ type: 'CASE_CLOSED', date: '2026-01-20', reason: 7 }] },
      [{ path: 'events[0].reason' }],
    ],
    [
      'event not an object',
      { ...valid, events: ['VISITATION_DECIDED 2026-01-12'] },
      [{ path: 'events[0]', eventIndex: 0 }],
    ],
    ['events not an array', { ...valid, events: {} }, [{ path: 'events' }]],
    ['missing birthDate', { ...valid, case: { caseId: 'x' } }, [{ path: 'case.birthDate', field: 'birthDate' }]],
    ['missing case', { events: [], asOf: '2026-01-01' }, [{ path: 'case' }]],
    [
      'unknown case type',
      { ...valid, case: { birthDate: '1980-02-02', caseType: 'kontanthjaelp' } },
      [{ path: 'case.caseType' }],
    ],
    ['malformed asOf', { ...valid, asOf: '2026-13-01' }, [{ path: 'asOf' }]],
    [
      'event before the citizen was born',
      { ...valid, events: [{ type: 'VISITATION_DECIDED', date: '1979-12-31' }] },
      [{ path: 'events[0].date', code: 'EVENT_BEFORE_BIRTH' }],
    ],
  ])('rejects %s', (_name, input, expected) => {
    const issues = issuesOf(() => parseTimeline(input));
    expect(issues).toEqual(expected.map((e): unknown => expect.objectContaining(e)));
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('reports every issue at once, one line per issue naming index and field', () => {
    const input = {
      case: { birthDate: '1980-02-31' },
      events: [
        { type: 'VISITATION_DECIDED', date: '2026-01-12' },
        { type: 'CONTACT_HELD', date: '2026-02-30', form: 'fax' },
        { type: 'NOPE', date: '2026-01-12' },
      ],
      asOf: 'today',
    };
    let message = '';
    const issues = issuesOf(() => {
      try {
        parseTimeline(input);
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    });
    expect(issues.map((i) => i.path)).toEqual([
      'case.birthDate',
      'asOf',
      'events[1].date',
      'events[1].form',
      'events[2].type',
    ]);
    expect(message.split('\n')).toEqual([
      'case.birthDate: "1980-02-31" is not a real calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
      'asOf: "today" is not a real calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
      'events[1].date: "2026-02-30" is not a real calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
      'events[1].form: "fax" is not one of in-person, phone, video, group, digital (CONTACT_HELD)',
      'events[2].type: unknown event type "NOPE" for case type fleksjob',
    ]);
  });

  it('validates an --as-of override instead of the input asOf', () => {
    expect(issuesOf(() => parseTimeline(valid, '2026-02-29'))).toEqual([expect.objectContaining({ path: '--as-of' })]);
  });
});

describe('validateEvent (workflow update validator)', () => {
  it('returns the event, unknown keys kept for the caller', () => {
    expect(validateEvent({ type: 'CONTACT_HELD', date: '2026-01-20', form: 'group', eventId: 'abc' }, 4)).toEqual({
      type: 'CONTACT_HELD',
      date: '2026-01-20',
      form: 'group',
      eventId: 'abc',
    });
  });

  it('names the index it was given', () => {
    expect(issuesOf(() => validateEvent({ type: 'CONTACT_HELD', date: '2026-01-20' }, 7))).toEqual([
      expect.objectContaining({ path: 'events[7].form', eventIndex: 7 }),
    ]);
  });
});

describe('computeObligations rejects invalid input rather than guess', () => {
  it('throws TimelineValidationError for a malformed event or facts', () => {
    expect(
      issuesOf(() =>
        computeObligations({ birthDate: '1980-02-02' }, [{ type: 'CONTACT_HELD', date: '2026-01-20' }], '2026-02-01'),
      ),
    ).toEqual([expect.objectContaining({ path: 'events[0].form' })]);
    expect(issuesOf(() => computeObligations({ birthDate: '' }, [], '2026-02-01'))).toEqual([
      expect.objectContaining({ path: 'caseFacts.birthDate' }),
    ]);
  });

  it('validates events after asOf too (they are ignored only once valid)', () => {
    expect(
      issuesOf(() =>
        computeObligations(
          { birthDate: '1980-02-02' },
          [{ type: 'VISITATION_DECIDED', date: '2099-02-30' }],
          '2026-02-01',
        ),
      ),
    ).toHaveLength(1);
  });
});
