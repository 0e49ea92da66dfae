import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { loginFailures } from '../metrics/metrics';
import { REDIS } from '../redis/redis.module';

/**
 * Failed sign-ins per account in a fixed window in Redis, shared by every api replica
 * (so one attacker spread over many IPs still cannot guess at one agent's password or
 * second factor). Wrong passwords and wrong codes both count.
 */
@Injectable()
export class LoginLimiterService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private key = (email: string) => `helpdesk:login:account:${email}`;

  /**
   * Refuses (429) while the account is over its failure limit. Attempts per client IP are
   * counted before the body is read, by the web edge (SignInRoute).
   */
  async checkAccount(email: string): Promise<void> {
    const key = this.key(email);
    const [[, failures], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [unknown, number][];
    const window = this.config.auth.loginLimits.windowSeconds;
    if (Number(failures ?? 0) >= this.config.auth.loginLimits.perAccount) this.refuse(ttl > 0 ? ttl : window);
  }

  async recordFailure(email: string): Promise<void> {
    loginFailures.inc();
    const key = this.key(email);
    const [[, count]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [unknown, number][];
    if (count === 1) await this.redis.expire(key, this.config.auth.loginLimits.windowSeconds);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.key(email));
  }

  private refuse(retryAfter: number): never {
    loginFailures.inc();
    throw new HttpException(
      { message: `Too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
