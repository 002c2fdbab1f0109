/**
 * The digest the "output unchanged without MIG-2026" properties compare with digests committed from an earlier
 * engine (test-only): sha256 of the un-migrated result, rows sorted by code and occurrence, without `source`
 * (provenance text whose seed line numbers were removed, issue 13) and without the case phase (`phase`,
 * `closedOn`, which joined the result later and were derived outside the engine before). An invalid input digests
 * its error text. The timelines enrol in the demo programme, which the engine then still published.
 */
import { createHash } from 'node:crypto';
import { type CaseEvent, type Occurrence } from '../index';
import { computeWithDemo } from './aht-demo.fixture';

const byCode = (a: Occurrence, b: Occurrence) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : a.occurrence - b.occurrence;

export function unmigratedDigest(t: { caseFacts: object; events: CaseEvent[]; asOf: string }): string {
  let r: unknown;
  try {
    const result = computeWithDemo(t.caseFacts, t.events, t.asOf);
    const occurrences = [...result.occurrences].sort(byCode).map(({ source: _source, ...rest }) => rest);
    const { phase: _phase, closedOn: _closedOn, ...rest } = result;
    r = { ...rest, occurrences };
  } catch (e) {
    r = String(e);
  }
  return createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
}
