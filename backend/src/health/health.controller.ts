import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import Redis from 'ioredis';
import { Public } from '../common/auth-context';
import { withTimeout } from '../common/with-timeout';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { DatabaseHealth } from '../database/database-health';
import { REDIS } from '../redis/redis.module';

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);
  private lastProblem = '';

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

  /**
   * Ready: PostgreSQL and Redis both answer within a second. The smtp role needs only
   * PostgreSQL to take mail (the spool; the sweeper queues what Redis missed), so without
   * Redis it stays ready and keeps accepting mail; it still reports Redis's state. The
   * answer is public (the Ingress routes this port), so it says which dependency fails,
   * never why: the reason goes to the log, once per change.
   */
  @Get('readyz')
  async readyz() {
    const checks = await Promise.allSettled([
      withTimeout(this.database.ping(), 1000),
      withTimeout(this.redis.ping(), 1000),
    ]);
    const reasons = checks.map((c) => (c.status === 'fulfilled' ? '' : (c.reason as Error).message));
    const [database, redis] = reasons.map((r) => (r ? 'failing' : 'ok'));
    const problem = [reasons[0] && `database: ${reasons[0]}`, reasons[1] && `redis: ${reasons[1]}`]
      .filter(Boolean)
      .join('; ');
    const needsRedis = this.config.role !== 'smtp';
    const ready = database === 'ok' && (redis === 'ok' || !needsRedis);
    if (problem !== this.lastProblem) {
      if (problem) this.logger.warn(`${ready ? 'degraded' : 'not ready'}: ${problem}`);
      else this.logger.log('ready again');
      this.lastProblem = problem;
    }
    const body = { status: ready ? 'ok' : 'unavailable', role: this.config.role, database, redis };
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }
}
