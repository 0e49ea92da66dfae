import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Action } from '../rules/engine/rule-types';

export interface MacroRow {
  id: number;
  title: string;
  description: string;
  actions: Action[];
  reply_text: string | null;
  shared: boolean;
  owner_id: number | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface MacroFields {
  title: string;
  description: string;
  actions: Action[];
  replyText: string | null;
  shared: boolean;
}

/** `macros`: shared ones, and each agent's personal ones. */
@Injectable()
export class MacrosRepository {
  constructor(private readonly sql: Sql) {}

  /** The macros an agent can use: the shared ones and their own, by title. */
  visible(userId: number): Promise<MacroRow[]> {
    return this.sql.rows(`SELECT * FROM macros WHERE shared OR owner_id = $1 ORDER BY lower(title), id`, [userId]);
  }

  find(id: number): Promise<MacroRow | undefined> {
    return this.sql.row(`SELECT * FROM macros WHERE id = $1`, [id]);
  }

  async insert(m: MacroFields, userId: number): Promise<MacroRow> {
    return (await this.sql.row<MacroRow>(
      `INSERT INTO macros (title, description, actions, reply_text, shared, owner_id, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 THEN NULL ELSE $6::bigint END, $6, $6) RETURNING *`,
      [m.title, m.description, JSON.stringify(m.actions), m.replyText, m.shared, userId],
    ))!;
  }

  /** Changes the given fields (`replyText: null` clears it); a macro made personal belongs to `ownerId`. */
  update(id: number, m: Partial<MacroFields>, userId: number, ownerId: number | null): Promise<MacroRow | undefined> {
    return this.sql.row(
      `UPDATE macros SET title = coalesce($2, title), description = coalesce($3, description),
              actions = coalesce($4::jsonb, actions), reply_text = CASE WHEN $5 THEN $6 ELSE reply_text END,
              shared = coalesce($7, shared), owner_id = CASE WHEN coalesce($7, shared) THEN NULL ELSE coalesce(owner_id, $9) END,
              updated_by = $8, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [
        id,
        m.title ?? null,
        m.description ?? null,
        m.actions === undefined ? null : JSON.stringify(m.actions),
        m.replyText !== undefined,
        m.replyText ?? null,
        m.shared ?? null,
        userId,
        ownerId,
      ],
    );
  }

  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM macros WHERE id = $1`, [id])) > 0;
  }
}
