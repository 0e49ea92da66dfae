import { Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AdminOnly } from '../../common/auth-context';
import { ApiPageResponse, Page, PageQuery } from '../../common/pagination';
import { INBOUND_STATUSES, InboundMessageView } from './inbound.view';
import { SpoolService } from './spool.service';

class ListInboundQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INBOUND_STATUSES })
  @IsOptional()
  @IsIn(INBOUND_STATUSES)
  status?: string;
}

/** Admins see the spool: what came in, what became of it and why, and can re-process. */
@ApiTags('inbound')
@AdminOnly()
@Controller('api/v1/inbound')
export class InboundController {
  constructor(private readonly spool: SpoolService) {}

  @Get()
  @ApiPageResponse(InboundMessageView, 'Newest first')
  list(@Query() q: ListInboundQuery): Promise<Page<InboundMessageView>> {
    return this.spool.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: InboundMessageView })
  get(@Param('id', ParseIntPipe) id: number): Promise<InboundMessageView> {
    return this.spool.get(id);
  }

  /** The message exactly as received, for audit. */
  @Get(':id/raw')
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The raw message (.eml)', schema: { type: 'string', format: 'binary' } })
  async raw(@Param('id', ParseIntPipe) id: number, @Res() reply: FastifyReply) {
    const raw = await this.spool.raw(id);
    void reply
      .header('Content-Type', 'message/rfc822')
      .header('Content-Disposition', `attachment; filename="inbound-${id}.eml"`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Length', raw.size)
      .send(raw.body);
  }

  @Post(':id/reprocess')
  @ApiCreatedResponse({ type: InboundMessageView, description: 'Back to received, queued again' })
  reprocess(@Param('id', ParseIntPipe) id: number): Promise<InboundMessageView> {
    return this.spool.reprocess(id);
  }
}
