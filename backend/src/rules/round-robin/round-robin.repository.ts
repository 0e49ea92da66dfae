import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';

export interface RoundRobinRow {
  group_id: number;
  last_user_id: number | null;
  max_open_per_agent: number | null;
}

/** A group member who could take a ticket, with how many new and open tickets they hold. */
export interface CandidateRow {
  id: number;
  open: number;
}

/** Round-robin cursors per group (`round_robin_groups`) and agents' availability (`agent_availability`). */
@Injectable()
export class RoundRobinRepository {
  constructor(private readonly sql: Sql) {}

  /** The group's cursor, locked until the transaction ends: every replica assigning for the group queues here. */
  async lockCursor(tx: Tx, groupId: number): Promise<RoundRobinRow> {
    await this.sql.execute(
      `INSERT INTO round_robin_groups (group_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [groupId],
      tx,
    );
    return (await this.sql.row<RoundRobinRow>(
      `SELECT group_id, last_user_id, max_open_per_agent FROM round_robin_groups WHERE group_id = $1 FOR UPDATE`,
      [groupId],
      tx,
    ))!;
  }

  /** Active members of the group who are not away, by id, with their new and open tickets counted. */
  candidates(tx: Tx, groupId: number): Promise<CandidateRow[]> {
    return this.sql.rows(
      `SELECT u.id, (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status IN ('new', 'open'))::int AS open
         FROM group_members m JOIN users u ON u.id = m.user_id
         LEFT JOIN agent_availability a ON a.user_id = u.id
        WHERE m.group_id = $1 AND u.active AND NOT coalesce(a.away, false)
        ORDER BY u.id`,
      [groupId],
      tx,
    );
  }

  async advance(tx: Tx, groupId: number, userId: number): Promise<void> {
    await this.sql.execute(
      `UPDATE round_robin_groups SET last_user_id = $2, updated_at = now() WHERE group_id = $1`,
      [groupId, userId],
      tx,
    );
  }

  settings(groupId: number): Promise<RoundRobinRow | undefined> {
    return this.sql.row(
      `SELECT group_id, last_user_id, max_open_per_agent FROM round_robin_groups WHERE group_id = $1`,
      [groupId],
    );
  }

  async saveSettings(groupId: number, maxOpenPerAgent: number | null): Promise<RoundRobinRow> {
    return (await this.sql.row<RoundRobinRow>(
      `INSERT INTO round_robin_groups (group_id, max_open_per_agent) VALUES ($1, $2)
       ON CONFLICT (group_id) DO UPDATE SET max_open_per_agent = $2, updated_at = now()
       RETURNING group_id, last_user_id, max_open_per_agent`,
      [groupId, maxOpenPerAgent],
    ))!;
  }

  async groupExists(groupId: number): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM groups WHERE id = $1`, [groupId]));
  }

  availability(): Promise<{ user_id: number; away: boolean }[]> {
    return this.sql.rows(
      `SELECT u.id AS user_id, coalesce(a.away, false) AS away FROM users u LEFT JOIN agent_availability a ON a.user_id = u.id
        WHERE u.active ORDER BY u.id`,
    );
  }

  async setAway(userId: number, away: boolean): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO agent_availability (user_id, away) SELECT id, $2 FROM users WHERE id = $1
       ON CONFLICT (user_id) DO UPDATE SET away = $2, updated_at = now() RETURNING user_id`,
      [userId, away],
    );
    return rows.length > 0;
  }
}
