import { sleep } from '../common/sleep';
import { ProviderError, toProviderError } from './provider-error';
import type { TokenSource } from './oauth2';
import { retryAfterMs } from './retry-after';

/** An answer of the provider's API that the caller decides about (404 of one message, 410 of a delta link). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`HTTP ${status}${code ? ` ${code}` : ''}: ${detail}`.slice(0, 600));
  }
}

/** Waits the server asks for longer than this end the sync as `throttled` (the fetcher backs off). */
const MAX_WAIT_MS = 60_000;
const THROTTLE_WAITS = 3;
const SERVER_RETRIES = 2;

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PATCH';
  json?: unknown;
  /** A body that is not JSON (Graph sendMail takes MIME as base64 text). */
  body?: { contentType: string; data: string };
  headers?: Record<string, string>;
  /** Read the body as bytes (raw MIME), not JSON. */
  binary?: boolean;
  /**
   * The request acts (it sends mail): it is repeated only after answers that say it was not
   * acted on (401, 429, 403 rateLimitExceeded), never after a 5xx or a 503 whose work may
   * have been done; those end the call as `server`.
   */
  once?: boolean;
  /** Milliseconds one request may take (default 120 s). */
  timeoutMs?: number;
}

/**
 * A bearer-token JSON client for Microsoft Graph and the Gmail API, with what both document:
 * 401 gets a fresh token once (an expired or revoked one); 429 and 503 wait the Retry-After
 * (Graph "throttling", Gmail "usage limits": also 403 `rateLimitExceeded`) a few times, then
 * end the call as `throttled` (a ProviderError with the wait asked for); other 5xx retry
 * twice (not for a call made `once`). Any other error status is an ApiError for the caller.
 */
export class HttpApi {
  constructor(
    private readonly tokens: TokenSource,
    private readonly signal: AbortSignal,
    /** Pulls the provider's error code and message out of an error body. */
    private readonly describe: (body: unknown) => { code: string; message: string },
  ) {}

  async call<T = unknown>(url: string, c: ApiCall = {}): Promise<T> {
    let refreshed = false;
    let waits = 0;
    let serverRetries = 0;
    for (;;) {
      const token = await this.tokens.get();
      let res: Response;
      try {
        res = await fetch(url, {
          method: c.method ?? 'GET',
          headers: {
            authorization: `Bearer ${token}`,
            accept: c.binary ? '*/*' : 'application/json',
            ...(c.json !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(c.body ? { 'content-type': c.body.contentType } : {}),
            ...c.headers,
          },
          body: c.json !== undefined ? JSON.stringify(c.json) : c.body?.data,
          signal: AbortSignal.any([AbortSignal.timeout(c.timeoutMs ?? 120_000), this.signal]),
        });
      } catch (e) {
        if (this.signal.aborted) throw e;
        throw toProviderError(e);
      }
      if (res.ok) {
        if (c.binary) return Buffer.from(await res.arrayBuffer()) as T;
        const text = await res.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: described as text.
      }
      const { code, message } = this.describe(body);
      if (res.status === 401 && !refreshed) {
        this.tokens.invalidate();
        refreshed = true;
        continue;
      }
      if (res.status === 401)
        throw new ProviderError('auth', `the API refused a fresh token: ${code} ${message}`.trim());
      const rateLimited =
        res.status === 429 ||
        (res.status === 503 && !c.once) ||
        (res.status === 403 && /rateLimitExceeded/i.test(`${code} ${message}`));
      if (rateLimited) {
        const wait = retryAfterMs(res.headers, 2 ** waits * 2000);
        if (waits < THROTTLE_WAITS && wait <= MAX_WAIT_MS) {
          waits++;
          await sleep(wait, this.signal);
          continue;
        }
        throw new ProviderError('throttled', `HTTP ${res.status} ${code} ${message}`.trim(), wait);
      }
      if (res.status >= 500 && serverRetries < SERVER_RETRIES && !c.once) {
        await sleep(1000 * 2 ** serverRetries++, this.signal);
        continue;
      }
      if (res.status >= 500) throw new ProviderError('server', `HTTP ${res.status} ${code} ${message}`.trim());
      throw new ApiError(res.status, code, message);
    }
  }
}
