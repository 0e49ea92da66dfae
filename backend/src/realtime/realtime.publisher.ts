import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { OutageLog } from '../common/outage-log';
import type { TicketPlace } from '../common/ticket-scope';
import { REDIS } from '../redis/redis.module';

export const REALTIME_CHANNEL = 'helpdesk:events';

/**
 * Redis pub/sub channels are global to a Redis server, not per database index, so two
 * installations sharing a server on different databases would hear each other. Names
 * carry the database index unless it is 0 (where they stay the documented names).
 */
export function channelFor(redis: Redis, name: string): string {
  const db = redis.options.db ?? 0;
  return db === 0 ? name : `${name}:${db}`;
}

/**
 * `was`: where the ticket sat before this change, when its group or assignee changed, so
 * an agent whose scope reached it before hears that it left. Replicas use it to pick
 * the sockets to tell and never pass it on to browsers.
 */
export type RealtimeEvent =
  | { type: 'ticket.created'; ticketId: number }
  | { type: 'ticket.updated'; ticketId: number; fields: string[]; was?: Partial<TicketPlace> }
  | {
      type: 'message.created';
      ticketId: number;
      messageId: number;
      internal: boolean;
      /** Who wrote it (a customer's reply tells the agents who follow the ticket). */
      author: 'agent' | 'customer' | 'system';
      /** Agents mentioned in it (their mentions inbox refreshes). */
      mentions: number[];
    }
  /**
   * An in-app notification for one agent (the bell): only `userId`'s sockets hear it, with
   * `notification` (the NotificationView) as the payload; `userId` is not passed on.
   */
  | { type: 'notification.created'; userId: number; notification: object };

/**
 * Publishes small "this changed" events on Redis for every api replica to fan out to
 * its browsers; clients refetch what changed instead of receiving whole records.
 * Published after commit: a lost event costs a stale screen, never data.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger(RealtimePublisher.name);
  private readonly channel: string;
  /** Redis outages, as publishing meets them, logged once each (a lost event costs a stale screen). */
  private readonly outage = new OutageLog(this.logger, 'Publishing realtime events');

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    this.channel = channelFor(redis, REALTIME_CHANNEL);
  }

  async publish(event: RealtimeEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event));
      this.outage.success();
    } catch (e) {
      this.outage.failure(e);
    }
  }
}
