import type { RecordedEvent } from './case-workflow.contract';
import { expandRecordedEvents } from './event-defaults';

const AT = '2026-03-02T09:15:00.000Z';
const FALLBACK = '2026-12-07T10:00:00.000Z';
const opened = { type: 'CASE_OPENED', date: '2026-01-05' };

describe('expandRecordedEvents', () => {
  it('fills in the defaults an event omits, and keeps what an event names itself', () => {
    expect(
      expandRecordedEvents(
        [
          { eventId: 'a', event: opened },
          { eventId: 'b', event: opened, recordedAt: '2026-01-01T00:00:00.000Z', actor: 'cw-1', corrects: 'a' },
          { eventId: 'c', event: opened, actor: null },
        ],
        { recordedAt: AT, actor: 'import:7' },
        FALLBACK,
      ),
    ).toEqual([
      { eventId: 'a', event: opened, recordedAt: AT, actor: 'import:7' },
      { eventId: 'b', event: opened, recordedAt: '2026-01-01T00:00:00.000Z', actor: 'cw-1', corrects: 'a' },
      { eventId: 'c', event: opened, recordedAt: AT },
    ]);
  });

  it('reads an input without defaults as before: the same events, untouched', () => {
    const whole: RecordedEvent[] = [
      { eventId: 'a', event: opened, recordedAt: AT, actor: 'cw-1' },
      { eventId: 'b', event: opened, recordedAt: AT, retracted: { reason: 'x', at: AT } },
    ];
    const read = expandRecordedEvents(whole, undefined, FALLBACK);
    expect(read).toEqual(whole);
    expect(read[0]).toBe(whole[0]);
    expect(read[1]).not.toHaveProperty('actor');
  });

  it('gives an event without an instant, and no default one, the fallback instant', () => {
    expect(expandRecordedEvents([{ eventId: 'a', event: opened }], { actor: 'import:7' }, FALLBACK)).toEqual([
      { eventId: 'a', event: opened, recordedAt: FALLBACK, actor: 'import:7' },
    ]);
    expect(expandRecordedEvents([{ eventId: 'a', event: opened, actor: null }], undefined, FALLBACK)).toEqual([
      { eventId: 'a', event: opened, recordedAt: FALLBACK },
    ]);
  });
});
