import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/transactions';
import { SubscribesToTicketEvents } from '../../tickets/ticket-event-bus';
import { Cause, MessageCreated, silencesTicket, StoredEvent, TicketEventSubscriber } from '../../tickets/ticket-events';
import { OutboxService } from './outbox.service';

const agentOf = (cause: Cause) => (cause.kind === 'agent' ? cause.userId : undefined);

/**
 * The mail a ticket change causes (docs/architecture.md, "Email out"), written to the
 * outbox inside the change's transaction, so it exists exactly when the change does, and
 * queued after the commit (the sweeper queues what that misses):
 * - an agent's public reply goes to the requester and followers (the first message of a
 *   ticket an agent writes out to a customer too); one an agent sent by mail, unless the
 *   requester was among its recipients (they have it already);
 * - an agent's forward goes to its third party (`message.forward`), never to the customer;
 * - a new ticket by mail from a customer is acknowledged to its requester (mail-in's requester rule);
 * - the assignee hears of an assignment (unless they made it) and of each customer
 *   reply by mail; agents following the ticket hear of each customer reply (mail or
 *   portal); agents mentioned in a message hear of it.
 * Automatic mail (auto-replies, bounces, lists) is never answered and notifies no one. A
 * ticket marked as spam or deleted (`silencesTicket`) gets nothing, and its automatic mail
 * still waiting in the outbox is cancelled.
 */
@Injectable()
@SubscribesToTicketEvents()
export class OutboxSubscriber implements TicketEventSubscriber<number[]> {
  readonly name = 'outbox';

  constructor(private readonly outbox: OutboxService) {}

  async beforeCommit(events: readonly StoredEvent[], tx: Tx): Promise<number[]> {
    const queued: (number | null)[] = [];
    // A ticket marked as spam or deleted in this change hears nothing more: its mail not sent yet is
    // cancelled, replies people wrote included (a spammer learns nothing; restoring does not resend).
    const silenced = new Set(events.filter(silencesTicket).map((e) => e.ticketId));
    for (const id of silenced)
      await this.outbox.cancelUnsent(tx, id, 'cancelled: the ticket was marked as spam or deleted');
    for (const e of events) {
      if (silenced.has(e.ticketId)) continue;
      if (e.type === 'message.created') queued.push(...(await this.forMessage(tx, e)));
      const assignee =
        e.type === 'ticket.created'
          ? e.ticket.assigneeId
          : e.type === 'ticket.updated'
            ? (e.changes.find((c) => c.field === 'assigneeId')?.after as number | null | undefined)
            : null;
      if (assignee && assignee !== agentOf(e.cause)) {
        queued.push(
          await this.outbox.notifyAgent(tx, 'agent_assigned', e.ticketId, assignee, {
            actorUserId: agentOf(e.cause),
          }),
        );
      }
    }
    return queued.filter((id): id is number => id !== null);
  }

  async afterCommit(_events: readonly StoredEvent[], queued: number[]): Promise<void> {
    await this.outbox.dispatch(queued);
  }

  private async forMessage(
    tx: Tx,
    { ticketId, message: m, assigneeId, cause }: MessageCreated,
  ): Promise<(number | null)[]> {
    if (m.mail?.flags.length) return [];
    const queued: (number | null)[] = [];
    if (m.forward && m.author.kind === 'agent')
      queued.push(await this.outbox.queueForward(tx, ticketId, m.id, m.forward));
    // An agent's mail that starts a ticket is theirs to the help desk; one typed in as a new ticket's first message goes out.
    if (m.author.kind === 'agent' && m.visibility === 'public' && (!m.ticketCreated || !m.mail)) {
      const ctx = await this.outbox.replyContext(tx, ticketId, m.id);
      const recipients = m.mail ? [...m.mail.to, ...m.mail.cc] : [];
      if (!recipients.includes(ctx.customer_email)) queued.push(await this.outbox.queueReply(tx, ctx, m.id));
    }
    if (m.author.kind === 'customer' && m.channel === 'email' && m.ticketCreated) {
      queued.push(
        await this.outbox.queueAutomatic(tx, {
          kind: 'customer_acknowledgement',
          ticketId,
          // The requester: the From person, or the one Reply-To person of a no-reply web form.
          inReplyTo: m.mail!.messageId,
          references: m.mail!.references,
        }),
      );
    } else if (m.author.kind === 'customer' && m.channel === 'email' && assigneeId) {
      queued.push(
        await this.outbox.notifyAgent(tx, 'agent_customer_replied', ticketId, assigneeId, {
          messageId: m.id,
          reason: 'which is assigned to you',
        }),
      );
    }
    // Agents who follow the ticket hear of each reply from outside, by mail or on the portal (the assignee once).
    if (m.author.kind === 'customer' && !m.ticketCreated && m.visibility === 'public') {
      for (const userId of await this.outbox.agentFollowers(tx, ticketId)) {
        if (userId === assigneeId && m.channel === 'email') continue;
        queued.push(
          await this.outbox.notifyAgent(tx, 'agent_customer_replied', ticketId, userId, {
            messageId: m.id,
            reason: 'which you follow',
          }),
        );
      }
    }
    for (const userId of m.mentions) {
      if (userId === agentOf(cause)) continue;
      queued.push(
        await this.outbox.notifyAgent(tx, 'agent_mentioned', ticketId, userId, {
          actorUserId: agentOf(cause),
          messageId: m.id,
        }),
      );
    }
    return queued;
  }
}
