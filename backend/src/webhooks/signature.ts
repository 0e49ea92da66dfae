import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a receiver checks: `sha256=` and the hex HMAC-SHA256 of the raw body under the webhook's secret. */
export const SIGNATURE_HEADER = 'X-Helpdesk-Signature';

export function sign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a receiver does: recompute over the bytes it got and compare in constant time. */
export function verify(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
