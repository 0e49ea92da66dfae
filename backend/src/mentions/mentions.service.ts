import { Injectable } from '@nestjs/common';
import { encodeCursor } from '../common/cursor';
import { idPageBounds } from '../common/pagination';
import { MentionCountView, toMentionView } from './mention.view';
import { MarkMentionsReadDto, MentionsQuery } from './mentions.dto';
import { MentionsRepository } from './mentions.repository';

/** An agent's mentions inbox: where they were @-mentioned (a reply's or a note's `mentions`). */
@Injectable()
export class MentionsService {
  constructor(private readonly mentions: MentionsRepository) {}

  async list(userId: number, q: MentionsQuery) {
    const { limit, afterId } = idPageBounds(q);
    const rows = await this.mentions.page(userId, q.cursor ? afterId : Number.MAX_SAFE_INTEGER, limit + 1, !!q.unread);
    const items = rows.slice(0, limit).map(toMentionView);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }

  async unread(userId: number): Promise<MentionCountView> {
    return { unread: await this.mentions.unread(userId) };
  }

  async markRead(userId: number, dto: MarkMentionsReadDto): Promise<MentionCountView> {
    await this.mentions.markRead(userId, dto);
    return this.unread(userId);
  }
}
