import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A group as stored, with its members' ids (ascending). */
export interface GroupRow {
  id: number;
  name: string;
  description: string;
  member_ids: number[];
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT g.id, g.name, g.description, g.created_at, g.updated_at,
         coalesce((SELECT json_agg(m.user_id ORDER BY m.user_id) FROM group_members m WHERE m.group_id = g.id), '[]') AS member_ids
    FROM groups g`;

/** The `groups` table and its members (`group_members`). Names are unique regardless of case. */
@Injectable()
export class GroupsRepository {
  constructor(private readonly sql: Sql) {}

  /** Every group, by name. */
  list(): Promise<GroupRow[]> {
    return this.sql.rows(`${SELECT} ORDER BY g.name, g.id`);
  }

  find(id: number, tx?: Tx): Promise<GroupRow | undefined> {
    return this.sql.row(`${SELECT} WHERE g.id = $1`, [id], tx);
  }

  async exists(id: number, tx?: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM groups WHERE id = $1`, [id], tx));
  }

  async nameTaken(name: string, tx: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM groups WHERE lower(name) = lower($1)`, [name], tx));
  }

  async insert(tx: Tx, name: string, description: string): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO groups (name, description) VALUES ($1, $2) RETURNING id`,
      [name, description],
      tx,
    );
    return row!.id;
  }

  /** Changes the given fields and stamps updated_at. */
  async update(tx: Tx, id: number, patch: { name?: string; description?: string }): Promise<void> {
    await this.sql.execute(
      `UPDATE groups SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1`,
      [id, patch.name ?? null, patch.description ?? null],
      tx,
    );
  }

  /** Replaces the member list. */
  async setMembers(tx: Tx, groupId: number, userIds: number[]): Promise<void> {
    await this.sql.execute('DELETE FROM group_members WHERE group_id = $1', [groupId], tx);
    if (userIds.length)
      await this.sql.execute(
        'INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::bigint[])',
        [groupId, userIds],
        tx,
      );
  }

  async ticketCount(id: number): Promise<number> {
    const row = await this.sql.row<{ count: number }>(`SELECT count(*) AS count FROM tickets WHERE group_id = $1`, [
      id,
    ]);
    return row!.count;
  }

  /** Deletes the group; false when there was none. */
  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM groups WHERE id = $1`, [id])) > 0;
  }
}
