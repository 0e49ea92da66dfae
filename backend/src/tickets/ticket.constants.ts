/** The words of a ticket's fields, as stored and as the API spells them. */

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses that still need work: the "open" views of the inbox. */
export const UNSOLVED_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** Stored as a smallint rank so "sort by priority" is an index order. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const priorityRank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
export const priorityName = (rank: number): TicketPriority => TICKET_PRIORITIES[rank] ?? 'normal';

export const MESSAGE_VISIBILITIES = ['public', 'internal'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];
export const MESSAGE_CHANNELS = ['email', 'web', 'note', 'system'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** How two tickets are related: a follow-up of a closed one, or one that mentions another's [#number]. */
export type TicketLinkKind = 'follow_up' | 'mentioned';
