import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { scopeOf } from '../common/ticket-scope';
import { DraftView } from './draft.view';
import { SaveDraftDto } from './drafts.dto';
import { DraftsService } from './drafts.service';

/**
 * The caller's own draft on a ticket. A ticket out of their scope, or deleted, answers
 * 404 as every ticket route does; so does GET when they have no draft there.
 */
@ApiTags('tickets')
@Controller('api/v1/tickets/:id/draft')
export class DraftsController {
  constructor(private readonly drafts: DraftsService) {}

  @Get()
  @ApiOkResponse({ type: DraftView })
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.drafts.get(id, me.id, scopeOf(me));
  }

  /** Saves the draft, replacing the one there was. */
  @Put()
  @ApiOkResponse({ type: DraftView })
  save(@Param('id', ParseIntPipe) id: number, @Body() dto: SaveDraftDto, @CurrentUser() me: Principal) {
    return this.drafts.save(id, me.id, scopeOf(me), dto);
  }

  /** Forgets the draft (204 also when there was none). */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal): Promise<void> {
    await this.drafts.delete(id, me.id, scopeOf(me));
  }
}
