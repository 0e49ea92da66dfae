import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, linkTo, setCsrfToken, setUnauthorizedHandler } from './client';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Records every request and answers each with `answer`. */
function stubFetch(answer: (request: Request) => Response = () => json({})) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      return answer(request);
    }),
  );
  return requests;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('api client', () => {
  it('echoes the CSRF token on unsafe methods only, and sends JSON bodies as JSON', async () => {
    const requests = stubFetch();
    setCsrfToken('tok');
    await api.GET('/api/v1/tickets/counts');
    await api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: 4 } }, body: { status: 'open' } });
    const [read, write] = requests;
    expect(read.headers.get('x-csrf-token')).toBeNull();
    expect([write.method, new URL(write.url).pathname]).toEqual(['PATCH', '/api/v1/tickets/4']);
    expect(write.headers.get('x-csrf-token')).toBe('tok');
    expect(write.headers.get('content-type')).toBe('application/json');
    expect(await write.json()).toEqual({ status: 'open' });
  });

  it('comma-joins lists, leaves empty values out and escapes path parameters', async () => {
    const requests = stubFetch(() => json({ items: [], nextCursor: null }));
    await api.GET('/api/v1/tickets', {
      params: { query: { status: ['new', 'open'], q: '', tag: undefined, limit: 5 } },
    });
    await api.GET('/api/v1/public/tickets/{token}', { params: { path: { token: 'a/b c' } } });
    expect(new URL(requests[0].url).search).toBe('?status=new%2Copen&limit=5');
    expect(new URL(requests[1].url).pathname).toBe('/api/v1/public/tickets/a%2Fb%20c');
  });

  it("rejects with the API's status, message and per-field messages", async () => {
    stubFetch(() =>
      json({ statusCode: 400, message: ['name: too long', 'role: unknown'], fields: { name: ['too long'] } }, 400),
    );
    const e = await api.POST('/api/v1/groups', { body: { name: 'x' } }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, message: 'name: too long; role: unknown', fields: { name: ['too long'] } });

    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.GET('/api/v1/tickets/counts')).rejects.toMatchObject({ status: 502, message: 'Bad Gateway' });
  });

  it('reports a 401 as the end of the session, except from the session check and a refused password or code', async () => {
    stubFetch(() => json({ statusCode: 401, message: 'Sign in first' }, 401));
    const ended = vi.fn();
    setUnauthorizedHandler(ended);
    await api.GET('/api/v1/auth/me').catch(() => undefined);
    await api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'wrong' } }).catch(() => undefined);
    await api.POST('/api/v1/auth/login/totp', { body: { challenge: 'c', code: '000000' } }).catch(() => undefined);
    await api
      .PATCH('/api/v1/auth/me', { body: { currentPassword: 'wrong', newPassword: 'x'.repeat(12) } })
      .catch(() => undefined);
    await api.DELETE('/api/v1/auth/me/totp', { body: { password: 'wrong', code: '000000' } }).catch(() => undefined);
    expect(ended).not.toHaveBeenCalled();
    await expect(api.GET('/api/v1/tickets/counts')).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    // The same route by another method is no credential check: GET /auth/me/totp answering 401 means the session ended.
    await api.GET('/api/v1/auth/me/totp').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(2);
  });

  it('resolves an answer without a body (204) to undefined', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(api.POST('/api/v1/auth/logout')).resolves.toBeUndefined();
  });

  it('builds download links from the routes of the document', () => {
    expect(linkTo('/api/v1/inbound/{id}/raw', { id: 5 })).toBe('/api/v1/inbound/5/raw');
    expect(linkTo('/api/v1/audit-log/export', {}, { action: 'user.*', actorId: 3, from: undefined })).toBe(
      '/api/v1/audit-log/export?action=user.*&actorId=3',
    );
    expect(linkTo('/api/v1/audit-log/export', {}, { action: '' })).toBe('/api/v1/audit-log/export');
  });
});

/**
 * Never run: `npm run lint` (tsc) fails if any of these calls stops being an error, so the client
 * is proven to reject what the API's document does not allow.
 */
export function rejectedByTheTypeCheck() {
  // @ts-expect-error a route the API does not have
  void api.GET('/api/v1/tickets/{id}/nothing', { params: { path: { id: 1 } } });
  // @ts-expect-error a method the route does not have
  void api.DELETE('/api/v1/tickets/{id}/events', { params: { path: { id: 1 } } });
  // @ts-expect-error the path parameter left out
  void api.PATCH('/api/v1/tickets/{id}', { body: { status: 'open' } });
  // @ts-expect-error a field UpdateTicketDto does not have
  void api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: 1 } }, body: { statuz: 'open' } });
  // @ts-expect-error a status the API does not know
  void api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: 1 } }, body: { status: 'opened' } });
  // @ts-expect-error a required field of AddMessageDto left out
  void api.POST('/api/v1/tickets/{id}/messages', { params: { path: { id: 1 } }, body: { internal: true } });
  // @ts-expect-error a query parameter GET /tickets does not take
  void api.GET('/api/v1/tickets', { params: { query: { state: 'open' } } });
  // @ts-expect-error a field the answer does not have
  void api.GET('/api/v1/tickets/counts').then((counts) => counts.total);
}
