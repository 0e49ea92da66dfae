import { DomainError } from '../common/domain-error';
import { TicketStatus } from './ticket.constants';

/**
 * The rules of a ticket's life, as pure functions (docs/architecture.md, "Tickets"; the
 * statuses are Zendesk's). The ticket domain service applies them; nothing else does.
 */

/**
 * The timestamps a move to `status` sets: status_changed_at always (automations measure
 * from it), solved_at on solve (cleared by any other move), closed_at on close.
 */
export function statusTimestamps(
  status: TicketStatus,
  now = new Date(),
): { status_changed_at: Date; solved_at?: Date | null; closed_at?: Date } {
  if (status === 'solved') return { status_changed_at: now, solved_at: now };
  if (status === 'closed') return { status_changed_at: now, closed_at: now };
  return { status_changed_at: now, solved_at: null };
}

/** A closed ticket is final: no edits, no agent replies (a customer's reply starts a follow-up). */
export function assertNotClosed(t: { status: TicketStatus; number: number }, instead: string): void {
  if (t.status === 'closed') throw new DomainError('conflict', `Ticket ${t.number} is closed; ${instead}`);
}

/** A ticket never goes back to `new` once it has left it. */
export function assertStatusMove(from: TicketStatus, to: TicketStatus): void {
  if (to === 'new' && from !== 'new') throw DomainError.invalid('status', 'a ticket cannot go back to new');
}

/**
 * The status after an agent's message: the one the agent sent with it ("send and set
 * status"), else `open` for a public reply on a `new` ticket. Undefined: no change.
 */
export function statusAfterAgentMessage(
  current: TicketStatus,
  message: { internal: boolean; requested?: TicketStatus },
): TicketStatus | undefined {
  const next = message.requested ?? (!message.internal && current === 'new' ? 'open' : undefined);
  if (next === undefined || next === current) return undefined;
  assertStatusMove(current, next);
  return next;
}

/**
 * What a message from outside (a customer, or any mail) does to its ticket, the same by
 * mail and on the portal: on a closed ticket it starts a new ticket linked as a
 * `follow_up`; a person's reply (a customer, not automatic mail) reopens a ticket that
 * waits on them (`pending`, `solved`); anything else leaves the status alone.
 */
export function replyOutcome(
  status: TicketStatus,
  reply: { byCustomer: boolean; automatic: boolean },
): 'follow_up' | 'reopen' | 'keep' {
  if (status === 'closed') return 'follow_up';
  if (reply.byCustomer && !reply.automatic && (status === 'pending' || status === 'solved')) return 'reopen';
  return 'keep';
}
