import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { loginFailures } from '../metrics/metrics';
import { REDIS } from '../redis/redis.module';

/**
 * Fixed-window login limits in Redis, shared by every api replica: attempts per
 * client IP, and failed attempts per account (so one attacker spread over many IPs
 * still cannot guess at one agent's password).
 */
@Injectable()
export class LoginLimiterService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private key = (kind: 'ip' | 'account', id: string) => `helpdesk:login:${kind}:${id}`;

  /** Counts this attempt against the IP and refuses if the IP or the account is over its limit. */
  async checkAttempt(ip: string, email: string): Promise<void> {
    const window = this.config.auth.loginLimits.windowSeconds;
    const ipKey = this.key('ip', ip);
    const [[, ipCount], [, ipTtl], [, accountFailures], [, accountTtl]] = (await this.redis
      .multi()
      .incr(ipKey)
      .ttl(ipKey)
      .get(this.key('account', email))
      .ttl(this.key('account', email))
      .exec()) as [unknown, number][];
    if (ipTtl < 0) await this.redis.expire(ipKey, window);
    if (ipCount > this.config.auth.loginLimits.perIp) this.refuse(ipTtl > 0 ? ipTtl : window);
    if (Number(accountFailures ?? 0) >= this.config.auth.loginLimits.perAccount)
      this.refuse(accountTtl > 0 ? accountTtl : window);
  }

  async recordFailure(email: string): Promise<void> {
    loginFailures.inc();
    const key = this.key('account', email);
    const [[, count]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [unknown, number][];
    if (count === 1) await this.redis.expire(key, this.config.auth.loginLimits.windowSeconds);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.key('account', email));
  }

  private refuse(retryAfter: number): never {
    loginFailures.inc();
    throw new HttpException(
      { message: `Too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
