import type { ViewFilters } from './types';

/** Query keys, so that what a live event invalidates matches what the screens cache. */
export const keys = {
  ticketLists: ['tickets', 'list'] as const,
  ticketList: (filters: ViewFilters) => ['tickets', 'list', filters] as const,
  counts: ['tickets', 'counts'] as const,
  views: ['views'] as const,
  ticket: (id: number) => ['ticket', id] as const,
  ticketEvents: (id: number) => ['ticket', id, 'events'] as const,
  users: ['users'] as const,
  groups: ['groups'] as const,
  canned: ['canned-responses'] as const,
};
