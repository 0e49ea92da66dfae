import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { NOTIFICATION_KINDS, NotificationKind, NotificationRow } from './notifications.repository';

export class NotificationActorView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
}

/** One entry of an agent's bell: something happened on a ticket they should know of. */
export class NotificationView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) kind!: NotificationKind;
  @ApiProperty() ticketId!: number;
  @ApiProperty() ticketNumber!: number;
  @ApiProperty() ticketSubject!: string;
  @ApiProperty({
    type: () => NotificationActorView,
    nullable: true,
    description: 'The agent who did it; null for a customer reply or an automatic change',
  })
  actor!: NotificationActorView | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty() read!: boolean;
}

/** A page of the bell, newest first, with the unread count for the badge. */
export class NotificationPageView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Notifications not yet read' }) unread!: number;
}

export class NotificationCountView {
  @ApiProperty({ description: 'Notifications not yet read' }) unread!: number;
}

export const toNotificationView = (r: NotificationRow): NotificationView => ({
  id: r.id,
  kind: r.kind,
  ticketId: r.ticket_id,
  ticketNumber: r.number,
  ticketSubject: r.subject,
  actor: r.actor_id !== null ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  createdAt: r.created_at.toISOString(),
  read: r.read_at !== null,
});
