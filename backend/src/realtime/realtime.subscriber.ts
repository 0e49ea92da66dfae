import { Injectable } from '@nestjs/common';
import { SubscribesToTicketEvents } from '../tickets/ticket-event-bus';
import { StoredEvent, TicketEventSubscriber } from '../tickets/ticket-events';
import { RealtimeEvent, RealtimePublisher } from './realtime.publisher';

/**
 * Browsers hear of ticket changes: each domain event becomes the small "this changed"
 * message they refetch on (a new ticket's first message is part of `ticket.created`).
 * After commit only: a lost message costs a stale screen, never data.
 */
export function toRealtime(e: StoredEvent): RealtimeEvent | null {
  switch (e.type) {
    case 'ticket.created':
      return { type: 'ticket.created', ticketId: e.ticketId };
    case 'ticket.updated':
      return { type: 'ticket.updated', ticketId: e.ticketId, fields: e.changes.map((c) => c.field) };
    case 'message.created':
      return e.message.ticketCreated
        ? null
        : {
            type: 'message.created',
            ticketId: e.ticketId,
            messageId: e.message.id,
            internal: e.message.visibility === 'internal',
            author: e.message.author.kind,
            mentions: e.message.mentions,
          };
  }
}

@Injectable()
@SubscribesToTicketEvents()
export class RealtimeSubscriber implements TicketEventSubscriber {
  readonly name = 'realtime';

  constructor(private readonly publisher: RealtimePublisher) {}

  async afterCommit(events: readonly StoredEvent[]): Promise<void> {
    for (const e of events) {
      const message = toRealtime(e);
      if (message) await this.publisher.publish(message);
    }
  }
}
