import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AdminOnly } from '../../common/auth-context';
import { ApiPageResponse, Page, PageQuery } from '../../common/pagination';
import { OUTBOUND_STATUSES } from '../../mail/outbound-status';
import { OutboundMessageView } from './outbound.view';
import { OutboxService } from './outbox.service';

class ListOutboundQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOUND_STATUSES })
  @IsOptional()
  @IsIn(OUTBOUND_STATUSES)
  status?: string;
}

/** The outbox: admins see everything we send (and what waits or was held); agents retry a failed reply. */
@ApiTags('outbound')
@Controller('api/v1/outbound')
export class OutboundController {
  constructor(private readonly outbox: OutboxService) {}

  @AdminOnly()
  @Get()
  @ApiPageResponse(OutboundMessageView, 'Newest first')
  list(@Query() q: ListOutboundQuery): Promise<Page<OutboundMessageView>> {
    return this.outbox.list(q);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: OutboundMessageView, description: 'Queued again' })
  retry(@Param('id', ParseIntPipe) id: number): Promise<OutboundMessageView> {
    return this.outbox.retry(id);
  }
}
