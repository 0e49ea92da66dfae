import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/auth-context';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-views.dto';
import { SavedViewRow, SavedViewsRepository } from './saved-views.repository';
import { ViewCounter } from './view-counts';
import { TicketListFilterResolver } from '../tickets/ticket-list-filters';
import { parseViewFilters } from './view-filters';

/**
 * Inbox views an agent saves from any filter combination: their own, or shared with
 * every agent. Only the owner or an admin changes one.
 */
@Injectable()
export class SavedViewsService {
  constructor(
    private readonly views: SavedViewsRepository,
    private readonly counter: ViewCounter,
    private readonly filters: TicketListFilterResolver,
  ) {}

  /** The caller's views and every shared view, with their counts. */
  async list(me: Principal) {
    const rows = await this.views.visibleTo(me.id);
    return Promise.all(rows.map((r) => this.toView(r, me)));
  }

  async create(dto: CreateSavedViewDto, me: Principal) {
    await this.filters.resolve(parseViewFilters(dto.filters));
    const row = await this.views.insert(me.id, { name: dto.name, filters: dto.filters, shared: dto.shared ?? false });
    return this.toView(row, me);
  }

  async update(id: number, dto: UpdateSavedViewDto, me: Principal) {
    await this.editable(id, me);
    if (dto.filters !== undefined) await this.filters.resolve(parseViewFilters(dto.filters));
    return this.toView(await this.views.update(id, dto), me);
  }

  async remove(id: number, me: Principal) {
    await this.editable(id, me);
    await this.views.delete(id);
  }

  /** Someone else's private view does not exist for the caller (unless an admin); a shared one is read-only. */
  private async editable(id: number, me: Principal) {
    const row = await this.views.find(id);
    const isAdmin = me.role === 'admin';
    if (!row || (!row.shared && row.owner_id !== me.id && !isAdmin))
      throw new NotFoundException(`View ${id} not found`);
    if (row.owner_id !== me.id && !isAdmin)
      throw new ForbiddenException('Only its owner or an admin can change this view');
  }

  private async toView(r: SavedViewRow, me: Principal) {
    const filters = r.filters;
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
