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

/** The `canned_responses` table: the team's shared replies (titles unique regardless of case). */
@Injectable()
export class CannedResponsesRepository {
  constructor(private readonly sql: Sql) {}

  /** Every canned response, by title. */
  list(): Promise<CannedResponseRow[]> {
    return this.sql.rows(`SELECT * FROM canned_responses ORDER BY lower(title), id`);
  }

  async insert(title: string, body: string, userId: number): Promise<CannedResponseRow> {
    const row = await this.sql.row<CannedResponseRow>(
      `INSERT INTO canned_responses (title, body, created_by, updated_by) VALUES ($1, $2, $3, $3) RETURNING *`,
      [title, body, userId],
    );
    return row!;
  }

  /** Changes the given fields as `userId`; undefined when there is no such response. */
  update(id: number, patch: { title?: string; body?: string }, userId: number): Promise<CannedResponseRow | undefined> {
    return this.sql.row(
      `UPDATE canned_responses SET title = coalesce($2, title), body = coalesce($3, body), updated_by = $4, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, patch.title ?? null, patch.body ?? null, userId],
    );
  }

  /** Deletes it; false when there was none. */
  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM canned_responses WHERE id = $1`, [id])) > 0;
  }
}
