import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth-context';
import { CreateMailboxDto, UpdateMailboxDto } from './mailboxes.dto';
import { MailboxesService } from './mailboxes.service';

@ApiTags('mailboxes')
@Controller('api/v1/mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Get()
  list() {
    return this.mailboxes.list();
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.mailboxes.get(id);
  }

  @AdminOnly()
  @Post()
  create(@Body() dto: CreateMailboxDto) {
    return this.mailboxes.create(dto);
  }

  @AdminOnly()
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateMailboxDto) {
    return this.mailboxes.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.mailboxes.remove(id);
  }
}
