import { Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseIntPipe } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { SessionInfoView } from './session.view';
import { SessionsService } from './sessions.service';

/** One's own browser sessions: where one is signed in, and signing out elsewhere. */
@ApiTags('auth')
@Controller('api/v1/auth/me/sessions')
export class MySessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiPageResponse(SessionInfoView, 'Live sessions, newest first; always one page (nextCursor is null)')
  async list(@CurrentUser() me: Principal) {
    return { items: await this.sessions.listFor(me.id, me.sessionHash), nextCursor: null };
  }

  /** Ends one of one's own sessions (another person's is reported as missing). */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number) {
    if (!(await this.sessions.endOwn(me.id, id))) throw new NotFoundException(`Session ${id} not found`);
  }
}
