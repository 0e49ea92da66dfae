import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { AdminOnly } from '../../common/auth-context';
import { ApiPageResponse, idPage, idPageBounds, Page, PageQuery } from '../../common/pagination';
import { OUTBOUND_STATUSES } from '../../mail/outbound-status';
import { OUTBOUND_COLUMNS, OutboundListRow, OutboundMessageView, toOutboundView } from './outbound.view';
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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  @AdminOnly()
  @Get()
  @ApiPageResponse(OutboundMessageView, 'Newest first')
  async list(@Query() q: ListOutboundQuery): Promise<Page<OutboundMessageView>> {
    const { limit, afterId } = idPageBounds(q);
    // Newest first: the cursor is the last id seen, and pages go down from it.
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const rows = await this.db.query(
      `SELECT ${OUTBOUND_COLUMNS} FROM outbound_messages o WHERE o.id < $1 AND ($2::text IS NULL OR o.status = $2) ORDER BY o.id DESC LIMIT $3`,
      [before, q.status ?? null, limit + 1],
    );
    const page = idPage(rows as OutboundListRow[], limit);
    return { items: page.items.map(toOutboundView), nextCursor: page.nextCursor };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: OutboundMessageView, description: 'Queued again' })
  retry(@Param('id', ParseIntPipe) id: number): Promise<OutboundMessageView> {
    return this.outbox.retry(id);
  }
}
