import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config';

/**
 * The address people reach the help desk at, for links in mail: HELPDESK_PUBLIC_URL, else
 * the one this request came to (so production should set HELPDESK_PUBLIC_URL: an
 * anonymous request chooses its own Host header).
 */
export const publicOrigin = (config: Config, req: FastifyRequest) =>
  config.http.publicUrl ?? `${req.protocol}://${req.host}`;
