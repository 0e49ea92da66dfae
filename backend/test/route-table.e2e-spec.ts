import { AUDITED_ROUTES } from '../src/audit-log/audited-routes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Who may call what. Every route the application registers must appear here, so a
 * new route cannot ship without someone deciding (and this test checking) its access.
 */
const ACCESS: Record<string, 'public' | 'agent' | 'admin'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /*': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'agent',
  'GET /api/v1/auth/me': 'agent',
  'PATCH /api/v1/auth/me': 'agent',
  'GET /api/v1/auth/me/sessions': 'agent',
  'DELETE /api/v1/auth/me/sessions/:id': 'agent',
  'GET /api/v1/auth/me/totp': 'agent',
  'POST /api/v1/auth/me/totp': 'agent',
  'POST /api/v1/auth/me/totp/confirm': 'agent',
  'DELETE /api/v1/auth/me/totp': 'agent',
  'POST /api/v1/auth/login/totp': 'public',
  'POST /api/v1/auth/password-reset': 'public',
  'POST /api/v1/auth/password-reset/confirm': 'public',
  'DELETE /api/v1/users/:id/totp': 'admin',
  'GET /api/v1/settings/two-factor': 'admin',
  'PUT /api/v1/settings/two-factor': 'admin',
  'GET /api/v1/auth/providers/public': 'public',
  'GET /api/v1/auth/providers': 'admin',
  'GET /api/v1/auth/providers/:id': 'admin',
  'POST /api/v1/auth/providers': 'admin',
  'PATCH /api/v1/auth/providers/:id': 'admin',
  'DELETE /api/v1/auth/providers/:id': 'admin',
  'GET /api/v1/auth/oidc/:id/start': 'public',
  'GET /api/v1/auth/oidc/:id/callback': 'public',
  'GET /api/v1/audit-log': 'admin',
  'GET /api/v1/audit-log/export': 'admin',
  'POST /api/v1/tokens': 'agent',
  'GET /api/v1/tokens': 'agent',
  'DELETE /api/v1/tokens/:id': 'agent',
  'GET /api/v1/users': 'agent',
  'GET /api/v1/users/:id': 'agent',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'POST /api/v1/users/:id/invite': 'admin',
  'GET /api/v1/groups': 'agent',
  'GET /api/v1/groups/:id': 'agent',
  'POST /api/v1/groups': 'admin',
  'PATCH /api/v1/groups/:id': 'admin',
  'DELETE /api/v1/groups/:id': 'admin',
  'GET /api/v1/customers': 'agent',
  'GET /api/v1/customers/:id': 'agent',
  'POST /api/v1/customers': 'agent',
  'PATCH /api/v1/customers/:id': 'agent',
  'GET /api/v1/customers/:id/export': 'admin',
  'DELETE /api/v1/customers/:id': 'admin',
  'POST /api/v1/tickets': 'agent',
  'POST /api/v1/tickets/bulk': 'agent',
  'GET /api/v1/tickets': 'agent',
  'GET /api/v1/tickets/counts': 'agent',
  'GET /api/v1/tickets/deleted': 'admin',
  'GET /api/v1/tickets/:id': 'agent',
  'PATCH /api/v1/tickets/:id': 'agent',
  'DELETE /api/v1/tickets/:id': 'agent',
  'POST /api/v1/tickets/:id/restore': 'admin',
  'POST /api/v1/tickets/:id/spam': 'agent',
  'DELETE /api/v1/tickets/:id/spam': 'agent',
  'POST /api/v1/tickets/:id/messages': 'agent',
  'POST /api/v1/tickets/:id/forward': 'agent',
  'PUT /api/v1/tickets/:id/read': 'agent',
  'DELETE /api/v1/tickets/:id/read': 'agent',
  'GET /api/v1/tickets/:id/draft': 'agent',
  'PUT /api/v1/tickets/:id/draft': 'agent',
  'DELETE /api/v1/tickets/:id/draft': 'agent',
  'GET /api/v1/tickets/:id/events': 'agent',
  'GET /api/v1/tickets/:id/portal-link': 'agent',
  'GET /api/v1/tickets/:id/reply-signature': 'agent',
  'POST /api/v1/tickets/:id/merge': 'agent',
  'POST /api/v1/tickets/:id/messages/:messageId/split': 'agent',
  'GET /api/v1/tickets/:id/messages/:messageId/remote-images/:n': 'agent',
  'GET /api/v1/tickets/:id/links': 'agent',
  'POST /api/v1/tickets/:id/links': 'agent',
  'DELETE /api/v1/tickets/:id/links/:otherId': 'agent',
  'GET /api/v1/tickets/:id/followers': 'agent',
  'POST /api/v1/tickets/:id/followers': 'agent',
  'DELETE /api/v1/tickets/:id/followers': 'agent',
  'GET /api/v1/mentions': 'agent',
  'GET /api/v1/mentions/unread': 'agent',
  'POST /api/v1/mentions/read': 'agent',
  'GET /api/v1/notifications': 'agent',
  'POST /api/v1/notifications/read': 'agent',
  'GET /api/v1/organizations': 'agent',
  'GET /api/v1/organizations/:id': 'agent',
  'POST /api/v1/organizations': 'agent',
  'PATCH /api/v1/organizations/:id': 'agent',
  'DELETE /api/v1/organizations/:id': 'admin',
  'GET /api/v1/ticket-fields': 'agent',
  'GET /api/v1/ticket-fields/:id': 'agent',
  'POST /api/v1/ticket-fields': 'admin',
  'PATCH /api/v1/ticket-fields/:id': 'admin',
  'GET /api/v1/customer-fields': 'agent',
  'GET /api/v1/customer-fields/:id': 'agent',
  'POST /api/v1/customer-fields': 'admin',
  'PATCH /api/v1/customer-fields/:id': 'admin',
  'GET /api/v1/organization-fields': 'agent',
  'GET /api/v1/organization-fields/:id': 'agent',
  'POST /api/v1/organization-fields': 'admin',
  'PATCH /api/v1/organization-fields/:id': 'admin',
  'GET /api/v1/ticket-forms': 'agent',
  'GET /api/v1/ticket-forms/:id': 'agent',
  'POST /api/v1/ticket-forms': 'admin',
  'PATCH /api/v1/ticket-forms/:id': 'admin',
  'GET /api/v1/views': 'agent',
  'POST /api/v1/views': 'agent',
  'PATCH /api/v1/views/:id': 'agent',
  'DELETE /api/v1/views/:id': 'agent',
  'GET /api/v1/canned-responses': 'agent',
  'POST /api/v1/canned-responses': 'agent',
  'PATCH /api/v1/canned-responses/:id': 'agent',
  'DELETE /api/v1/canned-responses/:id': 'agent',
  'GET /api/v1/triggers': 'admin',
  'POST /api/v1/triggers': 'admin',
  'PUT /api/v1/triggers/order': 'admin',
  'POST /api/v1/triggers/test': 'admin',
  'GET /api/v1/triggers/:id': 'admin',
  'PATCH /api/v1/triggers/:id': 'admin',
  'DELETE /api/v1/triggers/:id': 'admin',
  'POST /api/v1/triggers/:id/duplicate': 'admin',
  'GET /api/v1/triggers/runs': 'admin',
  'POST /api/v1/triggers/runs/:id/retry': 'admin',
  'GET /api/v1/triggers/:id/dry-run': 'admin',
  'GET /api/v1/automations': 'admin',
  'POST /api/v1/automations': 'admin',
  'PUT /api/v1/automations/order': 'admin',
  'POST /api/v1/automations/test': 'admin',
  'GET /api/v1/automations/:id': 'admin',
  'PATCH /api/v1/automations/:id': 'admin',
  'DELETE /api/v1/automations/:id': 'admin',
  'POST /api/v1/automations/:id/duplicate': 'admin',
  'GET /api/v1/rules/definitions': 'agent',
  'GET /api/v1/groups/:id/round-robin': 'agent',
  'PUT /api/v1/groups/:id/round-robin': 'admin',
  'GET /api/v1/availability': 'agent',
  'PUT /api/v1/availability/:userId': 'agent',
  'GET /api/v1/macros': 'agent',
  'POST /api/v1/macros': 'agent',
  'GET /api/v1/macros/:id': 'agent',
  'PATCH /api/v1/macros/:id': 'agent',
  'DELETE /api/v1/macros/:id': 'agent',
  'GET /api/v1/tickets/:id/macros/:macroId/preview': 'agent',
  'POST /api/v1/tickets/:id/macros/:macroId': 'agent',
  'GET /api/v1/webhooks': 'admin',
  'POST /api/v1/webhooks': 'admin',
  'GET /api/v1/webhooks/:id': 'admin',
  'PATCH /api/v1/webhooks/:id': 'admin',
  'DELETE /api/v1/webhooks/:id': 'admin',
  'GET /api/v1/webhooks/:id/deliveries': 'admin',
  'POST /api/v1/webhooks/:id/ping': 'admin',
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': 'admin',
  'POST /api/v1/public/contact': 'public',
  'GET /api/v1/public/forms': 'public',
  'GET /api/v1/public/tickets/:token': 'public',
  'POST /api/v1/public/tickets/:token/messages': 'public',
  'GET /api/v1/public/tickets/:token/attachments/:id': 'public',
  'GET /api/v1/mailboxes': 'agent',
  'GET /api/v1/mailboxes/:id': 'agent',
  'POST /api/v1/mailboxes': 'admin',
  'PATCH /api/v1/mailboxes/:id': 'admin',
  'DELETE /api/v1/mailboxes/:id': 'admin',
  'GET /api/v1/mailboxes/:id/source/failures': 'admin',
  // Providers' change notifications: they prove themselves (clientState, a Google-signed token), not a session.
  'POST /api/v1/mail-push/graph': 'public',
  'POST /api/v1/mail-push/graph/lifecycle': 'public',
  'POST /api/v1/mail-push/gmail': 'public',
  'GET /api/v1/inbound': 'admin',
  'GET /api/v1/inbound/:id': 'admin',
  'GET /api/v1/inbound/:id/raw': 'admin',
  'POST /api/v1/inbound/:id/reprocess': 'admin',
  'GET /api/v1/attachments/:id': 'agent',
  'GET /api/v1/licence': 'admin',
  'PUT /api/v1/licence': 'admin',
  'DELETE /api/v1/licence': 'admin',
  'POST /api/v1/attachments': 'agent',
  'GET /api/v1/outbound': 'admin',
  'POST /api/v1/outbound/:id/retry': 'agent',
  'GET /api/v1/settings/relay': 'admin',
  'PUT /api/v1/settings/relay': 'admin',
  'POST /api/v1/settings/relay/test': 'admin',
  'GET /api/v1/setup': 'admin',
  'GET /api/v1/setup/mail-out': 'agent',
  'GET /api/v1/settings/dkim': 'admin',
  'PUT /api/v1/settings/dkim/:domain': 'admin',
  'DELETE /api/v1/settings/dkim/:domain': 'admin',
  'GET /api/v1/settings/mail-auth': 'admin',
  'PUT /api/v1/settings/mail-auth': 'admin',
  'GET /api/v1/mail-templates': 'admin',
  'PUT /api/v1/mail-templates/:key': 'admin',
  'POST /api/v1/mail-templates/:key/preview': 'admin',
};

/** Public documentation served by the OpenAPI module, and the built UI's static files. */
const isDocsOrStatic = (url: string) => url.startsWith('/api/docs') || /\.[a-z0-9]+$/i.test(url);

describe('authorisation on every route', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<TestApp['newUser']>>;
  let agentToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.newUser('agent');
    agentToken = (await agent.post('/api/v1/tokens', { name: 'route walk' })).body.token;
  });
  afterAll(() => t.close());

  const routes = () =>
    t.routes.filter((r) => !isDocsOrStatic(r.url)).map((r) => ({ ...r, key: `${r.method} ${r.url}` }));
  // A path that reaches the handler: ids point at nothing (404 is fine), bodies are empty (400 is fine).
  const concrete = (url: string) => url.replace(/:id\b/g, '987654').replace('/*', '/some/page');

  it('lists every registered route in the access table', () => {
    const unknown = routes()
      .map((r) => r.key)
      .filter((k) => !(k in ACCESS));
    expect(unknown).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !routes().some((r) => r.key === k))).toEqual([]);
  });

  it('answers 401 without credentials on every non-public route', async () => {
    for (const r of routes()) {
      const res = await t.http.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {});
      if (ACCESS[r.key] === 'public') expect([r.key, res.status]).not.toEqual([r.key, 401]);
      else expect([r.key, res.status]).toEqual([r.key, 401]);
    }
  });

  it('answers 403 to agents on admin routes and lets them through elsewhere', async () => {
    for (const client of [agent, t.http.withToken(agentToken)]) {
      for (const r of routes()) {
        if (r.key === 'POST /api/v1/auth/logout') continue; // would end the session under test
        const res = await client.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {});
        if (ACCESS[r.key] === 'admin') expect([r.key, res.status]).toEqual([r.key, 403]);
        else expect([r.key, [401, 403].includes(res.status)]).toEqual([r.key, false]);
      }
    }
  });

  it('lets admins through everywhere', async () => {
    for (const r of routes()) {
      if (r.key === 'POST /api/v1/auth/logout') continue;
      const res = await t.admin.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {});
      expect([r.key, [401, 403].includes(res.status)]).toEqual([r.key, false]);
    }
  });

  it('audits every admin route that changes something', () => {
    // POSTs that only compute an answer (their body is too large for a query string).
    const changesNothing = ['POST /api/v1/mail-templates/:key/preview'];
    const unaudited = Object.entries(ACCESS)
      .filter(([key, access]) => access === 'admin' && !key.startsWith('GET ') && !changesNothing.includes(key))
      .map(([key]) => key)
      .filter((key) => !(key in AUDITED_ROUTES));
    expect(unaudited).toEqual([]);
    // ...and the table names only routes that exist.
    expect(Object.keys(AUDITED_ROUTES).filter((k) => !(k in ACCESS))).toEqual([]);
  });

  it('refuses unsafe requests made with a session cookie but no CSRF token', async () => {
    for (const r of routes().filter((x) => !['GET'].includes(x.method) && ACCESS[x.key] !== 'public')) {
      const res = await t.admin.request(r.method, concrete(r.url), {}, { 'x-csrf-token': 'wrong' });
      expect([r.key, res.status]).toEqual([r.key, 403]);
    }
  });
});
