import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { PageQuery } from '../common/pagination';
import { scopeOf } from '../common/ticket-scope';
import { NotificationCountView, NotificationPageView } from './notification.view';
import { MarkNotificationsReadDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** Your own notifications (the bell): every agent sees only theirs, on tickets within their scope. */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageView, description: 'Newest first' })
  list(@CurrentUser() me: Principal, @Query() q: PageQuery) {
    return this.notifications.list(me.id, scopeOf(me), q);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationCountView })
  markRead(@CurrentUser() me: Principal, @Body() dto: MarkNotificationsReadDto) {
    return this.notifications.markRead(me.id, scopeOf(me), dto);
  }
}
