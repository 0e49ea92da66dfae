import createClient, {
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import type { paths } from './openapi.gen';

/**
 * The one way the UI talks to the API: `api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })`,
 * typed route by route from the OpenAPI document (`paths` in openapi.gen.ts), so a renamed route,
 * a wrong body or a field the answer does not have fails `tsc`. The session cookie goes with every
 * request, the CSRF token is echoed on unsafe methods, and a 401 is reported once to whoever handles
 * an expired session. A call resolves to the answer's body or rejects with an `ApiError`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
export const setUnauthorizedHandler = (handler: (() => void) | null) => {
  onUnauthorized = handler;
};

/** `'PATCH /api/v1/auth/me'`: one operation of the document. */
type OperationName = { [P in keyof paths]: `${Uppercase<keyof paths[P] & string>} ${P}` }[keyof paths];

// These answer 401 as part of their job (the session check, and the routes that check a password or
// a code: a wrong one is no end of the session); a 401 from anything else means the session ended.
const CREDENTIAL_CHECKS: readonly string[] = [
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/login/totp',
  'PATCH /api/v1/auth/me',
  'DELETE /api/v1/auth/me/totp',
] satisfies OperationName[];

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
  },
  onResponse({ request, response, schemaPath }) {
    if (response.status === 401 && !CREDENTIAL_CHECKS.includes(`${request.method} ${schemaPath}`)) onUnauthorized?.();
  },
};

/** `{a: 'x', b: ['p', 'q'], c: undefined, d: ''}` → `a=x&b=p%2Cq`: empty values are left out, lists comma-joined. */
function queryString(params: Record<string, unknown>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    s.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return s.toString();
}

const http = createClient<paths>({
  // Absolute, so that a Request can be built outside a page too (the unit tests).
  baseUrl: globalThis.location?.origin ?? '',
  headers: { accept: 'application/json' },
  credentials: 'same-origin',
  // The list routes take comma-separated values (`status=new,open`), as the document describes them.
  querySerializer: queryString,
  // Looked up per call, so a test can stand in for the network.
  fetch: (request) => globalThis.fetch(request),
});
http.use(session);

/**
 * The answer's body of a successful call; otherwise throws an `ApiError` with the status, the
 * API's message (`common/http-errors.filter.ts`: `{message, fields}`) and its per-field messages.
 */
async function unwrap(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<unknown> {
  const { data, error, response } = await call;
  if (response.ok) return data;
  const err = error as { message?: string | string[]; fields?: Record<string, string[]> } | undefined;
  const message = Array.isArray(err?.message) ? err.message.join('; ') : (err?.message ?? response.statusText);
  throw new ApiError(response.status, message, err?.fields);
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Route<M extends Method> = ClientPathsWithMethod<typeof http, M>;
type Operation<P extends keyof paths, M extends Method> = paths[P][M & keyof paths[P]];
type Init<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M & keyof paths[P]>;
/** The body of the operation's success answer; `void` for 204. */
type Answer<O> =
  O extends Record<string, unknown>
    ? Exclude<FetchResponse<O, unknown, MediaType>['data'], undefined> extends infer D
      ? [D] extends [never]
        ? void
        : D
      : never
    : never;
type MediaType = `${string}/${string}`;

/**
 * One method of `api`. `init` (path and query `params`, `body`, and any `fetch` option) is typed
 * without inference, unlike openapi-fetch's own methods, so a misspelt field of a body is an error
 * too; it may be left out only when the route needs nothing.
 */
type Call<M extends Method> = <P extends Route<M>>(
  route: P,
  ...init: undefined extends Init<P, M> ? [init?: Init<P, M>] : [init: Init<P, M>]
) => Promise<Answer<Operation<P, M>>>;

const call =
  <M extends Method>(method: M): Call<M> =>
  (route, ...init) =>
    unwrap(http.request(method, route as never, ...(init as [never]))) as never;

/** `await api.PATCH('/api/v1/tickets/{id}', { params: { path: { id } }, body })` → the answer, or an `ApiError`. */
export const api = {
  GET: call('get'),
  POST: call('post'),
  PUT: call('put'),
  PATCH: call('patch'),
  DELETE: call('delete'),
};

/**
 * A GET route's URL for a link the browser follows itself (a download), checked against the API's
 * routes; `query` is written as the client writes it (empty values left out, lists comma-joined).
 */
export function linkTo<P extends Route<'get'>>(
  route: P,
  params: Record<string, string | number>,
  query: Record<string, unknown> = {},
): string {
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = queryString(query);
  return search ? `${path}?${search}` : path;
}
