import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

/**
 * Fixed-window limits for the routes anyone on the internet may call, counted in Redis
 * so every api replica shares them. Over the limit: 429 with Retry-After.
 */
@Injectable()
export class PublicRateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async take(bucket: string, id: string, limit: number, windowSeconds: number, refusal: string): Promise<void> {
    const key = `helpdesk:limit:${bucket}:${id}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [unknown, number][];
    if (ttl < 0) await this.redis.expire(key, windowSeconds); // a new window (EXPIRE NX would need Redis 7)
    if (count > limit) {
      const retryAfter = ttl > 0 ? ttl : windowSeconds;
      throw new HttpException(
        { message: `${refusal}; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, retryAfter },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
