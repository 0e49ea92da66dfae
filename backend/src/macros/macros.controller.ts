import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { CreateMacroDto, UpdateMacroDto } from './macros.dto';
import { MacroPreviewView, MacroView } from './macro.view';
import { MacrosService } from './macros.service';

@ApiTags('macros')
@Controller('api/v1')
export class MacrosController {
  constructor(private readonly macros: MacrosService) {}

  @Get('macros')
  @ApiOkResponse({ type: [MacroView], description: 'The shared macros and your own, by title' })
  list(@CurrentUser() me: Principal) {
    return this.macros.list(me);
  }

  @Post('macros')
  @ApiCreatedResponse({ type: MacroView })
  create(@Body() dto: CreateMacroDto, @CurrentUser() me: Principal) {
    return this.macros.create(dto, me);
  }

  @Get('macros/:id')
  @ApiOkResponse({ type: MacroView })
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.macros.get(id, me);
  }

  @Patch('macros/:id')
  @ApiOkResponse({ type: MacroView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateMacroDto, @CurrentUser() me: Principal) {
    return this.macros.update(id, dto, me);
  }

  @Delete('macros/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.macros.remove(id, me);
  }

  @Get('tickets/:id/macros/:macroId/preview')
  @ApiOkResponse({ type: MacroPreviewView, description: 'What applying it would do; nothing changes' })
  preview(
    @Param('id', ParseIntPipe) id: number,
    @Param('macroId', ParseIntPipe) macroId: number,
    @CurrentUser() me: Principal,
  ) {
    return this.macros.preview(id, macroId, me);
  }

  @Post('tickets/:id/macros/:macroId')
  @HttpCode(200)
  @ApiOkResponse({ type: MacroPreviewView, description: 'Applied; the reply text is returned for the caller to send' })
  apply(
    @Param('id', ParseIntPipe) id: number,
    @Param('macroId', ParseIntPipe) macroId: number,
    @CurrentUser() me: Principal,
  ) {
    return this.macros.apply(id, macroId, me);
  }
}
