import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-views.dto';
import { SavedViewView } from './saved-view.view';
import { SavedViewsService } from './saved-views.service';

@ApiTags('views')
@Controller('api/v1/views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  /** The caller's own views and every shared view, each with its ticket count (`countCapped` when it is 1000+). */
  @Get()
  @ApiOkResponse({ type: [SavedViewView] })
  list(@CurrentUser() me: Principal) {
    return this.views.list(me);
  }

  @Post()
  @ApiCreatedResponse({ type: SavedViewView })
  create(@Body() dto: CreateSavedViewDto, @CurrentUser() me: Principal) {
    return this.views.create(dto, me);
  }

  @Patch(':id')
  @ApiOkResponse({ type: SavedViewView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSavedViewDto, @CurrentUser() me: Principal) {
    return this.views.update(id, dto, me);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.views.remove(id, me);
  }
}
