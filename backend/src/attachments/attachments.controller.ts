import { Controller, Get, NotFoundException, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

/** Images a browser may show inline; anything else is always a download. */
const INLINE_SAFE = /^image\/(png|jpeg|gif|webp)$/i;

@ApiTags('attachments')
@Controller('api/v1/attachments')
export class AttachmentsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get(':id')
  async download(@Param('id', ParseIntPipe) id: number, @Res() reply: FastifyReply) {
    const [a] = await this.db.query(`SELECT filename, content_type, data FROM attachments WHERE id = $1`, [id]);
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    const inline = INLINE_SAFE.test(a.content_type);
    const name = encodeURIComponent(a.filename);
    void reply
      .header('Content-Type', inline ? a.content_type : 'application/octet-stream')
      .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, max-age=3600')
      .send(a.data);
  }
}
