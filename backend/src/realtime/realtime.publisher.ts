import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

export const REALTIME_CHANNEL = 'helpdesk:events';

export type RealtimeEvent =
  | { type: 'ticket.created'; ticketId: number }
  | { type: 'ticket.updated'; ticketId: number; fields: string[] }
  | { type: 'message.created'; ticketId: number; messageId: number; internal: boolean };

/**
 * Publishes small "this changed" events on Redis for every api replica to fan out to
 * its browsers; clients refetch what changed instead of receiving whole records.
 * Published after commit: a lost event costs a stale screen, never data.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger(RealtimePublisher.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async publish(event: RealtimeEvent): Promise<void> {
    try {
      await this.redis.publish(REALTIME_CHANNEL, JSON.stringify(event));
    } catch (e) {
      this.logger.warn(`could not publish ${event.type}: ${(e as Error).message}`);
    }
  }
}
