import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';

/**
 * An OAuth2 authorization server of the test's own, on loopback: a token endpoint for the
 * refresh_token and client_credentials grants (RFC 6749 sections 6 and 4.4) and a token
 * introspection endpoint (RFC 7662) that Dovecot's oauth2 passdb asks about each token.
 */
export class OAuthServer {
  url = '';
  readonly clientId = 'helpdesk-client';
  readonly clientSecret = 'client-secret-123';
  refreshToken = 'refresh-1';
  /** Access tokens and whom they are for; `expire()` ends them all. */
  private readonly tokens = new Map<string, { username: string; expiresAt: number }>();
  tokenRequests = 0;
  introspections = 0;
  /** Issue a new refresh token with each grant (as Microsoft does). */
  rotate = false;
  private server?: Server;

  constructor(private readonly username: string) {}

  async start() {
    this.server = createServer((req, res) => {
      void readForm(req).then((form) => {
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url === '/token') {
          this.tokenRequests++;
          if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
            return json(401, { error: 'invalid_client', error_description: 'unknown client or wrong secret' });
          if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') !== this.refreshToken)
            return json(400, { error: 'invalid_grant', error_description: 'the refresh token is invalid or expired' });
          const token = `at-${randomBytes(12).toString('hex')}`;
          this.tokens.set(token, { username: this.username, expiresAt: Date.now() + 3600_000 });
          const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: 3600 };
          if (this.rotate && form.get('grant_type') === 'refresh_token') {
            this.refreshToken = `refresh-${randomBytes(4).toString('hex')}`;
            body.refresh_token = this.refreshToken;
          }
          return json(200, body);
        }
        if (req.url === '/introspect') {
          this.introspections++;
          const t = this.tokens.get(form.get('token') ?? '');
          if (!t || t.expiresAt < Date.now()) return json(200, { active: false });
          return json(200, { active: true, username: t.username, scope: 'imap' });
        }
        json(404, { error: 'not_found' });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  /** Whom a live access token was issued for (a resource server's check, as introspection answers it); null if none. */
  holder(token: string): string | null {
    const t = this.tokens.get(token);
    return t && t.expiresAt > Date.now() ? t.username : null;
  }

  /** Every access token issued so far stops working (as when they expire). */
  expire() {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  async stop() {
    await new Promise((r) => this.server?.close(r));
  }
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(new URLSearchParams(body)));
  });
}
