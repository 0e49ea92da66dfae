/**
 * The one way the UI talks to the API: JSON in and out, the session cookie sent by the
 * browser, the CSRF token echoed on unsafe methods, and a 401 reported once to whoever
 * handles an expired session.
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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
  });
  // The sign-in and session checks answer 401 as part of their job; anything else means the session ended.
  if (res.status === 401 && !url.endsWith('/auth/login') && !url.endsWith('/auth/me')) onUnauthorized?.();
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as {
      message?: string | string[];
      fields?: Record<string, string[]>;
    } | null;
    const message = Array.isArray(err?.message) ? err.message.join('; ') : (err?.message ?? res.statusText);
    throw new ApiError(res.status, message, err?.fields);
  }
  if (res.status === 204 || res.status === 202)
    return (await res.text().then((t) => (t ? JSON.parse(t) : undefined))) as T;
  return (await res.json()) as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
export const del = <T>(url: string) => api<T>('DELETE', url);

/** `{a: 'x', b: undefined}` → `?a=x`; empty values are left out. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}
