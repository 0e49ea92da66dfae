import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';

export interface CannedResponseRow {
  id: number;
  title: string;
  body: string;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

/** A canned response is a shared macro with only a reply text (issue 16 moved them into `macros`, same ids). */
const CANNED = `shared AND actions = '[]'::jsonb AND reply_text IS NOT NULL`;
const COLUMNS = `id, title, reply_text AS body, created_by, updated_by, created_at, updated_at`;

/** Canned responses, as the shared reply-only macros of `macros` (titles unique regardless of case). */
@Injectable()
export class CannedResponsesRepository {
  constructor(private readonly sql: Sql) {}

  /** Every canned response, by title. */
  list(): Promise<CannedResponseRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM macros WHERE ${CANNED} ORDER BY lower(title), id`);
  }

  async insert(title: string, body: string, userId: number): Promise<CannedResponseRow> {
    const row = await this.sql.row<CannedResponseRow>(
      `INSERT INTO macros (title, reply_text, shared, created_by, updated_by) VALUES ($1, $2, true, $3, $3) RETURNING ${COLUMNS}`,
      [title, body, userId],
    );
    return row!;
  }

  /** Changes the given fields as `userId`; undefined when there is no such response. */
  update(id: number, patch: { title?: string; body?: string }, userId: number): Promise<CannedResponseRow | undefined> {
    return this.sql.row(
      `UPDATE macros SET title = coalesce($2, title), reply_text = coalesce($3, reply_text), updated_by = $4, updated_at = now()
        WHERE id = $1 AND ${CANNED} RETURNING ${COLUMNS}`,
      [id, patch.title ?? null, patch.body ?? null, userId],
    );
  }

  /** Deletes it; false when there was none. */
  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM macros WHERE id = $1 AND ${CANNED}`, [id])) > 0;
  }
}
