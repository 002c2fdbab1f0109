import { createHash, randomUUID } from 'node:crypto';

/** The namespace of case ids derived from a team and an idempotency key (RFC 9562 name-based, version 5). */
const CASE_ID_NAMESPACE = Buffer.from('6b1f0c1e5a2d4c8e9f3a7d2b1c0e4f5a', 'hex');

/**
 * Case ids are the server's: random, or derived from the creating team and the client's idempotency key. A key
 * therefore names a case only within one team, so creating a case can never reveal that another team's case
 * exists (the same key in two teams gives two cases), while a retried creation lands on the same case.
 */
export function newCaseId(team: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  const hash = createHash('sha1').update(CASE_ID_NAMESPACE).update(`${team}\n${idempotencyKey}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
