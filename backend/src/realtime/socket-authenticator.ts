import { Inject, Injectable } from '@nestjs/common';
import { fastifyCookie } from '@fastify/cookie';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiTokensService } from '../auth/api-tokens.service';
import { SESSION_COOKIE, SessionsService } from '../auth/sessions.service';
import { sha256 } from '../auth/tokens';
import type { Principal } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { isSameOrigin } from '../edge/same-origin';

export interface Handshake {
  headers: IncomingHttpHeaders;
  auth: Record<string, unknown>;
}

/** What a socket proved at its handshake, kept to check later that it still holds. */
export interface SocketCredential {
  kind: 'session' | 'token';
  hash: Buffer;
}

/**
 * Who opens a socket: the browser's session cookie (as for REST), or an API token in
 * `auth.token` for scripts. A cookie is only honoured from our own origin: browsers
 * attach cookies to cross-site WebSocket handshakes too, and CORS does not apply to
 * WebSockets, so without this check any page could listen in (cross-site WebSocket
 * hijacking). Sockets recheck their credential periodically (stillValid), so signing
 * out, revoking a token or deactivating a user closes them too.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async authenticate(handshake: Handshake): Promise<{ principal: Principal; credential: SocketCredential } | null> {
    const token = handshake.auth?.token;
    if (typeof token === 'string' && token) {
      const principal = await this.tokens.resolve(token);
      return principal && { principal, credential: { kind: 'token', hash: sha256(token) } };
    }
    const cookie = fastifyCookie.parse(handshake.headers.cookie ?? '')[SESSION_COOKIE];
    if (!cookie || !isSameOrigin(handshake.headers, this.config)) return null;
    const principal = await this.sessions.resolve(cookie);
    // A session that must set up two-factor first reaches only the enrolment routes.
    if (principal?.mustEnrolTotp) return null;
    return principal && { principal, credential: { kind: 'session', hash: principal.sessionHash! } };
  }

  /**
   * Which of these credentials still hold (session not ended or expired, token not
   * revoked, user still active): two indexed lookups for every socket of a replica.
   */
  async stillValid(credentials: SocketCredential[]): Promise<Set<string>> {
    const of = (kind: SocketCredential['kind']) => credentials.filter((c) => c.kind === kind).map((c) => c.hash);
    const [sessions, tokens] = await Promise.all([
      this.sessions.stillValid(of('session')),
      this.tokens.stillValid(of('token')),
    ]);
    return new Set([...sessions, ...tokens].map((hash) => hash.toString('hex')));
  }
}
