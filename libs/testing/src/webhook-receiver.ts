import { timingSafeEqual } from 'node:crypto';
import { signWebhookPayload } from '@frist/activities';

/**
 * What a receiver does: recompute the MAC over the raw body, compare in constant time, and refuse old timestamps
 * (replays). The receiver's side of the scheme, for the tests and as a reference for receivers written in TypeScript.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  secret: string,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSec - t) > toleranceSec || !parts.v1) return false;
  const expected = Buffer.from(signWebhookPayload(secret, t, body).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
