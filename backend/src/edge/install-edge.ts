import type { FastifyInstance } from 'fastify';
import type Redis from 'ioredis';
import { Config } from '../config/config';
import { NUL_REFUSED, registerJsonOnlyParsers } from './json-body';
import { EdgeRateLimiter } from './rate-limits';
import type { EdgeRouteConfig } from './route-config';
import { isSameOrigin } from './same-origin';
import { registerSecurityHeaders } from './security-headers';

const refuse = (status: number, error: string, message: string) => ({ statusCode: status, error, message });

/**
 * The web edge, in the order Fastify runs it for every request: security headers; request
 * counting (per route kind, per API token, per client IP without credentials) before the
 * body is read; the sign-in Origin check; multipart only where a route takes a file; then
 * the JSON-only, depth-limited body parser. U+0000 is refused in URLs and bodies alike. `redis` is called on the first request (the
 * client belongs to the Nest app, created after this runs); null means no limits (roles
 * without the API).
 */
export async function installWebEdge(fastify: FastifyInstance, config: Config, redis: () => Redis | null) {
  await registerSecurityHeaders(fastify);
  registerJsonOnlyParsers(fastify);

  let limiter: EdgeRateLimiter | null | undefined;
  fastify.addHook('onRequest', async (req, reply) => {
    if (limiter === undefined) {
      const client = redis();
      limiter = client && new EdgeRateLimiter(client, config);
    }
    if (limiter) {
      await limiter.onRequest(req, reply);
      if (reply.sent) return reply;
    }
    // `%00` in a path or query string: text PostgreSQL cannot store, refused before any route sees it.
    if (/%00/.test(req.url)) return reply.code(400).send(refuse(400, 'Bad Request', NUL_REFUSED));
    const route = (req.routeOptions.config ?? {}) as EdgeRouteConfig;
    if (route.sameOrigin && !isSameOrigin(req.headers, config)) {
      return reply.code(403).send(refuse(403, 'Forbidden', 'Cross-site request refused: sign in from the help desk'));
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (route.maxBodyBytes && length > route.maxBodyBytes)
      return reply
        .code(413)
        .send(refuse(413, 'Payload Too Large', `The body may be ${route.maxBodyBytes} bytes at most`));
    if (!route.plainText && /^text\/plain/i.test(req.headers['content-type'] ?? ''))
      return reply.code(415).send(refuse(415, 'Unsupported Media Type', 'Send the body as application/json'));
    if (!route.multipart && /^multipart\//i.test(req.headers['content-type'] ?? '')) {
      return reply
        .code(415)
        .send(
          refuse(415, 'Unsupported Media Type', 'Send the body as application/json; files go to their upload route'),
        );
    }
  });
}
