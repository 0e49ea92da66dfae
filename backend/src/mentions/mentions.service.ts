import { Injectable } from '@nestjs/common';
import { encodeCursor } from '../common/cursor';
import { idPageBounds } from '../common/pagination';
import { TicketScope } from '../common/ticket-scope';
import { MentionCountView, toMentionView } from './mention.view';
import { MarkMentionsReadDto, MentionsQuery } from './mentions.dto';
import { MentionsRepository } from './mentions.repository';

/** An agent's mentions inbox: where they were @-mentioned (a reply's or a note's `mentions`). */
@Injectable()
export class MentionsService {
  constructor(private readonly mentions: MentionsRepository) {}

  /** The agent's mentions on tickets within `scope`, newest first. */
  async list(userId: number, scope: TicketScope, q: MentionsQuery) {
    const { limit, afterId } = idPageBounds(q);
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const rows = await this.mentions.page(userId, scope, before, limit + 1, !!q.unread);
    const items = rows.slice(0, limit).map(toMentionView);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }

  async unread(userId: number, scope: TicketScope): Promise<MentionCountView> {
    return { unread: await this.mentions.unread(userId, scope) };
  }

  async markRead(userId: number, scope: TicketScope, dto: MarkMentionsReadDto): Promise<MentionCountView> {
    await this.mentions.markRead(userId, dto);
    return this.unread(userId, scope);
  }
}
