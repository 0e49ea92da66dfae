import type { IncomingHttpHeaders } from 'node:http';
import { Config } from '../config/config';

/**
 * Whether a browser request comes from a page of our own origin: its `Origin` names our
 * host (the request's Host, the first X-Forwarded-Host behind a trusted proxy, or
 * HELPDESK_PUBLIC_URL's). A request without `Origin` is not a browser's cross-site
 * request (browsers send it on every cross-origin request and on same-origin POSTs), so
 * it passes; `Origin: null` (a sandboxed or privacy-stripped context) does not.
 * `Sec-Fetch-Site: cross-site` (Fetch Metadata) is refused whatever `Origin` says.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, config: Config): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = headers.origin;
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = config.http.trustProxy ? headers['x-forwarded-host'] : undefined;
  const hosts = [typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : undefined, headers.host];
  if (config.http.publicUrl) hosts.push(new URL(config.http.publicUrl).host);
  return hosts.includes(originHost);
}
