import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared command connection per process (rate limits, pub/sub publishing, readiness). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      useFactory: (config: Config) => {
        const redis = new Redis(config.redis.url, {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          lazyConnect: false,
        });
        // Commands fail on their own while Redis is away; the connection's errors are a line each, never a crash.
        const logger = new Logger('Redis');
        redis.on('error', (e) => logger.warn(e.message));
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
