import type { TicketEvent, TicketPriority, TicketStatus } from '../api/types';
import { en } from '../i18n/en';

/** The audit events one action wrote: one actor, one moment (one database transaction). */
export interface ChangeSet {
  key: string;
  actor: TicketEvent['actor'];
  createdAt: string;
  events: TicketEvent[];
}

/**
 * Groups audit events into change sets, in the order of their first event. The API writes every
 * event of one change in one transaction, and `created_at` defaults to PostgreSQL's `now()`, the
 * transaction's start time (PostgreSQL docs, "Current Date/Time"): events of one change share the
 * exact same `createdAt`, events of two changes do not (a ticket's changes are serialised by its row
 * lock). So (actor, createdAt) identifies a change set — a bulk edit's fields on a ticket, or a reply
 * with the status it set. Events of one set need not be adjacent.
 */
export function changeSets(events: readonly TicketEvent[]): ChangeSet[] {
  const sets = new Map<string, ChangeSet>();
  for (const e of events) {
    const key = `${e.actor.type}:${e.actor.id ?? ''}@${e.createdAt}`;
    const set = sets.get(key);
    if (set) set.events.push(e);
    else sets.set(key, { key, actor: e.actor, createdAt: e.createdAt, events: [e] });
  }
  return [...sets.values()];
}

/** id → display name lookups (`useNames()`); null for "nobody". */
export interface NameLookup {
  userName: (id: number | null) => string | null;
  groupName: (id: number | null) => string | null;
  /** Who wrote a message of the ticket, when known: an agent may add the customer's words (a phone call). */
  messageAuthor?: (messageId: number) => 'user' | 'customer' | 'system' | undefined;
}

const NONE = '—';
const FIELD_LABEL: Record<string, string> = {
  status: en.ticket.status,
  priority: en.ticket.priority,
  assigneeId: en.ticket.assignee,
  groupId: en.ticket.group,
  tags: en.ticket.tags,
  subject: en.audit.subject,
  requesterId: en.ticket.requester,
  organizationId: en.ticket.organization,
};

/** A JSON value of an unknown field, in words where we can. */
const plain = (v: unknown): string =>
  v === null || v === undefined
    ? NONE
    : Array.isArray(v)
      ? v.map(plain).join(', ') || NONE
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** A field's value as the UI shows it elsewhere: names for ids, labels for statuses and priorities. */
function valueOf(field: string, v: unknown, names: NameLookup): string {
  if (v === null || v === undefined) return NONE;
  switch (field) {
    case 'status':
      return en.status[v as TicketStatus] ?? plain(v);
    case 'priority':
      return en.priority[v as TicketPriority] ?? plain(v);
    case 'assigneeId':
      return names.userName(Number(v)) ?? NONE;
    case 'groupId':
      return names.groupName(Number(v)) ?? NONE;
    case 'subject':
      return `“${plain(v)}”`;
    default:
      return plain(v);
  }
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** One audit event in words: "Reply added", "Assignee: — → Dana Smith", "Tags: added vip; removed billing". */
export function describeEvent(e: TicketEvent, names: NameLookup): string {
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (e.action === 'created') return en.audit.created;
  if (e.action === 'message_added') {
    if (Array.isArray(after.forwardedTo)) return en.ccForward.forwardedTo(asList(after.forwardedTo));
    if (after.internal === true) return en.audit.noteAdded;
    const author = names.messageAuthor?.(Number(after.messageId)) ?? e.actor.type;
    return author === 'customer' ? en.audit.customerMessage : en.audit.replyAdded;
  }
  if (e.action === 'updated' && e.field === 'tags') {
    const before = asList(e.before);
    const now = asList(e.after);
    const added = now.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !now.includes(t));
    return `${en.ticket.tags}: ${en.audit.tagChanges(added, removed)}`;
  }
  if (e.field) {
    const label = FIELD_LABEL[e.field] ?? e.field;
    return `${label}: ${valueOf(e.field, e.before, names)} → ${valueOf(e.field, e.after, names)}`;
  }
  const ruleAction = en.audit.ruleActions[e.action];
  if (ruleAction) return ruleAction(after);
  // An action this UI does not know yet: its name, readable.
  const words = e.action.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Who did it, for the change set's heading. */
export function actorName(actor: TicketEvent['actor']): string {
  if (actor.type === 'system') return en.ticket.system;
  if (actor.type === 'customer') return en.audit.customer(actor.name);
  return actor.name ?? en.audit.someone;
}
