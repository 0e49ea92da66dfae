import { Controller, Get, HttpException, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Principal } from '../common/auth-context';
import { scopeOf } from '../common/ticket-scope';
import { RemoteImageRefused } from './remote-image-fetcher';
import { RemoteImagesService } from './remote-images.service';

@ApiTags('tickets')
@Controller('api/v1/tickets/:id/messages/:messageId/remote-images')
export class RemoteImagesController {
  constructor(private readonly images: RemoteImagesService) {}

  /**
   * The n-th remote image of the message (n from 0, in document order; `MessageView.remoteImages`
   * counts them), fetched now by the api: the sender's server never sees the agent. PNG, JPEG,
   * GIF or WebP as sniffed; 403 for a private address, 413 over the size cap, 415 for anything
   * not such an image (SVG included), 502/504 when the server fails or is slow.
   */
  @Get(':n')
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  async image(
    @Param('id', ParseIntPipe) id: number,
    @Param('messageId', ParseIntPipe) messageId: number,
    @Param('n', ParseIntPipe) n: number,
    @CurrentUser() me: Principal,
    @Res() reply: FastifyReply,
  ) {
    try {
      const image = await this.images.image(id, messageId, n, scopeOf(me));
      void reply
        .header('Content-Type', image.contentType)
        .header('Content-Disposition', 'inline')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('Cache-Control', 'private, max-age=3600')
        .header('Content-Length', image.body.length)
        .send(image.body);
    } catch (e) {
      if (e instanceof RemoteImageRefused) throw new HttpException(e.message, e.status);
      throw e;
    }
  }
}
