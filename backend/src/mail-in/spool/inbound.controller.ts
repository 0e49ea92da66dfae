import { Controller, Get, NotFoundException, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AdminOnly } from '../../common/auth-context';
import { ApiPageResponse, idPage, idPageBounds, Page, PageQuery } from '../../common/pagination';
import { INBOUND_STATUSES, InboundMessageView } from './inbound.view';
import { SpoolService } from './spool.service';

class ListInboundQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INBOUND_STATUSES })
  @IsOptional()
  @IsIn(INBOUND_STATUSES)
  status?: string;
}

const COLUMNS = `id, status, mailbox_id AS "mailboxId", size, envelope_from AS "envelopeFrom", envelope_to AS "envelopeTo",
  peer_ip AS "peerIp", helo, tls, received_at AS "receivedAt", processed_at AS "processedAt", attempts, reason,
  ticket_id AS "ticketId", message_id AS "messageId",
  CASE WHEN auth_spf IS NULL THEN NULL ELSE json_build_object('spf', auth_spf, 'dkim', auth_dkim, 'dmarc', auth_dmarc,
    'arc', auth_arc, 'fromDomain', auth_from_domain, 'results', auth_results) END AS auth`;

/** Admins see the spool: what came in, what became of it and why, and can re-process. */
@ApiTags('inbound')
@AdminOnly()
@Controller('api/v1/inbound')
export class InboundController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly spool: SpoolService,
  ) {}

  @Get()
  @ApiPageResponse(InboundMessageView, 'Newest first')
  async list(@Query() q: ListInboundQuery): Promise<Page<InboundMessageView>> {
    const { limit, afterId } = idPageBounds(q);
    // Newest first: the cursor is the last id seen, and pages go down from it.
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM inbound_messages WHERE id < $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT $3`,
      [before, q.status ?? null, limit + 1],
    );
    return idPage(rows, limit);
  }

  @Get(':id')
  @ApiOkResponse({ type: InboundMessageView })
  async get(@Param('id', ParseIntPipe) id: number): Promise<InboundMessageView> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM inbound_messages WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`Inbound message ${id} not found`);
    return row;
  }

  /** The message exactly as received, for audit. */
  @Get(':id/raw')
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The raw message (.eml)', schema: { type: 'string', format: 'binary' } })
  async raw(@Param('id', ParseIntPipe) id: number, @Res() reply: FastifyReply) {
    const [row] = await this.db.query(`SELECT raw FROM inbound_messages WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`Inbound message ${id} not found`);
    void reply
      .header('Content-Type', 'message/rfc822')
      .header('Content-Disposition', `attachment; filename="inbound-${id}.eml"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(row.raw);
  }

  @Post(':id/reprocess')
  @ApiCreatedResponse({ type: InboundMessageView, description: 'Back to received, queued again' })
  async reprocess(@Param('id', ParseIntPipe) id: number): Promise<InboundMessageView> {
    if (!(await this.spool.reprocess(id))) throw new NotFoundException(`Inbound message ${id} not found`);
    return this.get(id);
  }
}
