import type { QueryClient } from '@tanstack/react-query';
import type { TicketDetail, ViewFilters } from './types';

/** Query keys, so that what a change or a live event refreshes matches what the screens cache. */
export const keys = {
  me: ['auth', 'me'] as const,
  totp: ['auth', 'totp'] as const,
  mySessions: ['auth', 'sessions'] as const,
  ssoPublic: ['auth', 'providers', 'public'] as const,
  ticketLists: ['tickets', 'list'] as const,
  ticketList: (filters: ViewFilters) => ['tickets', 'list', filters] as const,
  counts: ['tickets', 'counts'] as const,
  views: ['views'] as const,
  ticket: (id: number) => ['ticket', id] as const,
  ticketEvents: (id: number) => ['ticket', id, 'events'] as const,
  users: ['users'] as const,
  groups: ['groups'] as const,
  fields: (entity: 'ticket' | 'customer' | 'organization') => ['fields', entity] as const,
  ticketForms: ['ticket-forms'] as const,
  organizations: ['organizations'] as const,
  organization: (id: number) => ['organizations', id] as const,
  customers: ['customers'] as const,
  mentions: ['mentions'] as const,
  notifications: ['notifications'] as const,
  portal: (token: string) => ['portal', token] as const,
  publicForms: ['public', 'forms'] as const,
  /** The admins' setup checklist, and (below it) whether replies can go out. */
  setup: ['setup'] as const,
  mailOut: ['setup', 'mail-out'] as const,
  admin: (
    section:
      | 'mailboxes'
      | 'tokens'
      | 'licence'
      | 'relay'
      | 'mail-templates'
      | 'inbound'
      | 'outbound'
      | 'audit-log'
      | 'sso-providers'
      | 'two-factor-policy'
      | 'deleted-tickets',
  ) => ['admin', section] as const,
};

/**
 * What shows many tickets: the inbox lists, the view counters and the saved views' counts.
 * Part of `invalidateTickets`; the live-updates handler calls it alone to coalesce bursts.
 */
export function invalidateTicketLists(qc: QueryClient): Promise<unknown> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.ticketLists }),
    qc.invalidateQueries({ queryKey: keys.counts }),
    qc.invalidateQueries({ queryKey: keys.views }),
  ]);
}

/**
 * What shows one ticket: the ticket with its conversation, and its audit trail (its key is below
 * the ticket's). Given the ticket as the API just answered it, stores that instead of asking again.
 */
export function invalidateTicket(qc: QueryClient, id: number, fresh?: TicketDetail): Promise<unknown> {
  if (!fresh) return qc.invalidateQueries({ queryKey: keys.ticket(id) });
  qc.setQueryData(keys.ticket(id), fresh);
  return qc.invalidateQueries({ queryKey: keys.ticketEvents(id) });
}

/**
 * The one rule for "tickets changed", used by every ticket mutation and by live events: refresh
 * each changed ticket and everything that lists or counts tickets. Resolves when the queries on
 * screen have been fetched again.
 */
export function invalidateTickets(qc: QueryClient, ids: readonly number[], fresh?: TicketDetail): Promise<unknown> {
  return Promise.all([
    ...ids.map((id) => invalidateTicket(qc, id, fresh?.id === id ? fresh : undefined)),
    invalidateTicketLists(qc),
  ]);
}
