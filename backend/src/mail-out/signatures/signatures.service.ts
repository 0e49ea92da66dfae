import { Injectable, NotFoundException } from '@nestjs/common';
import { TicketScope } from '../../common/ticket-scope';
import { SignatureContext, SignaturesRepository } from './signatures.repository';
import { ReplySignatureView } from './reply-signature.view';
import { RenderedSignature, renderSignature } from './signature';

/** Reply signatures: what the outbox adds to a reply, and the composer's preview of it (the same rendering). */
@Injectable()
export class SignaturesService {
  constructor(private readonly repo: SignaturesRepository) {}

  /** The signature of a reply whose context (mailbox, author) was read with it. */
  forReply(ctx: SignatureContext): RenderedSignature | null {
    return renderSignature({
      mailboxSignature: ctx.mailbox_signature,
      mailboxName: ctx.mailbox_label,
      agent:
        ctx.agent_name === null
          ? null
          : {
              name: ctx.agent_name,
              title: ctx.agent_title ?? '',
              email: ctx.agent_email ?? '',
              signature: ctx.agent_signature ?? '',
            },
    });
  }

  /**
   * What a reply by `userId` on the ticket would be signed with.
   * @throws NotFoundException for no such ticket (deleted, or out of `scope`: the same answer).
   */
  async preview(ticketId: number, userId: number, scope: TicketScope): Promise<ReplySignatureView> {
    const ctx = await this.repo.forTicket(ticketId, userId, scope);
    if (!ctx) throw new NotFoundException(`Ticket ${ticketId} not found`);
    const rendered = this.forReply(ctx);
    return { text: rendered?.text ?? null, html: rendered?.html ?? null };
  }
}
