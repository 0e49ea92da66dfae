import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TicketScope } from '../common/ticket-scope';
import { referencedImageIds, sanitizeAgentHtml } from '../mail/agent-html';
import { TicketQueries } from '../tickets/ticket-queries.service';
import { DraftView, toDraftView } from './draft.view';
import { SaveDraftDto } from './drafts.dto';
import { DraftsRepository } from './drafts.repository';

/**
 * An agent's own draft per ticket. Every call first checks the ticket is within the
 * caller's scope and not deleted, so a draft answers exactly like the ticket: not_found
 * (404) otherwise. Nobody reads or changes another agent's draft.
 */
@Injectable()
export class DraftsService {
  constructor(
    private readonly drafts: DraftsRepository,
    private readonly tickets: TicketQueries,
  ) {}

  /** Agent `userId`'s draft on the ticket. Throws not_found for no ticket in scope, or no draft. */
  async get(ticketId: number, userId: number, scope: TicketScope): Promise<DraftView> {
    await this.assertReaches(ticketId, scope);
    const row = await this.drafts.find(ticketId, userId);
    if (!row) throw new DomainError('not_found', `No draft on ticket ${ticketId}`);
    return toDraftView(row);
  }

  /**
   * Creates or replaces agent `userId`'s draft. Its HTML is sanitised as a reply's is
   * (sanitizeAgentHtml), keeping the images that are the agent's own inline uploads not sent
   * yet, so a restored draft still shows its pasted images. Throws not_found.
   */
  async save(ticketId: number, userId: number, scope: TicketScope, dto: SaveDraftDto): Promise<DraftView> {
    await this.assertReaches(ticketId, scope);
    const images = dto.bodyHtml ? await this.drafts.ownUnsentImages(referencedImageIds(dto.bodyHtml), userId) : [];
    const row = await this.drafts.upsert(ticketId, userId, {
      body: dto.body,
      bodyHtml: dto.bodyHtml ? sanitizeAgentHtml(dto.bodyHtml, new Set(images)) : null,
      internal: dto.internal ?? false,
      attachmentIds: dto.attachmentIds ?? [],
      cc: dto.cc ?? [],
    });
    return toDraftView(row);
  }

  /** Deletes agent `userId`'s draft (none is fine). Throws not_found for no ticket in scope. */
  async delete(ticketId: number, userId: number, scope: TicketScope): Promise<void> {
    await this.assertReaches(ticketId, scope);
    await this.drafts.delete(ticketId, userId);
  }

  private async assertReaches(id: number, scope: TicketScope) {
    if (!(await this.tickets.reaches(id, scope))) throw new DomainError('not_found', `Ticket ${id} not found`);
  }
}
