import { correlationIdFromHeaders, currentCorrelationId, runWithCorrelationId } from './correlation-id';
import { correlationIdFromTemporalHeaders, withCorrelationHeader } from './temporal-correlation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('correlation id of a request', () => {
  it('takes a plausible X-Request-Id, else the traceparent’s trace id, else a new UUID', () => {
    expect(correlationIdFromHeaders({ 'x-request-id': 'abc-12345678' })).toBe('abc-12345678');
    expect(
      correlationIdFromHeaders({
        'x-request-id': 'x',
        traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      }),
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdFromHeaders({})).toMatch(UUID);
  });

  it.each([
    ['too short', 'abc'],
    ['control characters', 'abc\n{"level":"fatal"}'],
    ['too long', 'a'.repeat(129)],
    ['a CPR number', '010190-1234'],
    ['a CPR number without dash', 'ref0101901234'],
  ])('ignores an X-Request-Id that is %s', (_what, id) => {
    expect(correlationIdFromHeaders({ 'x-request-id': id })).toMatch(UUID);
  });

  it('ignores an all-zero or malformed traceparent', () => {
    expect(correlationIdFromHeaders({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toMatch(UUID);
    expect(correlationIdFromHeaders({ traceparent: 'garbage' })).toMatch(UUID);
  });
});

describe('correlation id in Temporal headers', () => {
  it('adds the id of the async context and reads it back; adds nothing outside one', () => {
    expect(withCorrelationHeader({})).toEqual({});
    const headers = runWithCorrelationId('req-77', () => {
      expect(currentCorrelationId()).toBe('req-77');
      return withCorrelationHeader({});
    });
    expect(correlationIdFromTemporalHeaders(headers)).toBe('req-77');
    expect(correlationIdFromTemporalHeaders({})).toBeUndefined();
  });
});
