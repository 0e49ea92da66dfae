import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { Config } from '../config/config';
import { loginFailures } from '../metrics/metrics';
import type { EdgeRouteConfig } from './route-config';

/** One counted budget: `limit` requests per `windowSeconds`, per key. */
export interface Budget {
  key: string;
  limit: number;
  windowSeconds: number;
  refusal: string;
  /** Called when this budget refuses a request (sign-in refusals count as login failures). */
  onRefusal?: () => void;
}

export interface Taken {
  budget: Budget;
  /** Requests left in this window (never below 0). */
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
  over: boolean;
}

// INCR and the window's expiry in one step, so no key is ever left without a TTL (EXPIRE NX needs Redis 7).
const TAKE = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

type WithTake = Redis & { helpdeskTakeWindow(key: string, windowSeconds: number): Promise<[number, number]> };

/**
 * Fixed-window request counters in Redis, shared by every api replica. Headers follow the
 * widely used `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` (seconds)
 * trio of the IETF httpapi draft's early versions (GitHub-style), plus `Retry-After` on 429.
 */
export class EdgeRateLimiter {
  private readonly redis: WithTake;

  constructor(
    redis: Redis,
    private readonly config: Config,
  ) {
    if (!('helpdeskTakeWindow' in redis)) redis.defineCommand('helpdeskTakeWindow', { numberOfKeys: 1, lua: TAKE });
    this.redis = redis as WithTake;
  }

  /** The budgets a request draws on, decided from what it carries before any parsing or lookup. */
  budgetsFor(req: FastifyRequest): Budget[] {
    const route = (req.routeOptions.config ?? {}) as EdgeRouteConfig;
    const budgets: Budget[] = [];
    const { auth, contactForm, portal, rateLimits } = this.config;
    if (route.ipLimit === 'login') {
      budgets.push({
        key: `login:ip:${req.ip}`,
        limit: auth.loginLimits.perIp,
        windowSeconds: auth.loginLimits.windowSeconds,
        refusal: 'Too many sign-in attempts',
        onRefusal: () => loginFailures.inc(),
      });
    } else if (route.ipLimit === 'password-reset') {
      budgets.push({
        key: `password-reset:ip:${req.ip}`,
        limit: auth.passwordResetLimits.perIp,
        windowSeconds: auth.passwordResetLimits.windowSeconds,
        refusal: 'Too many password reset requests from your network',
      });
    } else if (route.ipLimit === 'contact') {
      budgets.push({
        key: `contact-ip:${req.ip}`,
        limit: contactForm.limitPerIp,
        windowSeconds: contactForm.windowSeconds,
        refusal: 'Too many messages from your network',
      });
    } else if (route.ipLimit === 'portal') {
      budgets.push({
        key: `portal-ip:${req.ip}`,
        limit: portal.limitPerIp,
        windowSeconds: 60,
        refusal: 'Too many requests from your network',
      });
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (bearer) {
      // Keyed by the token's hash: a token is never written to Redis.
      const id = createHash('sha256').update(bearer[1]).digest('hex').slice(0, 32);
      budgets.push({
        key: `token:${id}`,
        limit: rateLimits.perTokenPerMinute,
        windowSeconds: 60,
        refusal: 'Too many requests with this API token',
      });
    } else if (
      route.ipLimit === 'anonymous' ||
      (req.url.startsWith('/api/') && !/(?:^|;\s*)helpdesk_session=/.test(req.headers.cookie ?? ''))
    ) {
      budgets.push({
        key: `anonymous:${req.ip}`,
        limit: rateLimits.anonymousPerIpPerMinute,
        windowSeconds: 60,
        refusal: 'Too many requests from your network',
      });
    }
    return budgets;
  }

  async take(budgets: Budget[]): Promise<Taken[]> {
    if (!budgets.length) return [];
    const pipeline = this.redis.pipeline();
    for (const b of budgets)
      (pipeline as unknown as WithTake).helpdeskTakeWindow(`helpdesk:limit:${b.key}`, b.windowSeconds);
    const results = (await pipeline.exec()) ?? [];
    return budgets.map((budget, i) => {
      const [err, value] = results[i];
      if (err) throw err;
      const [count, ttl] = value as [number, number];
      return { budget, remaining: Math.max(0, budget.limit - count), reset: ttl, over: count > budget.limit };
    });
  }

  /**
   * Fastify onRequest hook: counts the request against its budgets and answers 429 when
   * one is spent. Runs before the body is read, so malformed bodies count too.
   */
  async onRequest(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const taken = await this.take(this.budgetsFor(req));
    if (!taken.length) return;
    const over = taken.find((t) => t.over);
    // The tightest budget is the one a client should pace itself by.
    const shown = over ?? taken.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    void reply.header('RateLimit-Limit', String(shown.budget.limit));
    void reply.header('RateLimit-Remaining', String(shown.remaining));
    void reply.header('RateLimit-Reset', String(shown.reset));
    if (!over) return;
    over.budget.onRefusal?.();
    const minutes = Math.ceil(over.reset / 60);
    void reply
      .code(429)
      .header('Retry-After', String(over.reset))
      .send({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `${over.budget.refusal}; try again in ${minutes} minute(s)`,
        retryAfter: over.reset,
      });
    return reply;
  }
}
