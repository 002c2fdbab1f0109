/**
 * The decisions settled after the independent comparison over random timelines: obligations.md G-extra X9–X14 and
 * trials-and-sygedagpenge.md Z15–Z16, each checked through the preview contract the CLI and API use.
 */
import { TimelineValidationError } from './timeline-validation';
import { type PreviewOutput, preview } from '../preview/preview';

const FJ = { birthDate: '1980-01-01' };
const SDP = { caseType: 'sygedagpenge' };
const visit = { type: 'VISITATION_DECIDED', date: '2026-01-05' };

function issuesOf(input: unknown): string[] {
  try {
    preview(input);
  } catch (error) {
    if (error instanceof TimelineValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const rows = (out: PreviewOutput) => out.obligations.map((o) => `${o.code}#${o.occurrence} ${o.status}`);

describe('X9: REREVIEW_WAIVED and OBLIGATION_WAIVED {passivity-rereview} on one date are one waiver type', () => {
  const rereview = { type: 'REREVIEW_WAIVED', date: '2026-05-01', reason: 'x' };
  const waived = { type: 'OBLIGATION_WAIVED', date: '2026-05-01', code: 'passivity-rereview', reason: 'y' };
  it.each([
    ['REREVIEW_WAIVED first', [visit, rereview, waived], 'OBLIGATION_WAIVED'],
    ['OBLIGATION_WAIVED first', [visit, waived, rereview], 'REREVIEW_WAIVED'],
  ])('%s: the second is a duplicate, ignored with a warning', (_name, events, second) => {
    const out = preview({ case: FJ, events, asOf: '2026-05-02' });
    expect(out.warnings).toEqual([{ eventIndex: 2, type: second, reason: expect.stringContaining('second waiver') }]);
    // One fresh clock, not two.
    expect(rows(out).filter((r) => r.startsWith('passivity-rereview'))).toEqual([
      'passivity-rereview#1 waived',
      'passivity-rereview#2 open',
    ]);
  });
});

describe('X10–X13: rejected input', () => {
  it.each([
    [
      'X10: an event after asOf that breaks a domain guard (permanent under 40)',
      {
        case: { birthDate: '1995-01-01' },
        events: [
          visit,
          { type: 'FLEXJOB_STARTED', date: '2026-03-05', hoursPerWeek: 10, employer: 'a' },
          { type: 'TEMPORARY_STATUS_DECIDED', date: '2030-12-01', outcome: 'permanent' },
        ],
        asOf: '2026-06-01',
      },
      'events[2].outcome: PERMANENT_REQUIRES_AGE_40',
    ],
    [
      'X11: an event before birthDate',
      { case: FJ, events: [{ type: 'VISITATION_DECIDED', date: '1979-12-31' }], asOf: '2026-06-01' },
      'events[0].date: EVENT_BEFORE_BIRTH',
    ],
    [
      'X12: an event before 1900',
      { case: SDP, events: [{ type: 'CASE_OPENED', date: '1899-12-31' }], asOf: '2026-06-01' },
      'events[0].date',
    ],
    ['X12: asOf after 2199', { case: FJ, events: [], asOf: '2200-01-01' }, 'asOf'],
    [
      'X12: birthDate before 1900',
      { case: { birthDate: '1899-12-31' }, events: [], asOf: '2026-06-01' },
      'case.birthDate',
    ],
    ['X13: a numeric caseId', { case: { ...FJ, caseId: 5 }, events: [], asOf: '2026-06-01' }, 'case.caseId'],
    ['X13: a numeric team', { case: { ...FJ, team: 5 }, events: [], asOf: '2026-06-01' }, 'case.team'],
  ])('%s', (_name, input, issue) => {
    expect(issuesOf(input).join('\n')).toContain(issue);
  });
});

describe('X14: a whole number written as 21.0 is accepted as 21', () => {
  it('in the JSON text of CONTACT_CADENCE_SET.intervalDays and FIRST_FOLLOWUP_HELD.cadenceWeeks', () => {
    const fleksjob = preview(
      '{"case":{"birthDate":"1980-01-01"},"asOf":"2026-03-01","events":[{"type":"VISITATION_DECIDED","date":"2026-01-05"},' +
        '{"type":"CONTACT_HELD","date":"2026-01-12","form":"phone"},' +
        '{"type":"CONTACT_CADENCE_SET","date":"2026-01-12","intervalDays":21.0,"reason":"x"}]}',
    );
    expect(fleksjob.obligations.find((o) => o.code === 'contact-14d' && o.occurrence === 2)?.nominalDueOn).toBe(
      '2026-02-02',
    );
    const sick = preview(
      '{"case":{"caseType":"sygedagpenge"},"asOf":"2027-02-20","events":[{"type":"SICK_LEAVE_STARTED","date":"2027-01-04"},' +
        '{"type":"FIRST_FOLLOWUP_HELD","date":"2027-02-10","heldBy":"jobcenter","form":"in-person","cadenceWeeks":8.0}]}',
    );
    expect(sick.obligations.find((o) => o.code === 'sdp-followup')?.nominalDueOn).toBe('2027-04-07');
  });
});

describe('Z15: a refused first talk and a valid one on the same date', () => {
  const sick = { type: 'SICK_LEAVE_STARTED', date: '2027-01-04' };
  const talk = (extra: Record<string, unknown>) => ({
    type: 'FIRST_FOLLOWUP_HELD',
    date: '2027-02-10',
    heldBy: 'jobcenter',
    form: 'in-person',
    cadenceWeeks: 4,
    ...extra,
  });
  it.each([
    ['held by anden aktør', { heldBy: 'other-actor' }],
    ['not a samtale', { form: 'group' }],
  ])('the refused one (%s) is not "the first of its type that day": the valid one counts', (_name, refused) => {
    const out = preview({ case: SDP, events: [sick, talk(refused), talk({})], asOf: '2027-02-20' });
    expect(out.warnings.map((w) => w.eventIndex)).toEqual([1]);
    expect(rows(out)).toEqual(['sdp-first-followup#1 met', 'sdp-followup#1 open']);
  });
});
