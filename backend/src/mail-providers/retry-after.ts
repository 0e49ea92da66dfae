/**
 * Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 */
export function retryAfterMs(headers: Headers, fallback: number): number {
  const value = headers.get('retry-after');
  if (!value) return fallback;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? fallback : Math.max(0, at - Date.now());
}
