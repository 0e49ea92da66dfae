import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TRANSPORT_INPUT_MODELS, TRANSPORT_VIEW_MODELS } from '../../mail-out/transports/transport.view';
import { SOURCE_INPUT_MODELS, SOURCE_VIEW_MODELS } from '../../mail-sources/source.view';
import { AdminOnly } from '../../common/auth-context';
import { ApiPageResponse } from '../../common/pagination';
import { MailboxView } from './mailbox.view';
import { CreateMailboxDto, UpdateMailboxDto } from './mailboxes.dto';
import { MailboxesService } from './mailboxes.service';

@ApiTags('mailboxes')
@ApiExtraModels(...SOURCE_VIEW_MODELS, ...SOURCE_INPUT_MODELS, ...TRANSPORT_VIEW_MODELS, ...TRANSPORT_INPUT_MODELS)
@Controller('api/v1/mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Get()
  @ApiPageResponse(MailboxView, 'Every mailbox, in one page (nextCursor is always null)')
  list() {
    return this.mailboxes.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: MailboxView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.mailboxes.get(id);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: MailboxView })
  create(@Body() dto: CreateMailboxDto) {
    return this.mailboxes.create(dto);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: MailboxView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateMailboxDto) {
    return this.mailboxes.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.mailboxes.remove(id);
  }
}
