import { SYGEDAGPENGE_2025_EVENT_TYPES } from '@frist/obligations';
import { DomainError } from './domain-error';
import { eventSchemaFor, toSubmittedEvents } from './event-schemas';

/** One valid event of every law-2026 sygedagpenge type (R0), as a caseworker system would send it. */
const SDP_LAW_EVENTS = [
  { type: 'EARLY_FOLLOWUP_REQUESTED', date: '2026-08-03', by: 'employer' },
  { type: 'REVURDERING_DATE_NOTIFIED', date: '2026-08-03', revurderingOn: '2026-10-31' },
  { type: 'TALK_REQUESTED', date: '2026-08-03' },
  { type: 'REVURDERING_DONE', date: '2026-08-03', outcome: 'jobafklaring' },
  { type: 'RETURN_CHECK_DONE', date: '2026-08-03', stillSick: true },
  {
    type: 'SHORT_ABSENCE_EXPECTED',
    date: '2026-08-03',
    inEmployment: true,
    employeeExpects: true,
    employerExpects: false,
  },
  { type: 'EXPECTATION_CHANGED', date: '2026-08-03' },
  { type: 'FOLLOWUP_DECIDED', date: '2026-08-03', reason: 'længerevarende behandling' },
].map((e, i) => ({ eventId: `sdp-${i}`, ...e }));

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).errors.map((d) => [d.field ?? d.path, d.message]);
  }
  throw new Error('expected a rejection');
};

describe('sygedagpenge event schemas after law-2026 (R0)', () => {
  const schema = eventSchemaFor('sygedagpenge');

  it('has a strict schema for every law-2026 sygedagpenge event type', () => {
    expect(SDP_LAW_EVENTS.map((e) => e.type).sort()).toEqual([...SYGEDAGPENGE_2025_EVENT_TYPES].sort());
    for (const e of SDP_LAW_EVENTS) expect(schema?.safeParse(e).success).toBe(true);
    expect(toSubmittedEvents(SDP_LAW_EVENTS, 'sb-1', 'sygedagpenge').map((s) => s.event.type)).toEqual(
      SDP_LAW_EVENTS.map((e) => e.type),
    );
  });

  it('refuses unknown fields, missing required fields and wrong values, naming the field', () => {
    expect(schema?.safeParse({ ...SDP_LAW_EVENTS[2], note: 'x' }).success).toBe(false);
    expect(
      issuesOf(() =>
        toSubmittedEvents([{ eventId: 'x', type: 'SHORT_ABSENCE_EXPECTED', date: '2026-08-03' }], null, 'sygedagpenge'),
      ).map(([field]) => field),
    ).toEqual(['inEmployment', 'employeeExpects', 'employerExpects']);
    expect(
      issuesOf(() =>
        toSubmittedEvents(
          [{ eventId: 'x', type: 'REVURDERING_DATE_NOTIFIED', date: '2026-08-03', revurderingOn: '2026-02-30' }],
          null,
          'sygedagpenge',
        ),
      ).map(([field]) => field),
    ).toEqual(['revurderingOn']);
  });

  it('FIRST_FOLLOWUP_HELD takes the R0 fields; cadenceWeeks is optional from 2025 and track 13f needs expectedReturnOn', () => {
    const first = { eventId: 'f', type: 'FIRST_FOLLOWUP_HELD', date: '2025-11-24', heldBy: 'jobcenter', form: 'phone' };
    const ok = toSubmittedEvents(
      [{ ...first, track: '13f', expectedReturnOn: '2026-01-12', exceptionReason: 'indlagt' }],
      null,
      'sygedagpenge',
    );
    expect(ok[0].event).toMatchObject({ track: '13f', expectedReturnOn: '2026-01-12', exceptionReason: 'indlagt' });
    expect(issuesOf(() => toSubmittedEvents([{ ...first, track: '13f' }], null, 'sygedagpenge'))).toEqual([
      ['expectedReturnOn', 'is required with track 13f (FIRST_FOLLOWUP_HELD)'],
    ]);
    expect(issuesOf(() => toSubmittedEvents([{ ...first, date: '2024-12-20' }], null, 'sygedagpenge'))).toEqual([
      ['cadenceWeeks', 'is required on a first follow-up dated before 2025-01-01 (FIRST_FOLLOWUP_HELD)'],
    ]);
    expect(schema?.safeParse({ ...first, track: 'light' }).success).toBe(false);
  });
});
