import { Controller, Get, Param, ParseIntPipe, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Principal } from '../common/auth-context';
import { scopeOf } from '../common/ticket-scope';
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
  async portalLink(
    @Param('id', ParseIntPipe) id: number,
    @Req() req: FastifyRequest,
    @CurrentUser() me: Principal,
  ): Promise<PortalLinkView> {
    const customerId = await this.portal.requesterOf(id, scopeOf(me));
    const { token, expiresAt } = this.links.mint({ ticketId: id, customerId });
    return { url: this.links.url(token, req), expiresAt };
  }
}
