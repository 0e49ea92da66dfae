import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';
import { priorityRank, TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority } from '../../tickets/ticket.constants';
import { Condition, Conditions } from '../engine/rule-types';

/** A WHERE clause over `tickets t` and its parameters. */
export interface TicketFilter {
  where: string;
  params: unknown[];
  /** Every condition became SQL: the filter matches exactly what the engine would. */
  exact: boolean;
}

const HOUR = 3_600_000;
/** The column each time measure counts from (fallbacks as in engine/fields.ts). */
const TIME_COLUMNS: Record<string, string> = {
  hoursSinceCreated: 't.created_at',
  hoursSinceUpdated: 't.updated_at',
  hoursSinceStatusChanged: 'coalesce(t.status_changed_at, t.updated_at)',
  hoursSinceRequesterReplied: 'coalesce(t.customer_replied_at, t.created_at)',
};
const ID_COLUMNS: Record<string, string> = {
  groupId: 't.group_id',
  assigneeId: 't.assignee_id',
  requesterId: 't.requester_id',
  mailboxId: 't.mailbox_id',
  organizationId: 't.organization_id',
  formId: 't.form_id',
};

/**
 * The SQL for one condition, or null when only the engine can decide it (text, tags,
 * custom fields): then the filter is a superset and the engine judges each candidate.
 * Parameters are appended to `params`.
 */
function conditionSql(c: Condition, now: Date, params: unknown[]): string | null {
  const p = (v: unknown) => `$${params.push(v)}`;
  const v = c.value;
  if (c.field === 'status' && typeof v === 'string') {
    const i = TICKET_STATUSES.indexOf(v as never);
    if (c.operator === 'is') return `t.status = ${p(v)}`;
    if (c.operator === 'is_not') return `t.status <> ${p(v)}`;
    if (c.operator === 'less_than') return `t.status = ANY(${p(TICKET_STATUSES.slice(0, i))}::text[])`;
    if (c.operator === 'greater_than') return `t.status = ANY(${p(TICKET_STATUSES.slice(i + 1))}::text[])`;
  }
  if (c.field === 'priority' && TICKET_PRIORITIES.includes(v as TicketPriority)) {
    const op = { is: '=', is_not: '<>', less_than: '<', greater_than: '>' }[c.operator as string];
    if (op) return `t.priority ${op} ${p(priorityRank(v as TicketPriority))}`;
  }
  const column = ID_COLUMNS[c.field];
  if (column && (c.operator === 'is' || c.operator === 'is_not')) {
    if (v === null) return `${column} IS ${c.operator === 'is' ? '' : 'NOT '}NULL`;
    return c.operator === 'is' ? `${column} = ${p(v)}` : `${column} IS DISTINCT FROM ${p(v)}`;
  }
  if (c.field === 'channel' && (c.operator === 'is' || c.operator === 'is_not'))
    return `t.channel ${c.operator === 'is' ? '=' : '<>'} ${p(v)}`;
  const time = TIME_COLUMNS[c.field];
  if (time && typeof v === 'number') {
    // hours since > h  ⇔  the moment < now − h
    const cutoff = new Date(now.getTime() - v * HOUR);
    if (c.operator === 'greater_than') return `${time} < ${p(cutoff)}`;
    if (c.operator === 'less_than') return `${time} > ${p(cutoff)}`;
  }
  return null;
}

/** The candidates of an automation's conditions as SQL (closed tickets never match: they are final). */
export function ticketFilter(conditions: Conditions, now: Date, params: unknown[] = []): TicketFilter {
  const parts = [`t.status <> 'closed'`];
  let exact = true;
  for (const c of conditions.all ?? []) {
    const sql = conditionSql(c, now, params);
    if (sql) parts.push(sql);
    else exact = false;
  }
  const any = conditions.any ?? [];
  if (any.length) {
    const sqls = any.map((c) => conditionSql(c, now, params));
    if (sqls.every((s) => s !== null)) parts.push(`(${sqls.join(' OR ')})`);
    else exact = false;
  }
  return { where: parts.join(' AND '), params, exact };
}

/**
 * What automations need from the database: their candidate tickets (conditions compiled to
 * SQL where they can be, so a pass over a million tickets reads the matching few), and the
 * windows (`automation_matches`): a ticket an automation acted on, while it still matches.
 */
@Injectable()
export class AutomationsRepository {
  constructor(private readonly sql: Sql) {}

  /** Ids of candidates not yet acted on in their current window, after `afterId`, in id order. */
  async candidates(
    ruleId: number,
    conditions: Conditions,
    now: Date,
    afterId: number,
    limit: number,
  ): Promise<number[]> {
    const f = ticketFilter(conditions, now, [ruleId, afterId, limit]);
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT t.id FROM tickets t
        WHERE ${f.where} AND t.id > $2
          AND NOT EXISTS (SELECT 1 FROM automation_matches m WHERE m.rule_id = $1 AND m.ticket_id = t.id)
        ORDER BY t.id LIMIT $3`,
      f.params,
    );
    return rows.map((r) => r.id);
  }

  /** Records the windows of these tickets; returns those newly recorded (the others were acted on already). */
  async recordMatches(tx: Tx, ruleId: number, ticketIds: number[]): Promise<number[]> {
    const rows = await this.sql.rows<{ ticket_id: number }>(
      `INSERT INTO automation_matches (rule_id, ticket_id) SELECT $1, unnest($2::bigint[])
       ON CONFLICT DO NOTHING RETURNING ticket_id`,
      [ruleId, ticketIds],
      tx,
    );
    return rows.map((r) => r.ticket_id);
  }

  /**
   * Ends the windows of tickets that no longer match (so they can fire again when they
   * match anew): those outside the SQL filter at once; `stillMatching` judges the rest
   * when the filter is not exact. Returns how many windows ended.
   */
  async endWindows(ruleId: number, conditions: Conditions, now: Date): Promise<number> {
    const f = ticketFilter(conditions, now, [ruleId]);
    return this.sql.execute(
      `DELETE FROM automation_matches m WHERE m.rule_id = $1
          AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = m.ticket_id AND ${f.where})`,
      f.params,
    );
  }

  /** Recorded windows after `afterId` (to judge with the engine when SQL alone cannot). */
  async windows(ruleId: number, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.sql.rows<{ ticket_id: number }>(
      `SELECT ticket_id FROM automation_matches WHERE rule_id = $1 AND ticket_id > $2 ORDER BY ticket_id LIMIT $3`,
      [ruleId, afterId, limit],
    );
    return rows.map((r) => r.ticket_id);
  }

  async forget(ruleId: number, ticketIds: number[]): Promise<void> {
    await this.sql.execute(`DELETE FROM automation_matches WHERE rule_id = $1 AND ticket_id = ANY($2::bigint[])`, [
      ruleId,
      ticketIds,
    ]);
  }

  /**
   * Takes or renews the lease `name` for `holder` for `seconds`; false while another holder's
   * lease runs. One worker replica holds it; if it dies, another takes over when it expires.
   */
  async lease(name: string, holder: string, seconds: number): Promise<boolean> {
    const row = await this.sql.row(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = $2, expires_at = now() + make_interval(secs => $3)
        WHERE leases.holder = $2 OR leases.expires_at < now()
       RETURNING name`,
      [name, holder, seconds],
    );
    return !!row;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.sql.execute(`DELETE FROM leases WHERE name = $1 AND holder = $2`, [name, holder]);
  }
}
