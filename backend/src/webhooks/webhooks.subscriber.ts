import { Injectable } from '@nestjs/common';
import { ShortCache } from '../common/short-cache';
import { Tx } from '../database/transactions';
import { SubscribesToTicketEvents } from '../tickets/ticket-event-bus';
import { StoredEvent, TicketEventSubscriber } from '../tickets/ticket-events';
import { WebhookCall, WebhookOutbox } from './webhook-outbox.service';
import { WebhookRow, WebhooksRepository } from './webhooks.repository';

/** The events a webhook may subscribe to. */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.updated', 'message.created'] as const;

/** What a subscribed webhook receives about an event (besides id, event and occurredAt). */
export function eventPayload(e: StoredEvent): Record<string, unknown> {
  const base = { ticketId: e.ticketId, cause: { kind: e.cause.kind } };
  switch (e.type) {
    case 'ticket.created':
      return { ...base, ticket: e.ticket, link: e.link };
    case 'ticket.updated':
      return { ...base, changes: e.changes };
    case 'message.created':
      return { ...base, message: e.message };
  }
}

/**
 * Webhooks subscribed to ticket events: their deliveries are written in the transaction of
 * the change (so a change and its webhook calls exist together), queued after the commit.
 * The list of subscribed webhooks is read at most once a second per process.
 */
@Injectable()
@SubscribesToTicketEvents()
export class WebhooksSubscriber implements TicketEventSubscriber<number[]> {
  readonly name = 'webhooks';
  readonly subscribed = new ShortCache<WebhookRow[]>();

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: WebhookOutbox,
  ) {}

  async beforeCommit(events: readonly StoredEvent[], tx: Tx): Promise<number[]> {
    const hooks = await this.subscribed.get(() => this.webhooks.subscribed(tx), true);
    if (!hooks.length) return [];
    const calls: WebhookCall[] = [];
    for (const e of events) {
      for (const w of hooks) {
        if (!w.events.includes(e.type)) continue;
        const ruleId = e.cause.kind === 'rule' ? e.cause.ruleId : null;
        calls.push({ webhookId: w.id, event: e.type, ticketId: e.ticketId, ruleId, payload: eventPayload(e) });
      }
    }
    return this.outbox.write(tx, calls);
  }

  async afterCommit(_events: readonly StoredEvent[], ids: number[]): Promise<void> {
    await this.outbox.dispatch(ids);
  }
}
