import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config';

/**
 * The address people reach the help desk at, for links in mail: HELPDESK_PUBLIC_URL, else
 * the one this request came to (so production should set HELPDESK_PUBLIC_URL: an
 * anonymous request chooses its own Host header).
 */
export const publicOrigin = (config: Config, req: FastifyRequest) =>
  config.http.publicUrl ?? `${req.protocol}://${req.host}`;

/** Host names of this machine: a request naming one comes from someone at the machine itself. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/**
 * The address for a link mailed on an *anonymous* request (a password reset): only
 * HELPDESK_PUBLIC_URL, or the request's own address when that is this machine (a trial on
 * one machine). Anything else is null: the Host header is the caller's to choose, and a
 * reset link pointing at their host would hand them the token (host header poisoning).
 */
export const anonymousLinkOrigin = (config: Config, req: FastifyRequest): string | null =>
  config.http.publicUrl ?? (LOOPBACK.test(req.host) ? `${req.protocol}://${req.host}` : null);
