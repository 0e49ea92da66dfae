import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from './canned-responses.dto';
import { CannedResponsesService } from './canned-responses.service';

@ApiTags('canned-responses')
@Controller('api/v1/canned-responses')
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @Get()
  list() {
    return this.canned.list();
  }

  @Post()
  create(@Body() dto: CreateCannedResponseDto, @CurrentUser() me: Principal) {
    return this.canned.create(dto, me.id);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCannedResponseDto, @CurrentUser() me: Principal) {
    return this.canned.update(id, dto, me.id);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.canned.remove(id);
  }
}
