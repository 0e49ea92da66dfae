import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { REDIS } from '../redis/redis.module';
import { withTimeout } from '../common/with-timeout';
import { metricsRegistry } from './metrics';

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Alive: the event loop answers. Says nothing about dependencies, so a database outage does not restart pods. */
  @Get('healthz')
  healthz() {
    return { status: 'ok', role: this.config.role };
  }

  /**
   * Ready: PostgreSQL and Redis both answer within a second. The smtp role needs only
   * PostgreSQL to take mail (the spool; the sweeper queues what Redis missed), so without
   * Redis it stays ready and keeps accepting mail; it still reports Redis's state.
   */
  @Get('readyz')
  async readyz() {
    const checks = await Promise.allSettled([
      withTimeout(this.db.query('SELECT 1'), 1000),
      withTimeout(this.redis.ping(), 1000),
    ]);
    const [database, redis] = checks.map((c) =>
      c.status === 'fulfilled' ? 'ok' : `failing: ${(c.reason as Error).message}`,
    );
    const needsRedis = this.config.role !== 'smtp';
    const body = {
      status: database === 'ok' && (redis === 'ok' || !needsRedis) ? 'ok' : 'unavailable',
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
