import type { UserRole } from './roles';

/**
 * Which tickets an agent may reach (issue 13, "Scoped agents"): `all` (the default),
 * `groups` (tickets of their groups, plus tickets assigned to them) or `assigned` (only
 * tickets assigned to them). Admins always reach every ticket, whatever is stored.
 */
export const TICKET_SCOPE_KINDS = ['all', 'groups', 'assigned'] as const;
export type TicketScopeKind = (typeof TICKET_SCOPE_KINDS)[number];

/** A caller's reach, resolved: who they are and, for `groups`, the groups they belong to (ascending). */
export type TicketScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'assigned'; readonly userId: number }
  | { readonly kind: 'groups'; readonly userId: number; readonly groupIds: readonly number[] };

/** Every ticket: admins, and the system's own work (mail, rules, the portal's token holder). */
export const ALL_TICKETS: TicketScope = Object.freeze({ kind: 'all' });

/** The scope a principal's stored setting gives (an agent without groups under `groups` reaches their assigned tickets). */
export function scopeOf(p: {
  id: number;
  role: UserRole;
  ticketScope: TicketScopeKind;
  groupIds: readonly number[];
}): TicketScope {
  if (p.role === 'admin' || p.ticketScope === 'all') return ALL_TICKETS;
  if (p.ticketScope === 'assigned') return { kind: 'assigned', userId: p.id };
  return { kind: 'groups', userId: p.id, groupIds: [...p.groupIds].sort((a, b) => a - b) };
}

/** Where a ticket sits, as far as scopes care. */
export interface TicketPlace {
  groupId: number | null;
  assigneeId: number | null;
}

/** Whether the scope reaches a ticket that sits at `place` (the same rule as `scopeSql`). */
export function admits(scope: TicketScope, place: TicketPlace): boolean {
  if (scope.kind === 'all') return true;
  if (place.assigneeId === scope.userId) return true;
  return scope.kind === 'groups' && place.groupId !== null && scope.groupIds.includes(place.groupId);
}

/**
 * The scope as an SQL condition on a tickets row `alias` (null: no condition), numbering
 * its values with `param`. Repositories put it into every ticket read, so a ticket out
 * of scope is simply not found.
 */
export function scopeSql(scope: TicketScope, alias: string, param: (v: unknown) => string): string | null {
  if (scope.kind === 'all') return null;
  const me = `${alias}.assignee_id = ${param(scope.userId)}`;
  if (scope.kind === 'assigned' || !scope.groupIds.length) return me;
  return `(${alias}.group_id = ANY(${param(scope.groupIds)}::bigint[]) OR ${me})`;
}

/**
 * The same rule as `scopeOf` + `admits`, for a stored user row `user` and a tickets row
 * `ticket` in SQL: whether that user reaches that ticket. For the places that decide about
 * someone other than the caller (whom a notification may reach, whom a mention or a follow
 * may name, whose mail may thread into a ticket).
 */
export function userReachesSql(user: string, ticket: string): string {
  return `(${user}.role = 'admin' OR ${user}.ticket_scope = 'all' OR ${ticket}.assignee_id = ${user}.id
    OR (${user}.ticket_scope = 'groups'
        AND ${ticket}.group_id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ${user}.id)))`;
}

/** A key that tells scopes apart (for caches shared between callers). */
export const scopeKey = (scope: TicketScope) =>
  scope.kind === 'all'
    ? 'all'
    : scope.kind === 'assigned'
      ? `a${scope.userId}`
      : `g${scope.userId}:${scope.groupIds.join(',')}`;
