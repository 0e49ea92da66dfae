import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-views.dto';
import { SavedViewsService } from './saved-views.service';

@ApiTags('views')
@Controller('api/v1/views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  /** The caller's own views and every shared view, each with its ticket count (`countCapped` when it is 1000+). */
  @Get()
  list(@CurrentUser() me: Principal) {
    return this.views.list(me);
  }

  @Post()
  create(@Body() dto: CreateSavedViewDto, @CurrentUser() me: Principal) {
    return this.views.create(dto, me);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSavedViewDto, @CurrentUser() me: Principal) {
    return this.views.update(id, dto, me);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.views.remove(id, me);
  }
}
