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
/** Who the first message of a ticket an agent writes in is from, and who sees it (CreateTicketDto.firstMessage). */
export const FIRST_MESSAGE_KINDS = ['requester', 'note', 'reply'] as const;
export type FirstMessageKind = (typeof FIRST_MESSAGE_KINDS)[number];

export const MESSAGE_CHANNELS = ['email', 'web', 'note', 'system'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * How two tickets are related, read from the ticket that holds the link: a follow-up of
 * a closed one, one that mentions another's [#number] (both written by mail), related,
 * a duplicate of the other, merged into the other (written by a merge).
 */
export const TICKET_LINK_KINDS = ['follow_up', 'mentioned', 'related', 'duplicate_of', 'merged_into'] as const;
export type TicketLinkKind = (typeof TICKET_LINK_KINDS)[number];
/** The kinds agents add and remove; a merge is not undone by removing its link. */
export const EDITABLE_LINK_KINDS = ['related', 'duplicate_of', 'follow_up'] as const;
export type EditableLinkKind = (typeof EDITABLE_LINK_KINDS)[number];

export const TICKET_CHANNELS = ['email', 'web_form', 'api', 'portal'] as const;
/** How a ticket came in: by mail, the contact form, the API (an agent or a script), or a customer's reply on the portal. */
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Days a deleted ticket stays in the trash, restorable by admins, before the worker purges it. */
export const TRASH_DAYS = 30;

/** Who wrote a ticket's latest public message: "customer replied" is what waits on agents. */
export const LAST_ACTORS = ['customer', 'agent', 'system'] as const;
export type LastActor = (typeof LAST_ACTORS)[number];
