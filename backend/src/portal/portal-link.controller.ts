import { Controller, Get, Param, ParseIntPipe, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PortalLinks } from './portal-links';
import { PortalService } from './portal.service';
import { PortalLinkView } from './portal.view';

@ApiTags('tickets')
@Controller('api/v1/tickets')
export class PortalLinkController {
  constructor(
    private readonly portal: PortalService,
    private readonly links: PortalLinks,
  ) {}

  /** A fresh magic link for the ticket's requester to read and answer its public conversation. */
  @Get(':id/portal-link')
  @ApiOkResponse({ type: PortalLinkView })
  async portalLink(@Param('id', ParseIntPipe) id: number, @Req() req: FastifyRequest): Promise<PortalLinkView> {
    const { token, expiresAt } = this.links.mint({ ticketId: id, customerId: await this.portal.requesterOf(id) });
    return { url: this.links.url(token, req), expiresAt };
  }
}
