import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from './canned-responses.dto';
import { CannedResponsesService, CannedResponseView } from './canned-responses.service';

@ApiTags('canned-responses')
@Controller('api/v1/canned-responses')
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @Get()
  @ApiOkResponse({ type: [CannedResponseView], description: 'Every canned response, by title' })
  list() {
    return this.canned.list();
  }

  @Post()
  @ApiCreatedResponse({ type: CannedResponseView })
  create(@Body() dto: CreateCannedResponseDto, @CurrentUser() me: Principal) {
    return this.canned.create(dto, me.id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CannedResponseView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCannedResponseDto, @CurrentUser() me: Principal) {
    return this.canned.update(id, dto, me.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.canned.remove(id);
  }
}
