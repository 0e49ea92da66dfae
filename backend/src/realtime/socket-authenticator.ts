import { Inject, Injectable } from '@nestjs/common';
import { fastifyCookie } from '@fastify/cookie';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiTokensService } from '../auth/api-tokens.service';
import { SESSION_COOKIE, SessionsService } from '../auth/sessions.service';
import type { Principal } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';

export interface Handshake {
  headers: IncomingHttpHeaders;
  auth: Record<string, unknown>;
}

/**
 * Who opens a socket: the browser's session cookie (as for REST), or an API token in
 * `auth.token` for scripts. A cookie is only honoured from our own origin: browsers
 * attach cookies to cross-site WebSocket handshakes too, and CORS does not apply to
 * WebSockets, so without this check any page could listen in (cross-site WebSocket
 * hijacking).
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async authenticate(handshake: Handshake): Promise<Principal | null> {
    const token = handshake.auth?.token;
    if (typeof token === 'string' && token) return this.tokens.resolve(token);
    const cookie = fastifyCookie.parse(handshake.headers.cookie ?? '')[SESSION_COOKIE];
    if (!cookie || !this.sameOrigin(handshake.headers)) return null;
    return this.sessions.resolve(cookie);
  }

  private sameOrigin(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin;
    if (!origin) return true; // not a browser's cross-origin request: browsers always send Origin on those
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return false;
    }
    const forwarded = this.config.trustProxy ? headers['x-forwarded-host'] : undefined;
    const hosts = [typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : undefined, headers.host];
    if (this.config.publicUrl) hosts.push(new URL(this.config.publicUrl).host);
    return hosts.includes(originHost);
  }
}
