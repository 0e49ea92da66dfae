import { Cause, StoredEvent } from '../../tickets/ticket-events';
import { EventChange, RuleEvent } from '../engine/rule-types';

/** The agent behind a change (`current_agent`, `{{agent.name}}`). */
export const agentOf = (cause: Cause): number | null =>
  cause.kind === 'agent' ? cause.userId : cause.kind === 'mail' ? (cause.userId ?? null) : null;

/**
 * The events of one change of one ticket as triggers see them: created or not, the fields
 * it changed, the message it added (its text is loaded only when a rule reads it).
 */
export function summarize(events: readonly StoredEvent[]): RuleEvent {
  const changes: EventChange[] = [];
  let message: RuleEvent['message'] = null;
  for (const e of events) {
    if (e.type === 'ticket.updated') for (const c of e.changes) mergeChange(changes, c);
    if (e.type === 'message.created')
      message = {
        id: e.message.id,
        author: e.message.author.kind,
        visibility: e.message.visibility,
        channel: e.message.channel,
        text: null,
        flags: e.message.mail?.flags ?? [],
        from: e.message.mail?.from ?? null,
      };
  }
  return { created: events.some((e) => e.type === 'ticket.created'), changes, message, cause: events[0].cause };
}

/** Adds a change, keeping the first `before` of a field changed twice. */
export function mergeChange(changes: EventChange[], c: EventChange): void {
  const known = changes.find((x) => x.field === c.field);
  if (known) known.after = c.after;
  else changes.push({ ...c });
}

/** One ticket's events of one change, grouped by the rule that caused them (a rule's own changes never re-fire it). */
export interface TicketChange {
  ticketId: number;
  causeRuleId: number | null;
  events: StoredEvent[];
}

/** Splits a transaction's events into changes per ticket and causing rule, in order. */
export function changesPerTicket(events: readonly StoredEvent[]): TicketChange[] {
  const groups = new Map<string, TicketChange>();
  for (const e of events) {
    const causeRuleId = e.cause.kind === 'rule' ? e.cause.ruleId : null;
    const key = `${e.ticketId}:${causeRuleId}`;
    const g = groups.get(key) ?? { ticketId: e.ticketId, causeRuleId, events: [] };
    g.events.push(e);
    groups.set(key, g);
  }
  return [...groups.values()];
}
