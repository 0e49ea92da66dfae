import type { OpenApiContract } from './openapi-contract';

/**
 * A small HTTP client for tests: anonymous, a browser session (cookie + CSRF), or an API
 * token. Given the API's OpenAPI contract, it checks every answer against it.
 */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly auth: { cookie?: string; csrfToken?: string; token?: string } = {},
    private readonly contract?: OpenApiContract,
  ) {}

  /** The session cookie header this client sends (for other transports, e.g. a WebSocket handshake). */
  get cookie(): string | undefined {
    return this.auth.cookie;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.csrfToken && !['GET', 'HEAD'].includes(method) && !('x-csrf-token' in h))
      h['x-csrf-token'] = this.auth.csrfToken;
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    this.contract?.check(method, path, res.status, res.headers.get('content-type') ?? '', parsed);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** POSTs multipart/form-data (file uploads); fetch sets the boundary. */
  async postForm<T = any>(path: string, form: FormData): Promise<HttpResult<T>> {
    const h: Record<string, string> = {};
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.csrfToken) h['x-csrf-token'] = this.auth.csrfToken;
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: h, body: form });
    const text = await res.text();
    const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    this.contract?.check('POST', path, res.status, res.headers.get('content-type') ?? '', body);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body ?? {});
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Signs in and returns a client that carries the session cookie and CSRF token. */
  async login(email: string, password: string): Promise<HttpClient & { user: any }> {
    const res = await fetch(this.baseUrl + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { csrfToken: string; user: unknown };
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(body)}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    this.contract?.check('POST', '/api/v1/auth/login', res.status, res.headers.get('content-type') ?? '', body);
    return Object.assign(new HttpClient(this.baseUrl, { cookie, csrfToken: body.csrfToken }, this.contract), {
      user: body.user,
    });
  }

  withToken(token: string) {
    return new HttpClient(this.baseUrl, { token }, this.contract);
  }
}
