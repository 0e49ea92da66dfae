import { Injectable } from '@nestjs/common';
import { userReachesSql } from '../../common/ticket-scope';
import { Sql } from '../../database/sql';
import type { FieldValues } from '../../custom-fields/field-types';
import { Tx } from '../../database/transactions';
import { TicketQueries } from '../../tickets/ticket-queries.service';
import { priorityName, TicketChannel, TicketStatus } from '../../tickets/ticket.constants';
import { TicketState } from '../engine/rule-types';

interface TicketStateRow {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: number;
  requester_id: number;
  requester_email: string;
  requester_name: string;
  assignee_id: number | null;
  group_id: number | null;
  mailbox_id: number | null;
  channel: TicketChannel;
  tags: string[];
  organization_id: number | null;
  form_id: number | null;
  created_at: Date;
  updated_at: Date;
  status_changed_at: Date | null;
  customer_replied_at: Date | null;
  has_fields: boolean;
}

const STATE = `SELECT t.id, t.number, t.subject, t.status, t.priority, t.requester_id, c.email AS requester_email,
       c.name AS requester_name, t.assignee_id, t.group_id, t.mailbox_id, t.channel, t.tags, t.organization_id, t.form_id,
       t.created_at, t.updated_at,
       t.status_changed_at, t.customer_replied_at,
       EXISTS (SELECT 1 FROM ticket_field_values v WHERE v.ticket_id = t.id) AS has_fields
  FROM tickets t JOIN customers c ON c.id = t.requester_id`;

const toState = (r: TicketStateRow, fields: FieldValues = {}): TicketState => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: priorityName(r.priority),
  requesterId: r.requester_id,
  requesterEmail: r.requester_email,
  requesterName: r.requester_name,
  assigneeId: r.assignee_id,
  groupId: r.group_id,
  mailboxId: r.mailbox_id,
  channel: r.channel,
  tags: r.tags,
  organizationId: r.organization_id,
  formId: r.form_id,
  fields,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  statusChangedAt: r.status_changed_at,
  customerRepliedAt: r.customer_replied_at,
});

/**
 * What rules read about tickets and their surroundings (reads only: changes go through
 * the ticket domain service): a ticket as rules see it (its custom field values read
 * through the ticket queries, in the API's spelling), the names placeholders need, the
 * records actions refer to, and the rule changes the loop cap counts.
 */
@Injectable()
export class RuleContextRepository {
  constructor(
    private readonly sql: Sql,
    private readonly queries: TicketQueries,
  ) {}

  /** Rows as rules see them, with their custom field values (one read for all that have any). */
  private async states(rows: TicketStateRow[], tx?: Tx): Promise<TicketState[]> {
    // Most tickets (all new mail) have no field values: they cost no second statement.
    const values = await this.queries.fieldValues(
      rows.filter((r) => r.has_fields).map((r) => r.id),
      tx,
    );
    return rows.map((r) => toState(r, values.get(r.id)));
  }

  /** The ticket, locked until the transaction ends (every change of it serialises on this row). */
  async lock(tx: Tx, id: number): Promise<TicketState | undefined> {
    const row = await this.sql.row<TicketStateRow>(`${STATE} WHERE t.id = $1 FOR UPDATE OF t`, [id], tx);
    return row && (await this.states([row], tx))[0];
  }

  /** Tickets as rules see them, locked in id order (an automation's batch). */
  async lockMany(tx: Tx, ids: number[]): Promise<TicketState[]> {
    const rows = await this.sql.rows<TicketStateRow>(
      `${STATE} WHERE t.id = ANY($1::bigint[]) ORDER BY t.id FOR UPDATE OF t`,
      [ids],
      tx,
    );
    return this.states(rows, tx);
  }

  /** Tickets as rules see them, unlocked (an automation's candidates, a test, a dry run). */
  async many(ids: number[], tx?: Tx): Promise<TicketState[]> {
    const rows = await this.sql.rows<TicketStateRow>(
      `${STATE} WHERE t.id = ANY($1::bigint[]) ORDER BY t.id`,
      [ids],
      tx,
    );
    return this.states(rows, tx);
  }

  async byNumber(number: number): Promise<TicketState | undefined> {
    const row = await this.sql.row<TicketStateRow>(`${STATE} WHERE t.number = $1`, [number]);
    return row && (await this.states([row]))[0];
  }

  async messageText(id: number, tx?: Tx): Promise<string | null> {
    return (
      (await this.sql.row<{ body_text: string }>(`SELECT body_text FROM messages WHERE id = $1`, [id], tx))
        ?.body_text ?? null
    );
  }

  /** The names placeholders show. */
  async names(
    tx: Tx | undefined,
    ids: { assigneeId: number | null; groupId: number | null; agentId: number | null },
  ): Promise<{ assignee: string | null; group: string | null; agent: string | null }> {
    const row = await this.sql.row<{ assignee: string | null; group: string | null; agent: string | null }>(
      `SELECT (SELECT name FROM users WHERE id = $1) AS assignee, (SELECT name FROM groups WHERE id = $2) AS "group",
              (SELECT name FROM users WHERE id = $3) AS agent`,
      [ids.assigneeId, ids.groupId, ids.agentId],
      tx,
    );
    return row!;
  }

  /** Addresses of a user (when active) or of every active agent of a group. */
  async userAddress(tx: Tx, userId: number): Promise<string | null> {
    return (
      (await this.sql.row<{ email: string }>(`SELECT email FROM users WHERE id = $1 AND active`, [userId], tx))
        ?.email ?? null
    );
  }

  async groupAddresses(tx: Tx, groupId: number): Promise<string[]> {
    const rows = await this.sql.rows<{ email: string }>(
      `SELECT u.email FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND u.active ORDER BY u.id`,
      [groupId],
      tx,
    );
    return rows.map((r) => r.email);
  }

  /**
   * Which of these addresses belong to agents whose ticket scope does not reach the ticket
   * (lower-cased): a rule's mail never tells an agent about a ticket they may not read.
   */
  async agentsOutOfReach(tx: Tx, ticketId: number, addresses: string[]): Promise<Set<string>> {
    if (!addresses.length) return new Set();
    const rows = await this.sql.rows<{ email: string }>(
      `SELECT u.email FROM users u JOIN tickets t ON t.id = $2
        WHERE u.email = ANY($1::text[]) AND NOT ${userReachesSql('u', 't')}`,
      [addresses.map((a) => a.toLowerCase()), ticketId],
      tx,
    );
    return new Set(rows.map((r) => r.email));
  }

  /** Which of the given ids do not name an existing group, an active user, a webhook. */
  async missing(refs: { groups: number[]; users: number[]; webhooks: number[] }): Promise<{
    groups: number[];
    users: number[];
    webhooks: number[];
  }> {
    const row = await this.sql.row<{ groups: number[]; users: number[]; webhooks: number[] }>(
      `SELECT array(SELECT x FROM unnest($1::bigint[]) x WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = x)) AS groups,
              array(SELECT x FROM unnest($2::bigint[]) x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x AND u.active)) AS users,
              array(SELECT x FROM unnest($3::bigint[]) x WHERE NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = x)) AS webhooks`,
      [refs.groups, refs.users, refs.webhooks],
    );
    return row!;
  }

  /** Audit rows rules wrote on a ticket since `since`, and whether one of them is the loop cap's pause. */
  async ruleActivity(tx: Tx, ticketId: number, since: Date): Promise<{ changes: number; paused: boolean }> {
    const row = await this.sql.row<{ changes: number; paused: boolean }>(
      `SELECT count(*) FILTER (WHERE action <> 'rules_paused')::int AS changes, bool_or(action = 'rules_paused') AS paused
         FROM ticket_events WHERE ticket_id = $1 AND actor_rule_id IS NOT NULL AND created_at > $2`,
      [ticketId, since],
      tx,
    );
    return { changes: row?.changes ?? 0, paused: row?.paused ?? false };
  }
}
