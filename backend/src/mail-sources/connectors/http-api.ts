import { SourceError, toSourceError } from '../source-errors';
import { sleep } from './connector';
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
  headers?: Record<string, string>;
  /** Read the body as bytes (raw MIME), not JSON. */
  binary?: boolean;
}

/**
 * A bearer-token JSON client for Microsoft Graph and the Gmail API, with what both document:
 * 401 gets a fresh token once (an expired or revoked one); 429 and 503 wait the Retry-After
 * (Graph "throttling", Gmail "usage limits": also 403 `rateLimitExceeded`) a few times, then
 * end the sync as `throttled`; other 5xx retry twice. Any other error status is an ApiError
 * for the caller.
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
            ...c.headers,
          },
          body: c.json !== undefined ? JSON.stringify(c.json) : undefined,
          signal: AbortSignal.any([AbortSignal.timeout(120_000), this.signal]),
        });
      } catch (e) {
        if (this.signal.aborted) throw e;
        throw toSourceError(e);
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
      if (res.status === 401) throw new SourceError('auth', `the API refused a fresh token: ${code} ${message}`.trim());
      const rateLimited =
        res.status === 429 ||
        res.status === 503 ||
        (res.status === 403 && /rateLimitExceeded/i.test(`${code} ${message}`));
      if (rateLimited) {
        const wait = retryAfterMs(res.headers, 2 ** waits * 2000);
        if (waits < THROTTLE_WAITS && wait <= MAX_WAIT_MS) {
          waits++;
          await sleep(wait, this.signal);
          continue;
        }
        throw new SourceError('throttled', `HTTP ${res.status} ${code} ${message}`.trim(), wait);
      }
      if (res.status >= 500 && serverRetries < SERVER_RETRIES) {
        await sleep(1000 * 2 ** serverRetries++, this.signal);
        continue;
      }
      if (res.status >= 500) throw new SourceError('server', `HTTP ${res.status} ${code} ${message}`.trim());
      throw new ApiError(res.status, code, message);
    }
  }
}
