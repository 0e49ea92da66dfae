import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAttachment } from '../attachments/send-attachment';
import { Public } from '../common/auth-context';
import { Config } from '../config/config';
import { RateLimitedPerIp } from '../edge/route-config';
import { CONFIG } from '../config/config.module';
import { ContactFormDto, PortalReplyDto } from './portal.dto';
import { PortalLinks } from './portal-links';
import { PortalService } from './portal.service';
import { PublicTicketFormView } from '../custom-fields/custom-field.view';
import { ContactReceiptView, PortalConversationView, PortalReplyView } from './portal.view';
import { PublicRateLimiter } from './public-rate-limiter';

/** Replies one conversation may take from its link in an hour: plenty for a person, a wall for a script. */
const REPLIES_PER_TICKET_PER_HOUR = 30;

/**
 * The customer-facing API: no account, no session (so no CSRF token either), every
 * route rate-limited per client IP. The pages are /contact and /portal/:token in the SPA.
 */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicController {
  constructor(
    private readonly portal: PortalService,
    private readonly links: PortalLinks,
    private readonly limiter: PublicRateLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The contact form: a new ticket like an email would make, and the link to follow it. */
  @Post('contact')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @RateLimitedPerIp('contact')
  @ApiAcceptedResponse({ type: ContactReceiptView })
  async contact(@Body() dto: ContactFormDto, @Req() req: FastifyRequest): Promise<ContactReceiptView> {
    // A person never sees the honeypot field; a bot that filled it gets a quiet "accepted" and nothing is created.
    if (dto.website) return { ticketNumber: null, portalUrl: null };
    await this.limiter.take(
      'contact-email',
      dto.email,
      this.config.contactForm.limitPerEmail,
      this.config.contactForm.windowSeconds,
      'Too many messages from this address',
    );
    const created = await this.portal.createFromContact(dto);
    const { token } = this.links.mint({ ticketId: created.ticketId, customerId: created.customerId });
    return { ticketNumber: created.number, portalUrl: this.links.url(token, req) };
  }

  /** The forms the contact form offers, with their fields shown to customers. */
  @Get('forms')
  @RateLimitedPerIp('portal')
  @ApiOkResponse({ type: [PublicTicketFormView] })
  forms(): Promise<PublicTicketFormView[]> {
    return this.portal.forms();
  }

  /**
   * The public conversation behind a magic link: public messages only, HTML sanitised;
   * when the viewer's organization shares tickets, its other tickets with links of their own.
   */
  @Get('tickets/:token')
  @Header('Cache-Control', 'no-store')
  @RateLimitedPerIp('portal')
  @ApiOkResponse({ type: PortalConversationView })
  conversation(@Param('token') token: string, @Req() req: FastifyRequest): Promise<PortalConversationView> {
    const grant = this.links.verify(token);
    return this.portal.conversation(
      grant,
      (id) => `/api/v1/public/tickets/${token}/attachments/${id}`,
      (ticketId) => this.links.url(this.links.mint({ ticketId, customerId: grant.customerId }).token, req),
    );
  }

  /** A file of the conversation, with the same link (images inline, anything else as a download). */
  @Get('tickets/:token/attachments/:id')
  @RateLimitedPerIp('portal')
  @ApiProduces('application/octet-stream', 'image/png', 'image/jpeg', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async attachment(@Param('token') token: string, @Param('id', ParseIntPipe) id: number, @Res() reply: FastifyReply) {
    sendAttachment(reply, await this.portal.attachment(this.links.verify(token), id));
  }

  /** The requester replies; reopens a ticket waiting on them, or starts a follow-up of a closed one. */
  @Post('tickets/:token/messages')
  @Header('Cache-Control', 'no-store')
  @RateLimitedPerIp('portal')
  @ApiCreatedResponse({ type: PortalReplyView })
  async reply(
    @Param('token') token: string,
    @Body() dto: PortalReplyDto,
    @Req() req: FastifyRequest,
  ): Promise<PortalReplyView> {
    const grant = this.links.verify(token);
    await this.limiter.take(
      'portal-reply',
      String(grant.ticketId),
      REPLIES_PER_TICKET_PER_HOUR,
      3600,
      'Too many replies on this ticket',
    );
    const { message, followUp } = await this.portal.reply(grant, dto.body);
    const next = followUp && this.links.mint({ ticketId: followUp.ticketId, customerId: grant.customerId });
    return {
      ...message,
      followUp: followUp && { ticketNumber: followUp.number, portalUrl: this.links.url(next!.token, req) },
    };
  }
}
