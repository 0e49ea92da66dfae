import type { FastifyReply, FastifyRequest } from 'fastify';
import { Config } from '../config/config';
import { SESSION_COOKIE } from './sessions.service';

/**
 * Hands a new session to the browser: httpOnly (no script reads it), SameSite=Lax (not
 * sent on cross-site subrequests), Secure on HTTPS (`HELPDESK_COOKIE_SECURE=auto` asks the
 * request), living as long as the session's sliding window.
 */
export function setSessionCookie(
  reply: FastifyReply,
  req: FastifyRequest,
  config: Config,
  session: { token: string; maxAgeSeconds: number },
): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.http.cookieSecure === 'auto' ? req.protocol === 'https' : config.http.cookieSecure,
    maxAge: session.maxAgeSeconds,
  });
}
