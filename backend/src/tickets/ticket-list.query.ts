import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { ListTicketsQuery, TicketSort } from './tickets.dto';
import { priorityRank, TicketStatus } from './ticket.entity';

/** Columns a list row needs; never the search vector, which is the bulk of a row. */
export const TICKET_COLUMNS = `t.id, t.number, t.subject, t.status, t.priority, t.requester_id, t.assignee_id, t.group_id,
  t.tags, t.message_count, t.created_at, t.updated_at, t.first_response_at, t.solved_at, t.closed_at, t.mailbox_id`;

/**
 * What a person typed, as a prefix-matching tsquery built by PostgreSQL's own parser,
 * so an email address or a word with an apostrophe splits exactly as it did when
 * indexed. Yields NULL when nothing searchable is left.
 */
export const TSQUERY_SQL = `SELECT string_agg(quote_literal(l) || CASE WHEN length(l) >= 3 THEN ':*' ELSE '' END, ' & ') AS q
  FROM unnest(tsvector_to_array(to_tsvector('simple', $1))) AS l`;

/**
 * The inbox sidebar's numbers ($1 = the agent): the counters plus the deltas the worker
 * has not folded in yet (see the TicketCountDeltas migration).
 */
export const TICKET_COUNTS_SQL = `SELECT status, sum(count)::bigint AS total,
    coalesce(sum(count) FILTER (WHERE assignee_key = $1), 0)::bigint AS mine,
    coalesce(sum(count) FILTER (WHERE assignee_key = 0), 0)::bigint AS unassigned
  FROM (SELECT status, assignee_key, count FROM ticket_counts
        UNION ALL SELECT status, assignee_key, delta FROM ticket_count_deltas) c
  GROUP BY status`;

const SORT_KEYS: Record<TicketSort, string[]> = {
  updatedAt: ['updated_at', 'id'],
  createdAt: ['created_at', 'id'],
  priority: ['priority', 'updated_at', 'id'],
};

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

export function buildTicketListSql(q: ListTicketsQuery, me: number, tsquery: string | null, plan: SearchPlan = 'index'): TicketListSql {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const limit = q.limit ?? 50;
  const sortKeys = SORT_KEYS[q.sort ?? 'updatedAt'];
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = q.order === 'asc' ? '>' : '<';

  const where: string[] = [];
  if (q.priority?.length) where.push(`t.priority = ANY(${param(q.priority.map(priorityRank))}::smallint[])`);
  if (q.assigneeId === 'none') where.push('t.assignee_id IS NULL');
  else if (q.assigneeId !== undefined) where.push(`t.assignee_id = ${param(q.assigneeId === 'me' ? me : Number(q.assigneeId))}`);
  if (q.groupId === 'none') where.push('t.group_id IS NULL');
  else if (q.groupId !== undefined) where.push(`t.group_id = ${param(Number(q.groupId))}`);
  if (q.requesterId !== undefined) where.push(`t.requester_id = ${param(q.requesterId)}`);
  if (q.tag) where.push(`t.tags @> ARRAY[${param(q.tag)}]::text[]`);
  const match = tsquery === null ? null : `t.search_vector @@ ${param(tsquery)}::tsquery`;
  if (q.cursor) {
    const raw = decodeCursor(q.cursor, sortKeys.length);
    const typed = sortKeys.map((k, i) => cursorValue(k, raw[i]));
    where.push(`(${sortKeys.map((k) => `t.${k}`).join(', ')}) ${cmp} (${typed.map((v, i) => `${param(v)}::${sqlType(sortKeys[i])}`).join(', ')})`);
  }

  const orderBy = sortKeys.map((k) => `${k} ${dir}`).join(', ');
  const order = sortKeys.map((k) => `t.${k} ${dir}`).join(', ');
  const statuses = [...new Set(q.status ?? [])] as TicketStatus[];
  const conditions = (extra: string[]) => {
    const all = [...where, ...extra];
    return all.length ? ` WHERE ${all.join(' AND ')}` : '';
  };
  const select = (extra: string[]) => `SELECT ${TICKET_COLUMNS} FROM tickets t${conditions(extra)} ORDER BY ${order} LIMIT ${limit + 1}`;
  // A function, so its parameters are only numbered when a plan uses it.
  const statusFilter = () => (statuses.length === 1 ? [`t.status = ${param(statuses[0])}`] : statuses.length > 1 ? [`t.status = ANY(${param(statuses)}::text[])`] : []);

  let page: string;
  if (match !== null && plan === 'window') {
    page = `SELECT ${TICKET_COLUMNS} FROM (SELECT * FROM tickets t${conditions(statusFilter())} ORDER BY ${order} LIMIT ${SEARCH_WINDOW}) t
      WHERE ${match} ORDER BY ${order} LIMIT ${limit + 1}`;
  } else if (match !== null) {
    page = `WITH matches AS MATERIALIZED (SELECT ${TICKET_COLUMNS} FROM tickets t${conditions([...statusFilter(), match])})
      SELECT * FROM matches t ORDER BY ${order} LIMIT ${limit + 1}`;
  } else if (statuses.length > 1) {
    page = statuses.map((s) => `(${select([`t.status = ${param(s)}`])})`).join(' UNION ALL ') + ` ORDER BY ${orderBy} LIMIT ${limit + 1}`;
  } else {
    page = select(statusFilter());
  }

  const text = `WITH page AS (${page})
    SELECT page.*, c.email AS requester_email, c.name AS requester_name
      FROM page JOIN customers c ON c.id = page.requester_id
     ORDER BY ${sortKeys.map((k) => `page.${k} ${dir}`).join(', ')}`;
  return { text, values, limit, sortKeys };
}

export function nextCursorFor(rows: Record<string, unknown>[], limit: number, sortKeys: string[]): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1];
  return encodeCursor(sortKeys.map((k) => (last[k] instanceof Date ? (last[k] as Date).toISOString() : last[k])));
}

function sqlType(key: string) {
  return key === 'id' ? 'bigint' : key === 'priority' ? 'smallint' : 'timestamptz';
}

function cursorValue(key: string, v: unknown) {
  const ok = sqlType(key) === 'timestamptz' ? typeof v === 'string' && !Number.isNaN(Date.parse(v)) : Number.isInteger(v);
  if (!ok) throw new BadRequestException({ message: 'cursor is not valid for this list', fields: { cursor: ['invalid cursor'] } });
  return v;
}

type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * One page of tickets, all statements included: the search text to a tsquery, then the
 * newest-window plan, then the index plan when the window held too few matches. The API
 * and the benchmark's raw-SQL baseline both run exactly this.
 */
export async function queryTicketPage(query: Query, q: ListTicketsQuery, me: number) {
  let tsquery: string | null = null;
  if (q.q) {
    const [row] = await query(TSQUERY_SQL, [q.q]);
    tsquery = (row?.q as string | null) ?? null;
    if (tsquery === null) return { rows: [], limit: q.limit ?? 50, sortKeys: [] as string[] };
  }
  let sql = buildTicketListSql(q, me, tsquery, 'window');
  let rows = await query(sql.text, sql.values);
  if (tsquery !== null && rows.length <= sql.limit) {
    // Too few matches among the newest tickets: a rarer term, which the GIN index finds fast.
    sql = buildTicketListSql(q, me, tsquery, 'index');
    rows = await query(sql.text, sql.values);
  }
  return { rows, limit: sql.limit, sortKeys: sql.sortKeys };
}
