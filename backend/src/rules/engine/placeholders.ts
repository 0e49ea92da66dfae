import { TicketState } from './rule-types';

/**
 * What a rule's note, email or a macro's reply text may say about the ticket, as
 * `{{name}}` (the canned responses' placeholders, and more). An admin cannot save a text
 * using another: it would reach a customer unreplaced.
 */
export const RULE_PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'ticket.url',
  'customer.name',
  'customer.firstName',
  'customer.email',
  'assignee.name',
  'group.name',
  'agent.name',
  'message.text',
  'rule.title',
] as const;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Placeholders a text uses that rules do not offer. */
export function unknownPlaceholders(text: string): string[] {
  const known: readonly string[] = RULE_PLACEHOLDERS;
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((n) => !known.includes(n)))];
}

/** The names behind a ticket's ids, and what else the placeholders need, looked up by the caller. */
export interface PlaceholderFacts {
  assigneeName: string | null;
  groupName: string | null;
  /** The agent applying a macro, or the agent whose change fired the rule. */
  agentName: string | null;
  messageText: string | null;
  ruleTitle: string | null;
  /** The agent UI's address of the ticket, when the public URL is known. */
  ticketUrl: string | null;
}

/** Every placeholder's value for a ticket. */
export function placeholderValues(t: TicketState, facts: PlaceholderFacts): Record<string, string> {
  const name = t.requesterName.trim();
  return {
    'ticket.number': String(t.number),
    'ticket.subject': t.subject,
    'ticket.status': t.status,
    'ticket.priority': t.priority,
    'ticket.url': facts.ticketUrl ?? '',
    'customer.name': name || t.requesterEmail,
    // Without a name, the part of the address before @ still reads as a greeting.
    'customer.firstName': name ? name.split(/\s+/)[0] : t.requesterEmail.split('@')[0],
    'customer.email': t.requesterEmail,
    'assignee.name': facts.assigneeName ?? '',
    'group.name': facts.groupName ?? '',
    'agent.name': facts.agentName ?? '',
    'message.text': facts.messageText ?? '',
    'rule.title': facts.ruleTitle ?? '',
  };
}

/** Plain text with its placeholders replaced (values inserted as written, never interpreted). */
export function renderText(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (key in values ? values[key] : whole));
}
