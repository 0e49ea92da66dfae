import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/** What the web edge does for a route before its body is read (see installWebEdge). */
export interface EdgeRouteConfig {
  /**
   * Counted per client IP before parsing: sign-in (HELPDESK_LOGIN_LIMIT_*), "forgot password"
   * (HELPDESK_PASSWORD_RESET_LIMIT_*), the contact form,
   * the portal, or `anonymous` (HELPDESK_ANONYMOUS_LIMIT_PER_IP, also when the request
   * carries a cookie: a made-up cookie must not take a public route out of its budget).
   */
  ipLimit?: 'login' | 'password-reset' | 'contact' | 'portal' | 'anonymous';
  /** Refused (403) unless the browser's Origin is ours: sign-in, against login CSRF. */
  sameOrigin?: boolean;
  /** Takes multipart/form-data (a file upload); every other body-taking route takes JSON only. */
  multipart?: boolean;
  /**
   * Also takes `text/plain` (a provider's webhook: Graph's validation request is one). Only on
   * routes that need no session: a cross-site form can send text/plain without a preflight.
   */
  plainText?: boolean;
  /** A smaller body limit than the app's (413 beyond it), for public machine endpoints. */
  maxBodyBytes?: number;
}

/**
 * Sets Fastify route options the edge hooks read, merged with any set before, so several
 * of these stack on one handler. Fastify knows them before it reads the body, where Nest's
 * own metadata (guards, pipes) only runs after.
 */
export const EdgeRoute =
  (config: EdgeRouteConfig): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const before = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as EdgeRouteConfig;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...before, ...config }, handler);
    return descriptor;
  };

/** Rate-limits the route per client IP, counted before its body is parsed. */
export const RateLimitedPerIp = (kind: NonNullable<EdgeRouteConfig['ipLimit']>) => EdgeRoute({ ipLimit: kind });

/** A sign-in route: per-IP sign-in limit before parsing, and our own Origin only. */
export const SignInRoute = () => EdgeRoute({ ipLimit: 'login', sameOrigin: true });

/** The route receives a file as multipart/form-data. */
export const AcceptsUpload = () => EdgeRoute({ multipart: true });
