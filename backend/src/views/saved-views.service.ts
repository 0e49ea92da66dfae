import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/auth-context';
import { SqlRow } from '../tickets/ticket.view';
import { SavedViewView } from './saved-view.view';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-views.dto';
import { ViewCounter } from './view-counts';
import { parseViewFilters } from './view-filters';

/**
 * Inbox views an agent saves from any filter combination: their own, or shared with
 * every agent. Only the owner or an admin changes one.
 */
@Injectable()
export class SavedViewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly counter: ViewCounter,
  ) {}

  /** The caller's views and every shared view, with their counts. */
  async list(me: Principal) {
    const rows: SqlRow[] = await this.db.query(
      `SELECT * FROM saved_views WHERE owner_id = $1 OR shared ORDER BY lower(name), id`,
      [me.id],
    );
    return Promise.all(rows.map((r) => this.toView(r, me)));
  }

  async create(dto: CreateSavedViewDto, me: Principal) {
    parseViewFilters(dto.filters);
    const [row] = await this.db.query(
      `INSERT INTO saved_views (owner_id, name, filters, shared) VALUES ($1, $2, $3, $4) RETURNING *`,
      [me.id, dto.name, JSON.stringify(dto.filters), dto.shared ?? false],
    );
    return this.toView(row, me);
  }

  async update(id: number, dto: UpdateSavedViewDto, me: Principal) {
    await this.editable(id, me);
    if (dto.filters !== undefined) parseViewFilters(dto.filters);
    const [[row]] = await this.db.query(
      `UPDATE saved_views SET name = coalesce($2, name), filters = coalesce($3::jsonb, filters), shared = coalesce($4, shared),
              updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, dto.name ?? null, dto.filters === undefined ? null : JSON.stringify(dto.filters), dto.shared ?? null],
    );
    return this.toView(row, me);
  }

  async remove(id: number, me: Principal) {
    await this.editable(id, me);
    await this.db.query(`DELETE FROM saved_views WHERE id = $1`, [id]);
  }

  /** Someone else's private view does not exist for the caller (unless an admin); a shared one is read-only. */
  private async editable(id: number, me: Principal) {
    const [row] = await this.db.query(`SELECT owner_id, shared FROM saved_views WHERE id = $1`, [id]);
    const isAdmin = me.role === 'admin';
    if (!row || (!row.shared && row.owner_id !== me.id && !isAdmin))
      throw new NotFoundException(`View ${id} not found`);
    if (row.owner_id !== me.id && !isAdmin)
      throw new ForbiddenException('Only its owner or an admin can change this view');
  }

  private async toView(r: SqlRow, me: Principal): Promise<SavedViewView> {
    const filters = r.filters as Record<string, string>;
    const { count, countCapped } = await this.counter.count(parseViewFilters(filters), me.id);
    return {
      id: r.id,
      name: r.name,
      filters,
      shared: r.shared,
      ownerId: r.owner_id,
      count,
      countCapped,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
