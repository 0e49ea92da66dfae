import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { MentionCountView, MentionView } from './mention.view';
import { MarkMentionsReadDto, MentionsQuery } from './mentions.dto';
import { MentionsService } from './mentions.service';

/** Your own mentions: every agent sees only theirs. */
@ApiTags('mentions')
@Controller('api/v1/mentions')
export class MentionsController {
  constructor(private readonly mentions: MentionsService) {}

  @Get()
  @ApiPageResponse(MentionView, 'Newest first')
  list(@CurrentUser() me: Principal, @Query() q: MentionsQuery) {
    return this.mentions.list(me.id, q);
  }

  @Get('unread')
  @ApiOkResponse({ type: MentionCountView })
  unread(@CurrentUser() me: Principal) {
    return this.mentions.unread(me.id);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOkResponse({ type: MentionCountView })
  markRead(@CurrentUser() me: Principal, @Body() dto: MarkMentionsReadDto) {
    return this.mentions.markRead(me.id, dto);
  }
}
