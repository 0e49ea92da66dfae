import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every answer. The app's scripts are files of our origin
 * only (no inline script, no eval); styles may be inline because Mantine sets style
 * attributes and injects its CSS variables at run time (styles cannot run code); images
 * may be data: URLs (the 2FA QR code) and blob: (previews). Mail HTML is shown in a
 * sandboxed srcdoc frame, which inherits this policy on top of its own. No one may frame
 * us (clickjacking), no plugins, no <base> rewriting, forms post only to us.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // 'self' covers ws:/wss: to our own host (CSP Level 3): Socket.IO's WebSocket.
  'connect-src': ["'self'"],
  'frame-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** One year, the HSTS preload list's minimum; sent only on HTTPS (RFC 6797 section 7.2: never over plain HTTP). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer of every route (API JSON, the UI, static assets,
 * errors, 404s, the portal and contact pages), set before routing by @fastify/helmet:
 * the CSP above, `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: same-origin` (magic-link tokens in our URLs never leak to other
 * sites, while our own POSTs keep their Origin for the sign-in check), COOP/CORP
 * same-origin, and HSTS on HTTPS. Answers that set their own stricter policy (attachment
 * downloads: `default-src 'none'; sandbox`) keep it: a header set on the reply wins.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance) {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') void reply.header('Strict-Transport-Security', HSTS);
  });
}
