import { Injectable } from '@nestjs/common';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { TicketScope } from '../common/ticket-scope';
import { onCommit, Tx } from '../database/transactions';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { NotificationCountView, NotificationPageView, toNotificationView } from './notification.view';
import { MarkNotificationsReadDto } from './notifications.dto';
import { NotificationKind, NotificationsRepository } from './notifications.repository';

/**
 * The agent's bell (issue 18). The outbox records a notification whenever it tells an
 * agent of something (`notify`, the same recipients as the mail, whether or not the mail
 * is switched off); after the commit the recipient's browsers hear `notification.created`.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Records a notification for `userId` in the caller's transaction (the caller decided
   * they may be told) and, once that commits, publishes it to their sockets only.
   */
  async notify(
    tx: Tx,
    n: { userId: number; ticketId: number; kind: NotificationKind; actorUserId?: number; messageId?: number },
  ): Promise<void> {
    const row = await this.notifications.insert(tx, {
      userId: n.userId,
      ticketId: n.ticketId,
      kind: n.kind,
      actorUserId: n.actorUserId ?? null,
      messageId: n.messageId ?? null,
    });
    const notification = toNotificationView(row);
    // A lost event costs a stale badge until the next fetch, never the notification.
    onCommit(tx, {
      after: () => this.realtime.publish({ type: 'notification.created', userId: n.userId, notification }),
    });
  }

  /** The user's notifications on tickets within `scope`, newest first, with the unread count. */
  async list(userId: number, scope: TicketScope, q: PageQuery): Promise<NotificationPageView> {
    const { limit, afterId } = idPageBounds(q);
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const page = idPage(await this.notifications.page(userId, scope, before, limit + 1), limit);
    return {
      items: page.items.map(toNotificationView),
      nextCursor: page.nextCursor,
      unread: await this.notifications.unread(userId, scope),
    };
  }

  /** Marks the user's notifications read (`ids`, or `all`; neither marks nothing); returns the unread count. */
  async markRead(userId: number, scope: TicketScope, dto: MarkNotificationsReadDto): Promise<NotificationCountView> {
    if (dto.all) await this.notifications.markRead(userId, null);
    else if (dto.ids?.length) await this.notifications.markRead(userId, dto.ids);
    return { unread: await this.notifications.unread(userId, scope) };
  }
}
