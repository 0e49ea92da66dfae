import type { Ticket, User } from '../api/types';

/** The values canned responses may use, e.g. `{{customer.firstName}}`. */
export function placeholderValues(
  ticket: Pick<Ticket, 'number' | 'subject' | 'requester'>,
  agent: Pick<User, 'name'>,
): Record<string, string> {
  const email = ticket.requester.email ?? '';
  const name = ticket.requester.name?.trim() || '';
  return {
    'customer.name': name || email,
    // Without a name, the part of the address before @ still reads as a greeting.
    'customer.firstName': name ? name.split(/\s+/)[0] : email.split('@')[0],
    'customer.email': email,
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'agent.name': agent.name,
  };
}

/** Replaces `{{ key }}` with its value; unknown placeholders stay as typed so the agent sees them. */
export function renderPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => (key in values ? values[key] : whole));
}
