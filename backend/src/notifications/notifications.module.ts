import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Every role that changes tickets (api, worker): the outbox records notifications through it. */
@Module({ providers: [NotificationsService, NotificationsRepository], exports: [NotificationsService] })
export class NotificationsModule {}

/** Role api: the bell's list and its "read" marks. */
@Module({ imports: [NotificationsModule], controllers: [NotificationsController] })
export class NotificationsApiModule {}
