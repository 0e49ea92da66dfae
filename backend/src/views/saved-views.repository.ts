import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';

export interface SavedViewRow {
  id: number;
  owner_id: number;
  name: string;
  filters: Record<string, string>;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The `saved_views` table: inbox views, private to their owner or shared with every agent. */
@Injectable()
export class SavedViewsRepository {
  constructor(private readonly sql: Sql) {}

  /** A user's own views and every shared one, by name. */
  visibleTo(userId: number): Promise<SavedViewRow[]> {
    return this.sql.rows(`SELECT * FROM saved_views WHERE owner_id = $1 OR shared ORDER BY lower(name), id`, [userId]);
  }

  find(id: number): Promise<Pick<SavedViewRow, 'owner_id' | 'shared'> | undefined> {
    return this.sql.row(`SELECT owner_id, shared FROM saved_views WHERE id = $1`, [id]);
  }

  async insert(ownerId: number, v: { name: string; filters: Record<string, string>; shared: boolean }) {
    const row = await this.sql.row<SavedViewRow>(
      `INSERT INTO saved_views (owner_id, name, filters, shared) VALUES ($1, $2, $3, $4) RETURNING *`,
      [ownerId, v.name, JSON.stringify(v.filters), v.shared],
    );
    return row!;
  }

  /** Changes the given fields and stamps updated_at. */
  async update(id: number, v: { name?: string; filters?: Record<string, string>; shared?: boolean }) {
    const row = await this.sql.row<SavedViewRow>(
      `UPDATE saved_views SET name = coalesce($2, name), filters = coalesce($3::jsonb, filters), shared = coalesce($4, shared),
              updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, v.name ?? null, v.filters === undefined ? null : JSON.stringify(v.filters), v.shared ?? null],
    );
    return row!;
  }

  async delete(id: number): Promise<void> {
    await this.sql.execute(`DELETE FROM saved_views WHERE id = $1`, [id]);
  }
}
