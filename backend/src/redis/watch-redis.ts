import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { OutageLog } from '../common/outage-log';

/**
 * Gives a Redis client the error handler every client needs (without one, ioredis prints
 * "Unhandled error event" for every failed reconnection attempt) and logs its outages once
 * each: the first error, a line now and then while it lasts, the recovery. ioredis keeps
 * reconnecting by itself; commands wait for it or fail, as each client's options say.
 */
export function watchRedis<T extends Redis>(client: T, what: string, logger = new Logger('Redis')): T {
  const outage = new OutageLog(logger, `Redis (${what})`);
  client.on('error', (e: Error) => outage.failure(e));
  client.on('ready', () => outage.success());
  return client;
}
