import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import type { FieldFilter } from '../custom-fields/field-filters';
import { parseTicketSearch, SearchTerms, searchConditions } from './ticket-search';
import { ListTicketsQuery, TicketSort } from './tickets.dto';
import { priorityRank, TICKET_STATUSES, TicketStatus } from './ticket.constants';

/** Columns a list row needs; never the search vector, which is the bulk of a row. */
export const TICKET_COLUMNS = `t.id, t.number, t.subject, t.status, t.priority, t.requester_id, t.assignee_id, t.group_id,
  t.tags, t.message_count, t.created_at, t.updated_at, t.first_response_at, t.solved_at, t.closed_at, t.mailbox_id,
  t.organization_id, t.form_id, t.merged_into_id, t.channel,
  t.preview, t.last_actor, t.last_message_at, t.activity_at, t.activity_user_id, t.automatic, t.spam_at`;

/**
 * Whether the ticket `alias` is unread for agent `me` (an SQL parameter), from
 * `ticket_reads` joined as `reads` on (me, ticket): the agent never opened it (or marked
 * it unread), or its last change was made by someone else (a customer, the system,
 * another agent) after they last opened it. One primary-key lookup per row.
 */
export const unreadSql = (alias: string, me: string) =>
  `(reads.read_at IS NULL OR (${alias}.activity_user_id IS DISTINCT FROM ${me} AND ${alias}.activity_at > reads.read_at)) AS unread,
   reads.read_at`;
export const readsJoin = (alias: string, me: string) =>
  `LEFT JOIN ticket_reads reads ON reads.user_id = ${me} AND reads.ticket_id = ${alias}.id`;

/**
 * Whether agent `me` has a draft on the ticket `alias` (`has_draft`), from `drafts` joined
 * as `draft` on (ticket, me): one primary-key lookup per row, like the read marker.
 */
export const hasDraftSql = () => `draft.ticket_id IS NOT NULL AS has_draft`;
export const draftsJoin = (alias: string, me: string) =>
  `LEFT JOIN drafts draft ON draft.ticket_id = ${alias}.id AND draft.user_id = ${me}`;

/**
 * What a person typed, as a prefix-matching tsquery built by PostgreSQL's own parser,
 * so an email address or a word with an apostrophe splits exactly as it did when
 * indexed. Yields NULL when nothing searchable is left.
 */
export const TSQUERY_SQL = `SELECT string_agg(quote_literal(l) || CASE WHEN length(l) >= 3 THEN ':*' ELSE '' END, ' & ') AS q
  FROM unnest(tsvector_to_array(to_tsvector('simple', $1))) AS l`;

/**
 * The counters plus the deltas the worker has not folded in yet (see the
 * TicketCountDeltas migration): one row per (status, assignee, group), where 0 stands
 * for none. Small (statuses × assignees × groups), whatever the number of tickets.
 */
export const COUNTERS_SQL = `SELECT status, assignee_key, group_key, automatic, count FROM ticket_counts
  UNION ALL SELECT status, assignee_key, group_key, automatic, delta FROM ticket_count_deltas`;

/**
 * A scope as a condition on counter rows: a counter row is one (status, assignee,
 * group), so the tickets it counts are all in a scope or all out of it, and summing the
 * rows in scope is exact. Null for `all`.
 */
export function counterScopeSql(scope: TicketScope, param: (v: unknown) => string): string | null {
  if (scope.kind === 'all') return null;
  const me = `assignee_key = ${param(scope.userId)}`;
  if (scope.kind === 'assigned' || !scope.groupIds.length) return me;
  return `(group_key = ANY(${param(scope.groupIds)}::bigint[]) OR ${me})`;
}

/**
 * The inbox sidebar's numbers for `me` within `scope`, per status: all, mine, and of people's
 * tickets (not automatic mail) all and unassigned, and automatic mail. Deleted tickets are not counted.
 */
export function ticketCountsQuery(me: number, scope: TicketScope): { text: string; values: unknown[] } {
  const values: unknown[] = [me];
  const inScope = counterScopeSql(scope, (v) => `$${values.push(v)}`);
  const text = `SELECT status, sum(count)::bigint AS total,
    coalesce(sum(count) FILTER (WHERE assignee_key = $1), 0)::bigint AS mine,
    coalesce(sum(count) FILTER (WHERE NOT automatic), 0)::bigint AS human,
    coalesce(sum(count) FILTER (WHERE assignee_key = 0 AND NOT automatic), 0)::bigint AS unassigned,
    coalesce(sum(count) FILTER (WHERE automatic), 0)::bigint AS automatic
  FROM (${COUNTERS_SQL}) c${inScope ? ` WHERE ${inScope}` : ''}
  GROUP BY status`;
  return { text, values };
}

const SORT_KEYS: Record<TicketSort, string[]> = {
  updatedAt: ['updated_at', 'id'],
  createdAt: ['created_at', 'id'],
  priority: ['priority', 'updated_at', 'id'],
  // Numbers are unique: the number alone is a complete keyset.
  number: ['number'],
  status: ['status', 'updated_at', 'id'],
};

/**
 * Status as a sort key ranks by how much a ticket still needs someone, so a descending
 * sort (the default) reads new, open, pending, on hold, solved, closed, like priority
 * reads urgent first. Cursors carry the status name; SQL compares its rank.
 */
const STATUS_SORT_ORDER: readonly TicketStatus[] = ['closed', 'solved', 'on_hold', 'pending', 'open', 'new'];
const statusRank = (s: TicketStatus) => STATUS_SORT_ORDER.indexOf(s) + 1;
const statusRankSql = (alias: string) =>
  `array_position(ARRAY[${STATUS_SORT_ORDER.map((x) => `'${x}'`).join(', ')}]::text[], ${alias}.status)`;
/** A sort key as an SQL expression over a row alias. */
const sortExpr = (key: string, alias: string) => (key === 'status' ? statusRankSql(alias) : `${alias}.${key}`);

export interface TicketListSql {
  text: string;
  values: unknown[];
  limit: number;
  sortKeys: string[];
}

/**
 * Builds the SQL for one page of tickets.
 *
 * Every filter is an equality on an indexed column and the page is a keyset range
 * `(sort..., id) < cursor`, so PostgreSQL walks an index in order and stops after
 * `limit` rows. A list of several statuses becomes one such walk per status, merged
 * (UNION ALL of per-status top-N): a plain `status IN (...)` would have to sort the
 * whole matching set instead, which is what makes other help desks slow at scale.
 */
/**
 * How a search finds its newest matches. Neither plan wins everywhere: walking the
 * newest tickets and testing each is instant for a common term and a full-table walk
 * for a rare one; the GIN index is instant for a rare term and must fetch and sort
 * every match of a common one. So a search first tries the walk over a bounded window
 * of the newest tickets (`window`), and only if that window holds too few matches asks
 * the GIN index (`index`).
 */
export type SearchPlan = 'window' | 'index';
export const SEARCH_WINDOW = 5000;

/** A list's filters as the SQL takes them: the query, its `field.<key>` filters resolved to fields (`parseFieldFilter`). */
export type TicketListFilters = ListTicketsQuery & { fieldFilters?: FieldFilter[] };

/** What a field filter asks of a value row `v`. */
function fieldTest(f: FieldFilter, param: (v: unknown) => string): string {
  switch (f.kind) {
    case 'text':
      return f.values.length === 1
        ? `v.text_value = ${param(f.values[0])}`
        : `v.text_value = ANY(${param(f.values)}::text[])`;
    case 'range': {
      const type = f.column === 'date_value' ? 'date' : 'numeric';
      const tests: string[] = [];
      if (f.min !== null) tests.push(`v.${f.column} >= ${param(f.min)}::${type}`);
      if (f.max !== null) tests.push(`v.${f.column} <= ${param(f.max)}::${type}`);
      return tests.join(' AND ');
    }
    case 'checkbox':
      return 'v.bool_value';
  }
}

/**
 * A field filter as a test of each ticket `t` an index walk reaches: one probe of the
 * covering (ticket, field) index. A scalar subquery, so PostgreSQL keeps it a probe
 * (its estimates of a range within one field are poor: it would rather hash every value).
 */
function fieldProbe(f: FieldFilter, param: (v: unknown) => string): string {
  const probe = `(SELECT true FROM ticket_field_values v WHERE v.ticket_id = t.id AND v.field_id = ${param(f.fieldId)} AND ${fieldTest(f, param)} LIMIT 1)`;
  return f.kind === 'checkbox' && !f.checked ? `${probe} IS NULL` : probe;
}

/** Whether a field filter can list its tickets from a (field, value) index (an unchecked box cannot). */
export const indexableFilter = (f: FieldFilter) => f.kind !== 'checkbox' || f.checked;

/** The ids of the tickets a field filter matches, from its (field, value) index. */
function fieldMatches(f: FieldFilter, param: (v: unknown) => string): string {
  return `SELECT v.ticket_id FROM ticket_field_values v WHERE v.field_id = ${param(f.fieldId)} AND ${fieldTest(f, param)}`;
}

/**
 * How many tickets each indexable field filter matches, counted up to FIELD_DRIVER_CAP
 * (index-only, ~1 ms): the page then starts from the rarest one when it is under the cap.
 */
export const FIELD_DRIVER_CAP = 5000;
export function fieldCountsSql(filters: FieldFilter[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const counts = filters.map(
    (f) => `(SELECT count(*)::int FROM (${fieldMatches(f, param)} LIMIT ${FIELD_DRIVER_CAP}) x)`,
  );
  return { text: `SELECT ARRAY[${counts.join(', ')}] AS counts`, values };
}

/**
 * A list query with its search box text split into terms (`ticket-search.ts`): `q`
 * keeps only the free text, a `status:` qualifier replaces the status filter, and
 * `search` holds the rest for `filterConditions`.
 */
export type ResolvedTicketsQuery = TicketListFilters & { search?: SearchTerms };

export function resolveSearch(q: TicketListFilters): ResolvedTicketsQuery {
  if (!q.q) return q;
  const search = parseTicketSearch(q.q);
  return { ...q, q: search.text || undefined, status: search.statuses ?? q.status, search };
}

/**
 * The conditions of a list's filters on `t` (not status, search terms' full text or cursor), deleted tickets
 * always left out; `param` numbers the values.
 */
export function filterConditions(q: ResolvedTicketsQuery, me: number, param: (v: unknown) => string): string[] {
  // Deleted tickets are in no list, count or search (admins see them at GET /tickets/deleted).
  const where: string[] = ['t.deleted_at IS NULL', ...(q.search ? searchConditions(q.search, me, param) : [])];
  if (q.automatic !== undefined) where.push(q.automatic === 'true' ? 't.automatic' : 'NOT t.automatic');
  if (q.priority?.length) where.push(`t.priority = ANY(${param(q.priority.map(priorityRank))}::smallint[])`);
  if (q.assigneeId === 'none') where.push('t.assignee_id IS NULL');
  else if (q.assigneeId !== undefined)
    where.push(`t.assignee_id = ${param(q.assigneeId === 'me' ? me : Number(q.assigneeId))}`);
  if (q.groupId === 'none') where.push('t.group_id IS NULL');
  else if (q.groupId !== undefined) where.push(`t.group_id = ${param(Number(q.groupId))}`);
  if (q.requesterId !== undefined) where.push(`t.requester_id = ${param(q.requesterId)}`);
  if (q.tag) where.push(`t.tags @> ARRAY[${param(q.tag)}]::text[]`);
  if (q.number !== undefined) where.push(`t.number = ${param(q.number)}`);
  if (q.organizationId !== undefined) where.push(`t.organization_id = ${param(q.organizationId)}`);
  if (q.followedBy !== undefined)
    where.push(
      `EXISTS (SELECT 1 FROM ticket_user_followers f WHERE f.ticket_id = t.id AND f.user_id = ${param(q.followedBy === 'me' ? me : Number(q.followedBy))})`,
    );
  for (const f of q.fieldFilters ?? []) where.push(fieldProbe(f, param));
  return where;
}

/**
 * A scope split into parts that each walk one index in list order, so a scoped inbox
 * stays a set of keyset walks (`groups`: one walk per group on `(group_id, status,
 * updated_at, id)`, plus the agent's own tickets outside those groups on `(assignee_id,
 * status, updated_at, id)`; the parts do not overlap, so nothing is listed twice).
 * Null when the scope adds no condition: `all`, or the list's own filters already keep
 * within it (`assigneeId=me`, one of the agent's groups). An empty array: nothing of
 * what the filters ask for is in scope.
 */
export function scopeParts(
  scope: TicketScope,
  q: Pick<ListTicketsQuery, 'assigneeId' | 'groupId'>,
  param: (v: unknown) => string,
): string[][] | null {
  if (scope.kind === 'all') return null;
  const assignee = q.assigneeId === 'me' ? scope.userId : q.assigneeId === undefined ? undefined : q.assigneeId;
  if (assignee !== undefined && Number(assignee) === scope.userId) return null;
  // Assigned to nobody or to someone else: only the agent's groups can hold such tickets.
  const mine = assignee === undefined ? [`t.assignee_id = ${param(scope.userId)}`] : null;
  const groups = scope.kind === 'groups' ? scope.groupIds : [];
  const group = q.groupId === undefined ? undefined : q.groupId === 'none' ? null : Number(q.groupId);
  if (group !== undefined && group !== null && groups.includes(group)) return null;
  if (group !== undefined) return mine ? [mine] : []; // a group not theirs (or none): only their own tickets
  const parts = groups.map((g) => [`t.group_id = ${param(g)}`]);
  if (mine) {
    if (groups.length) mine.push(`(t.group_id IS NULL OR NOT t.group_id = ANY(${param([...groups])}::bigint[]))`);
    parts.push(mine);
  }
  return parts;
}

export function buildTicketListSql(
  q: ResolvedTicketsQuery,
  me: number,
  scope: TicketScope,
  tsquery: string | null,
  plan: SearchPlan = 'index',
  driver: FieldFilter | null = null,
): TicketListSql {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const limit = q.limit ?? 50;
  const sortKeys = SORT_KEYS[q.sort ?? 'updatedAt'];
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = q.order === 'asc' ? '>' : '<';

  const where = filterConditions(
    driver ? { ...q, fieldFilters: q.fieldFilters?.filter((f) => f !== driver) } : q,
    me,
    param,
  );
  const match =
    tsquery !== null
      ? `t.search_vector @@ ${param(tsquery)}::tsquery`
      : driver
        ? `t.id IN (${fieldMatches(driver, param)})`
        : null;
  // A search (or a rare field value) leaves the scope to the planner as one condition: its window,
  // its GIN plan or its few ids are bounded already.
  const parts = match === null ? scopeParts(scope, q, param) : null;
  if (match !== null) {
    const inScope = scopeSql(scope, 't', param);
    if (inScope) where.push(inScope);
  }
  const cursor = q.cursor ? decodeCursor(q.cursor, sortKeys.length).map((v, i) => cursorValue(sortKeys[i], v)) : null;
  const statuses = [...new Set(q.status ?? [])] as TicketStatus[];
  // Sorted by status without a search: one index walk per status, each with its own part of the cursor (below).
  const walksPerStatus = q.sort === 'status' && match === null;
  if (cursor && !walksPerStatus) {
    const bound = cursor.map((v, i) =>
      sortKeys[i] === 'status'
        ? `${param(statusRank(v as TicketStatus))}::int`
        : `${param(v)}::${sqlType(sortKeys[i])}`,
    );
    where.push(`(${sortKeys.map((k) => sortExpr(k, 't')).join(', ')}) ${cmp} (${bound.join(', ')})`);
  }

  const orderBy = sortKeys.map((k) => `${k} ${dir}`).join(', ');
  const order = sortKeys.map((k) => `${sortExpr(k, 't')} ${dir}`).join(', ');
  const conditions = (extra: string[]) => {
    const all = [...where, ...extra];
    return all.length ? ` WHERE ${all.join(' AND ')}` : '';
  };
  const select = (extra: string[]) =>
    `SELECT ${TICKET_COLUMNS} FROM tickets t${conditions(extra)} ORDER BY ${order} LIMIT ${limit + 1}`;
  // A function, so its parameters are only numbered when a plan uses it.
  const statusFilter = () =>
    statuses.length === 1
      ? [`t.status = ${param(statuses[0])}`]
      : statuses.length > 1
        ? [`t.status = ANY(${param(statuses)}::text[])`]
        : [];

  let page: string;
  if (parts !== null && !parts.length) {
    page = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE false`;
  } else if (walksPerStatus) {
    page = statusWalks();
  } else if (parts !== null) {
    // One walk per status and part of the scope, merged: each walk stays on one index in list order.
    const walks = (statuses.length ? statuses : TICKET_STATUSES).flatMap((st) =>
      parts.map((part) => `(${select([`t.status = ${param(st)}`, ...part])})`),
    );
    // Wrapped: a single walk in parentheses followed by an ORDER BY is "multiple ORDER BY clauses".
    page = `SELECT * FROM (${walks.join(' UNION ALL ')}) walks ORDER BY ${orderBy} LIMIT ${limit + 1}`;
  } else if (match !== null && plan === 'window') {
    page = `SELECT ${TICKET_COLUMNS} FROM (SELECT * FROM tickets t${conditions(statusFilter())} ORDER BY ${order} LIMIT ${SEARCH_WINDOW}) t
      WHERE ${match} ORDER BY ${order} LIMIT ${limit + 1}`;
  } else if (match !== null) {
    page = `WITH matches AS MATERIALIZED (SELECT ${TICKET_COLUMNS} FROM tickets t${conditions([...statusFilter(), match])})
      SELECT * FROM matches t ORDER BY ${order} LIMIT ${limit + 1}`;
  } else if (statuses.length > 1) {
    page =
      statuses.map((s) => `(${select([`t.status = ${param(s)}`])})`).join(' UNION ALL ') +
      ` ORDER BY ${orderBy} LIMIT ${limit + 1}`;
  } else {
    page = select(statusFilter());
  }

  const agent = param(me);
  const text = `WITH page AS (${page})
    SELECT page.*, c.email AS requester_email, c.name AS requester_name, ${unreadSql('page', agent)}, ${hasDraftSql()}
      FROM page JOIN customers c ON c.id = page.requester_id ${readsJoin('page', agent)} ${draftsJoin('page', agent)}
     ORDER BY ${sortKeys.map((k) => `${sortExpr(k, 'page')} ${dir}`).join(', ')}`;
  return { text, values, limit, sortKeys };

  /**
   * Status order over the (status, updated_at, id) index: a walk per status with the
   * rank as a constant, merged by rank. A walk for a status the cursor has passed is
   * left out; the cursor's own status resumes after its (updated_at, id).
   */
  function statusWalks() {
    const after = cursor && statusRank(cursor[0] as TicketStatus);
    const walks = (statuses.length ? statuses : [...TICKET_STATUSES]).flatMap((s) => {
      const rank = statusRank(s);
      if (after !== null && (dir === 'DESC' ? rank > after : rank < after)) return [];
      const own = [`t.status = ${param(s)}`];
      if (after === rank)
        own.push(`(t.updated_at, t.id) ${cmp} (${param(cursor![1])}::timestamptz, ${param(cursor![2])}::bigint)`);
      return (parts ?? [[]]).map(
        (part) =>
          `(SELECT ${TICKET_COLUMNS}, ${rank} AS status_rank FROM tickets t${conditions([...own, ...part])} ORDER BY t.updated_at ${dir}, t.id ${dir} LIMIT ${limit + 1})`,
      );
    });
    if (!walks.length) return `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE false`;
    return `SELECT * FROM (${walks.join(' UNION ALL ')}) walks ORDER BY status_rank ${dir}, updated_at ${dir}, id ${dir} LIMIT ${limit + 1}`;
  }
}

export function nextCursorFor(rows: object[], limit: number, sortKeys: string[]): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1] as Record<string, unknown>;
  return encodeCursor(sortKeys.map((k) => (last[k] instanceof Date ? (last[k] as Date).toISOString() : last[k])));
}

function sqlType(key: string) {
  return key === 'id' || key === 'number' ? 'bigint' : key === 'priority' ? 'smallint' : 'timestamptz';
}

function cursorValue(key: string, v: unknown) {
  const ok =
    key === 'status'
      ? (TICKET_STATUSES as readonly unknown[]).includes(v)
      : sqlType(key) === 'timestamptz'
        ? typeof v === 'string' && !Number.isNaN(Date.parse(v))
        : Number.isInteger(v);
  if (!ok) throw new DomainError('invalid', 'cursor is not valid for this list', { cursor: ['invalid cursor'] });
  return v;
}

/** Runs one statement: the app's `Sql`, or the benchmark's bare pg client. */
type Query<R> = (text: string, values: unknown[]) => Promise<R[]>;

/**
 * Custom field filters without a search: the rarest indexable one (under
 * FIELD_DRIVER_CAP tickets) drives the page from its (field, value) index, its few
 * tickets sorted; otherwise the usual index walk tests each ticket (a common value is
 * met within a few hundred). Null: the walk.
 */
async function fieldDriver<R>(query: Query<R>, q: TicketListFilters): Promise<FieldFilter | null> {
  const candidates = (q.fieldFilters ?? []).filter(indexableFilter);
  if (!candidates.length) return null;
  const sql = fieldCountsSql(candidates);
  const [row] = (await query(sql.text, sql.values)) as { counts: number[] }[];
  const least = Math.min(...row.counts);
  return least < FIELD_DRIVER_CAP ? candidates[row.counts.indexOf(least)] : null;
}

/**
 * One page of tickets, all statements included: the search text to a tsquery, then the
 * newest-window plan, then the index plan when the window held too few matches; with
 * field filters and no search, the plan `fieldDriver` picks. The API and the
 * benchmark's raw-SQL baseline both run exactly this.
 */
export async function queryTicketPage<R>(query: Query<R>, asked: TicketListFilters, me: number, scope: TicketScope) {
  const q = resolveSearch(asked);
  let tsquery: string | null = null;
  if (q.q) {
    const [row] = (await query(TSQUERY_SQL, [q.q])) as { q: string | null }[];
    tsquery = row?.q ?? null;
    if (tsquery === null) return { rows: [] as R[], limit: q.limit ?? 50, sortKeys: [] as string[] };
  }
  const driver = tsquery === null ? await fieldDriver(query, q) : null;
  let sql = buildTicketListSql(q, me, scope, tsquery, driver ? 'index' : 'window', driver);
  let rows = await query(sql.text, sql.values);
  if (tsquery !== null && rows.length <= sql.limit) {
    // Too few matches among the newest tickets: a rarer term, which the GIN index finds fast.
    sql = buildTicketListSql(q, me, scope, tsquery, 'index');
    rows = await query(sql.text, sql.values);
  }
  return { rows, limit: sql.limit, sortKeys: sql.sortKeys };
}
