import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import Redis from 'ioredis';
import { Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { DatabaseHealth } from '../database/database-health';
import { REDIS } from '../redis/redis.module';
import { metricsRegistry } from './metrics';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Alive: the event loop answers. Says nothing about dependencies, so a database outage does not restart pods. */
  @Get('healthz')
  healthz() {
    return { status: 'ok', role: this.config.role };
  }

  /** Ready: PostgreSQL and Redis both answer within a second. */
  @Get('readyz')
  async readyz() {
    const checks = await Promise.allSettled([
      withTimeout(this.database.ping(), 1000),
      withTimeout(this.redis.ping(), 1000),
    ]);
    const [database, redis] = checks.map((c) =>
      c.status === 'fulfilled' ? 'ok' : `failing: ${(c.reason as Error).message}`,
    );
    const body = {
      status: database === 'ok' && redis === 'ok' ? 'ok' : 'unavailable',
      role: this.config.role,
      database,
      redis,
    };
    if (body.status !== 'ok') throw new ServiceUnavailableException(body);
    return body;
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics() {
    return metricsRegistry.metrics();
  }
}
