import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { TicketScope } from '../../common/ticket-scope';
import { idPage, idPageBounds, Page, PageQuery } from '../../common/pagination';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { Tx } from '../../database/transactions';
import { TicketTokens } from '../../mail/ticket-tokens';
import { NotificationKind } from '../../notifications/notifications.repository';
import { NotificationsService } from '../../notifications/notifications.service';
import { JobQueue } from '../../queues/job-queue';
import { OUTBOUND_QUEUE, outboundJobId } from '../../queues/queues';
import { MailTemplate, renderTemplate, TemplateKey } from '../templates/mail-templates';
import { ACCOUNT_TEMPLATES, AccountMailKind } from '../templates/account-mail';
import { RelaySettingsService } from '../relay/relay-settings.service';
import { MailTemplatesService } from '../templates/mail-templates.service';
import { OutboundMessageView, toOutboundView } from './outbound.view';
import { OutboxRepository, ReplyContext, SenderContext } from './outbox.repository';
import { SignaturesService } from '../signatures/signatures.service';
import { withCidImages } from '../../mail/agent-html';
import {
  composeForward,
  composeReply,
  forwardSubject,
  replySubject,
  threadReferences,
  withTicketTag,
} from './reply-content';
import { DispatchReadiness } from './dispatch-readiness';

export interface AutomaticMail {
  kind: TemplateKey | 'rule_notification';
  /** The text to render instead of the kind's template (a rule's email). */
  template?: MailTemplate;
  ticketId: number;
  /** The one recipient's address; the ticket's requester when left out. */
  to?: string;
  /** Values beyond the ticket's, customer's and mailbox's own (agent.name, actor.name, message.text). */
  values?: Record<string, string>;
  /** For an acknowledgement: the customer's message it answers, so it threads in their mail client. */
  inReplyTo?: string | null;
  references?: string[];
}

/** The address a mail goes out from, and whether its mailbox sends through its own transport. */
interface Sender {
  address: string;
  name: string;
  mailboxId: number | null;
  ownTransport: boolean;
}

/** A long message quoted in a notification is cut here; the agent reads the rest in the ticket. */
const QUOTED_TEXT_LIMIT = 2000;

/**
 * The outbox (DESIGN.md section 3). A mail is written here inside the transaction of
 * the change that causes it (the reply, the new ticket, the assignment), so it exists
 * exactly when that change does; `dispatch` queues it after the commit, and the worker
 * sweeper queues whatever a crash or a Redis outage left unqueued.
 */
@Injectable()
export class OutboxService implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  readonly queue: JobQueue;
  private readonly readiness = new DispatchReadiness();

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly templates: MailTemplatesService,
    private readonly relay: RelaySettingsService,
    private readonly tokens: TicketTokens,
    private readonly signatures: SignaturesService,
    private readonly notifications: NotificationsService,
  ) {
    this.queue = new JobQueue(OUTBOUND_QUEUE, config.redis.url, this.logger);
  }

  async onModuleDestroy() {
    await this.queue.close();
  }

  /** Agents following the ticket. */
  agentFollowers(tx: Tx, ticketId: number): Promise<number[]> {
    return this.outbox.agentFollowers(tx, ticketId);
  }

  /** What emailing `messageId`, a public reply, needs (and the requester's address, to see whether they have it already). */
  replyContext(tx: Tx, ticketId: number, messageId: number): Promise<ReplyContext> {
    return this.outbox.replyContext(tx, ticketId, messageId);
  }

  /**
   * Emails an agent's public reply to the requester, CC the followers: stamps the
   * message with its signed Message-ID and threading headers (unless it came in by mail
   * and has its own) and writes the outbox row, in the caller's transaction.
   */
  async queueReply(tx: Tx, ctx: ReplyContext, messageId: number): Promise<number> {
    const from = this.sender(ctx);
    // Rich text names its inline images by our URLs; the mail carries them as parts named by Content-ID.
    const html = ctx.body_html && withCidImages(ctx.body_html, new Map(ctx.inline_images.map((i) => [i.id, i.cid])));
    const body = composeReply(ctx.body_text, ctx.history, this.signatures.forReply(ctx), html);
    await this.outbox.insertReply(tx, messageId, {
      id: ctx.outbound_id,
      kind: 'reply',
      ticketId: ctx.ticket_id,
      mailboxId: ctx.mailbox_id,
      mailMessageId: this.tokens.messageId(ctx.ticket_id, messageId),
      inReplyTo: ctx.parent_id,
      references: threadReferences(ctx.parent_references ?? [], ctx.parent_id),
      from,
      replyTo: this.tokens.replyAddress(from.address, ctx.ticket_id),
      to: [ctx.customer_email],
      cc: ctx.followers.filter((a) => a !== ctx.customer_email),
      // The first mail of a conversation the agent starts (nothing public before it) is no "Re:".
      subject: withTicketTag(ctx.history.length ? replySubject(ctx.subject) : ctx.subject.trim(), ctx.number),
      bodyText: body.text,
      bodyHtml: body.html,
      autoSubmitted: null,
      reason: await this.queued(tx, ctx.outbound_id, from),
    });
    return ctx.outbound_id;
  }

  /**
   * Mails an agent's forward (`messageId`, an internal message) to a third party: the agent's
   * text, then the chosen messages quoted (date, author, text) with their files attached.
   * Its own signed Message-ID (threading nothing of the customer's: no In-Reply-To or
   * References) and the ticket's signed reply address, so the third party's answer threads
   * back into the ticket as any reply to our mail does. A person's mail: never capped.
   * Stamps the message with the mail's headers and writes the outbox row, in the caller's transaction.
   */
  async queueForward(
    tx: Tx,
    ticketId: number,
    messageId: number,
    forward: { to: string[]; cc: string[]; messageIds: number[] },
  ): Promise<number> {
    const ctx = await this.outbox.forwardContext(tx, ticketId, messageId, forward.messageIds);
    const from = this.sender(ctx);
    const body = composeForward(ctx.body_text, ctx.quoted);
    await this.outbox.insertForward(
      tx,
      messageId,
      {
        id: ctx.outbound_id,
        kind: 'forward',
        ticketId,
        mailboxId: ctx.mailbox_id,
        mailMessageId: this.tokens.messageId(ticketId, messageId),
        inReplyTo: null,
        references: [],
        from,
        replyTo: this.tokens.replyAddress(from.address, ticketId),
        to: forward.to,
        cc: forward.cc,
        subject: withTicketTag(forwardSubject(ctx.subject), ctx.number),
        bodyText: body.text,
        bodyHtml: body.html,
        autoSubmitted: null,
        reason: await this.queued(tx, ctx.outbound_id, from),
      },
      ctx.quoted.flatMap((q) => q.attachment_ids),
    );
    return ctx.outbound_id;
  }

  /**
   * An automatic mail from its template (or the rule's own, `mail.template`), in the
   * caller's transaction; null when an admin switched that kind of mail off.
   */
  async queueAutomatic(tx: Tx, mail: AutomaticMail): Promise<number | null> {
    let template = mail.template;
    if (!template) {
      const builtIn = await this.templates.get(mail.kind as TemplateKey, tx);
      if (!builtIn.enabled) return null;
      template = builtIn;
    }
    const ctx = await this.outbox.mailContext(tx, mail.ticketId);
    const from = this.sender(ctx);
    const values: Record<string, string> = {
      'ticket.number': String(ctx.number),
      'ticket.subject': ctx.subject,
      'customer.name': ctx.customer_name || ctx.customer_email,
      'customer.email': ctx.customer_email,
      'mailbox.name': from.name || from.address,
      ...Object.fromEntries(
        Object.entries(mail.values ?? {}).map(([k, v]) => [k, k === 'message.text' ? cut(v, QUOTED_TEXT_LIMIT) : v]),
      ),
    };
    const rendered = renderTemplate(template, values);
    const inReplyTo = mail.inReplyTo ?? null;
    await this.outbox.insertAutomatic(tx, {
      id: ctx.outbound_id,
      kind: mail.kind,
      ticketId: mail.ticketId,
      mailboxId: ctx.mailbox_id,
      mailMessageId: this.tokens.automaticMessageId(mail.ticketId, ctx.outbound_id),
      inReplyTo,
      // The reply address brings an answer to an acknowledgement (or a notification) back to the ticket.
      references: threadReferences(mail.references ?? [], inReplyTo),
      from,
      replyTo: this.tokens.replyAddress(from.address, mail.ticketId),
      to: [mail.to ?? ctx.customer_email],
      cc: [],
      subject: withTicketTag(rendered.subject, ctx.number),
      bodyText: rendered.text,
      bodyHtml: rendered.html,
      autoSubmitted: mail.kind === 'customer_acknowledgement' ? 'auto-replied' : 'auto-generated',
      reason: await this.queued(tx, ctx.outbound_id, from),
    });
    return ctx.outbound_id;
  }

  /**
   * A notice to every active admin about something that concerns no ticket (a mailbox source
   * failing), from `mailboxId` (or the first active mailbox), in the caller's transaction.
   * Returns the outbox ids to dispatch after the commit.
   */
  async queueAdminNotice(
    tx: Tx,
    notice: { kind: 'admin_source_failing'; mailboxId: number | null; values: Record<string, string> },
  ): Promise<number[]> {
    const template = await this.templates.get(notice.kind, tx);
    if (!template.enabled) return [];
    const admins = await this.outbox.activeAdmins(tx);
    const from = this.sender(await this.outbox.senderContext(tx, notice.mailboxId));
    const ids: number[] = [];
    for (const admin of admins) {
      const rendered = renderTemplate(template, { ...notice.values, 'admin.name': admin.name || admin.email });
      const id = await this.outbox.nextId(tx);
      const reason = await this.queued(tx, id, from);
      await this.outbox.insertAutomatic(tx, {
        id,
        kind: notice.kind,
        ticketId: null,
        mailboxId: from.mailboxId,
        mailMessageId: this.tokens.noticeMessageId(id),
        inReplyTo: null,
        references: [],
        from,
        replyTo: null,
        to: [admin.email],
        cc: [],
        subject: rendered.subject,
        bodyText: rendered.text,
        bodyHtml: rendered.html,
        autoSubmitted: 'auto-generated',
        reason,
      });
      ids.push(id);
    }
    return ids;
  }

  /**
   * Mail about a person's own account (an invitation, a password reset) to `to`, from the
   * first active mailbox, in the caller's transaction; its wording is fixed
   * (`ACCOUNT_TEMPLATES`). Returns the outbox id to dispatch after the commit.
   */
  async queueAccountMail(
    tx: Tx,
    mail: { kind: AccountMailKind; to: string; values: Record<string, string> },
  ): Promise<number> {
    const from = this.sender(await this.outbox.senderContext(tx, null));
    const rendered = renderTemplate(ACCOUNT_TEMPLATES[mail.kind], mail.values);
    const id = await this.outbox.nextId(tx);
    await this.outbox.insertAutomatic(tx, {
      id,
      kind: mail.kind,
      ticketId: null,
      mailboxId: from.mailboxId,
      mailMessageId: this.tokens.noticeMessageId(id),
      inReplyTo: null,
      references: [],
      from,
      replyTo: null,
      to: [mail.to],
      cc: [],
      subject: rendered.subject,
      bodyText: rendered.text,
      bodyHtml: rendered.html,
      autoSubmitted: 'auto-generated',
      reason: await this.queued(tx, id, from),
    });
    return id;
  }

  /**
   * Cancels the ticket's automatic mail that is not sent yet (acknowledgements,
   * notifications): the ticket was marked as spam, which closes it without a reply.
   */
  cancelAutomatic(tx: Tx, ticketId: number, reason: string): Promise<number> {
    return this.outbox.cancelAutomatic(tx, ticketId, reason);
  }

  /** Cancels all the ticket's unsent mail (marked as spam or deleted); returns how many. */
  cancelUnsent(tx: Tx, ticketId: number, reason: string): Promise<number> {
    return this.outbox.cancelUnsent(tx, ticketId, reason);
  }

  /**
   * Tells an active agent about something on a ticket: `actorUserId` did it, `messageId`
   * is what was written, `reason` why they hear of it ("which is assigned to you").
   * Nothing for unknown or deactivated users. Writes the in-app notification (the bell)
   * too, in the same transaction and for the same recipient, also when an admin switched
   * the mail off; returns the outbox id, null when no mail was queued.
   */
  async notifyAgent(
    tx: Tx,
    kind: Exclude<TemplateKey, 'customer_acknowledgement'>,
    ticketId: number,
    userId: number,
    about: { actorUserId?: number; messageId?: number; reason?: string } = {},
  ): Promise<number | null> {
    const user = await this.outbox.agentRecipient(tx, ticketId, userId, about);
    if (!user) return null;
    const inApp = IN_APP[kind];
    if (inApp)
      await this.notifications.notify(tx, {
        userId,
        ticketId,
        kind: inApp,
        actorUserId: about.actorUserId,
        messageId: about.messageId,
      });
    const values: Record<string, string> = {
      'agent.name': user.name,
      'actor.name': user.actor ?? 'Someone',
      'agent.reason': about.reason ?? '',
    };
    if (user.message_text !== null) values['message.text'] = user.message_text;
    return this.queueAutomatic(tx, { kind, ticketId, to: user.email, values });
  }

  /**
   * Queues sends after the commit. Never throws: what fails to queue here, the sweeper
   * queues. Without a relay only mail of mailboxes with their own transport is queued: the
   * rest waits, and configuring a relay queues it all. Called after commit, never holding a
   * connection.
   */
  async dispatch(ids: number[]): Promise<void> {
    if (!ids.length) return;
    const relay = await this.relay.configured().catch(() => true);
    const known = ids.map((id) => ({ id, ready: this.readiness.take(id) }));
    const ask = known.filter((k) => k.ready === undefined).map((k) => k.id);
    const owned = relay || !ask.length ? [] : await this.outbox.withOwnTransport(ask).catch(() => ask);
    const ready = relay ? ids : known.filter((k) => k.ready || owned.includes(k.id)).map((k) => k.id);
    for (const id of ready) await this.queue.add('send', { outboundId: id }, this.jobOptions(id));
  }

  /** Queues a row again unless a job for it is already waiting, delayed or running; true when it queued one. */
  requeue(id: number): Promise<boolean> {
    return this.queue.requeue(outboundJobId(id), () => this.dispatch([id]));
  }

  /** Everything waiting in the outbox, queued again: a relay was just configured. */
  async kickQueued(): Promise<number> {
    const ids = await this.outbox.queued(10000);
    for (const id of ids) await this.requeue(id);
    return ids.length;
  }

  /**
   * Sends a failed mail again, or releases a held one past the caps (a person decided);
   * a queued one is queued again. Sent and in-flight mail cannot be retried. Mail of a
   * ticket out of the caller's `scope` is not found.
   */
  async retry(id: number, scope: TicketScope): Promise<OutboundMessageView> {
    const found = await this.outbox.find(id, scope);
    if (!found) throw new NotFoundException(`Outbound message ${id} not found`);
    if (!(await this.outbox.requeueForRetry(id, await this.waitingReason(found.mailbox_id ?? null)))) {
      const existing = await this.outbox.find(id);
      if (!existing) throw new NotFoundException(`Outbound message ${id} not found`);
      throw new ConflictException(
        existing.status === 'failed' || existing.status === 'held' || existing.status === 'queued'
          ? `Outbound message ${id} belongs to a ticket marked as spam or deleted; it is not sent`
          : `Outbound message ${id} is ${existing.status}; only failed, held or queued mail can be retried`,
      );
    }
    await this.requeue(id);
    return this.get(id);
  }

  async get(id: number): Promise<OutboundMessageView> {
    const row = await this.outbox.find(id);
    if (!row) throw new NotFoundException(`Outbound message ${id} not found`);
    return toOutboundView(row);
  }

  /** Everything we send, newest first (the cursor is the last id seen). */
  async list(q: PageQuery & { status?: string }): Promise<Page<OutboundMessageView>> {
    const { limit, afterId } = idPageBounds(q);
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const page = idPage(await this.outbox.list(before, q.status ?? null, limit + 1), limit);
    return { items: page.items.map(toOutboundView), nextCursor: page.nextCursor };
  }

  /**
   * A bounce of our own mail (found by the Message-ID embedded in it) marks that mail
   * failed with the bounce's reason. Returns the tickets whose mail changed.
   */
  markBounced(tx: Tx, mailMessageIds: string[], reason: string): Promise<number[]> {
    if (!mailMessageIds.length) return Promise.resolve([]);
    return this.outbox.markBounced(tx, mailMessageIds, cut(reason, 1000));
  }

  /** What a retried mail from `mailboxId` waits for, if anything: the relay, unless the mailbox has its own transport. */
  private async waitingReason(mailboxId: number | null): Promise<string | null> {
    if (await this.relay.configured().catch(() => true)) return null;
    return (await this.outbox.hasOwnTransport(mailboxId)) ? null : 'no relay configured';
  }

  /**
   * What the new row `id` from `from` waits for (the relay, unless its mailbox has its own
   * transport), remembered until `dispatch` so that it need not ask the database again.
   */
  private async queued(tx: Tx, id: number, from: Sender): Promise<string | null> {
    const ready = from.ownTransport || (await this.relay.configured(tx).catch(() => true));
    this.readiness.set(id, ready);
    return ready ? null : 'no relay configured';
  }

  jobOptions(id: number) {
    return {
      jobId: outboundJobId(id),
      attempts: this.config.outbound.attempts,
      backoff: { type: 'exponential', delay: this.config.outbound.backoffMs },
      // The outbox row is the record admins see; finished jobs need not linger in Redis.
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  /** The address mail about no particular mailbox goes from: the first active mailbox's (a test mail). */
  async defaultSender(): Promise<{ address: string; name: string }> {
    const { address, name } = this.sender(await this.outbox.senderContext(undefined, null));
    return { address, name };
  }

  /** The address we send from: the mailbox's outbound address, or the mailbox itself. */
  private sender(ctx: SenderContext): Sender {
    const mailbox = ctx.mailbox_address ?? this.config.mail.defaultMailbox;
    // A whole-domain mailbox (@example.com) has no address of its own to send from.
    const address = ctx.outbound_from ?? (mailbox.startsWith('@') ? `support${mailbox}` : mailbox);
    return { address, name: ctx.mailbox_name ?? '', mailboxId: ctx.mailbox_id, ownTransport: ctx.own_transport };
  }
}

/** The in-app notification each agent mail has beside it (the bell). */
const IN_APP: Partial<Record<TemplateKey, NotificationKind>> = {
  agent_assigned: 'assigned',
  agent_mentioned: 'mentioned',
  agent_customer_replied: 'customer_replied',
};

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
