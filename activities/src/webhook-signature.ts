import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Frist-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (the Stripe scheme). */
export const SIGNATURE_HEADER = 'X-Frist-Signature';

export function signWebhookPayload(secret: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${mac}`;
}

/**
 * What a receiver does: recompute the MAC over the raw body, compare in constant time, and refuse old timestamps
 * (replays). Exported for receivers written in TypeScript and for the tests.
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
