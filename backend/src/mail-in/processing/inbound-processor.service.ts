import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { CustomersService } from '../../customers/customers.service';
import { OutboxService } from '../../mail-out/outbox/outbox.service';
import { RealtimeEvent, RealtimePublisher } from '../../realtime/realtime.publisher';
import { TicketsService } from '../../tickets/tickets.service';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { Mailbox } from '../mailboxes/mailbox.entity';
import { LOOP_HEADER } from '../../mail/loop-header';
import { MailFlag } from '../../mail/mail-flags';
import { sanitizeMailHtml } from '../../mail/sanitize-mail-html';
import { subjectTicketNumber, TicketTokens } from '../../mail/ticket-tokens';
import { bounceFailure } from './bounce-report';
import { classify } from './classify';
import { parseMail, ParsedInbound } from './parsed-mail';
import { splitReply } from './reply-splitter';

export interface ProcessOutcome {
  status: 'processed' | 'rejected' | 'skipped';
  ticketId?: number;
  messageId?: number;
  reason?: string;
}

interface SpoolRow {
  id: number;
  status: string;
  raw: Buffer;
  envelope_from: string;
  envelope_to: string[];
}

interface Prepared {
  mail: ParsedInbound;
  mailbox: Mailbox;
  /** Plus-address tokens of our recipients (reply tokens, when they verify). */
  tokens: string[];
  fromAddress: string;
  flags: MailFlag[];
  followers: string[];
}

interface TicketRef {
  id: number;
  status: string;
  requester_id: number;
  mailbox_id: number | null;
  assignee_id: number | null;
}

/** What the transaction leaves to do after its commit. */
interface AfterCommit {
  events: RealtimeEvent[];
  outbound: number[];
}

/**
 * Turns one spooled message into a ticket or a message on an existing ticket, in one
 * transaction with marking the spool row processed. Idempotent: the row is locked and
 * a row that is no longer `received` is skipped; the same Message-ID in one mailbox
 * is one message.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly mailboxes: MailboxesService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly realtime: RealtimePublisher,
    private readonly outbox: OutboxService,
    private readonly tokens: TicketTokens,
  ) {}

  async process(inboundId: number): Promise<ProcessOutcome> {
    const [row]: SpoolRow[] = await this.db.query(
      `SELECT id, status, raw, envelope_from, envelope_to FROM inbound_messages WHERE id = $1`,
      [inboundId],
    );
    if (!row) return { status: 'skipped', reason: 'no such spool row' };
    if (row.status !== 'received') return { status: 'skipped', reason: `already ${row.status}` };
    // Parsing and lookups that need no lock happen before the transaction, so it holds
    // its connection and the row lock only for the writes.
    const prepared = await this.prepare(row);
    const after: AfterCommit = { events: [], outbound: [] };
    const outcome = await this.db.transaction(async (tx) => {
      // Safe to commit without waiting for the WAL flush: should PostgreSQL crash before
      // the flush, the spool row rolls back to `received` together with the ticket, and
      // is processed again. (The SMTP side's commit before 250 stays synchronous.)
      const [locked] = await tx.query(
        `SELECT set_config('synchronous_commit', 'off', true), status FROM inbound_messages WHERE id = $1 FOR UPDATE`,
        [inboundId],
      );
      if (locked.status !== 'received')
        return { status: 'skipped', reason: `already ${locked.status}` } satisfies ProcessOutcome;
      const result =
        'rejected' in prepared
          ? { status: 'rejected' as const, reason: prepared.rejected }
          : await this.store(tx, row, prepared, after);
      await tx.query(
        `UPDATE inbound_messages SET status = $2, processed_at = now(), attempts = attempts + 1, reason = $3, ticket_id = $4, message_id = $5
          WHERE id = $1`,
        [row.id, result.status, result.reason ?? null, result.ticketId ?? null, result.messageId ?? null],
      );
      return result;
    });
    await this.outbox.dispatch(after.outbound);
    for (const e of after.events) await this.realtime.publish(e);
    return outcome;
  }

  /** Everything decided from the message alone: parse, mailbox, tokens, noise flags, our own mail. */
  private async prepare(row: SpoolRow): Promise<Prepared | { rejected: string }> {
    const mail = await parseMail(row.raw);
    const recipients = [...row.envelope_to, ...mail.to, ...mail.cc];
    let mailbox: Mailbox | null = null;
    const tokens: string[] = [];
    const others: string[] = [];
    for (const address of new Set(recipients)) {
      const resolved = await this.mailboxes.resolve(address);
      if (!resolved) {
        others.push(address);
        continue;
      }
      mailbox ??= resolved.mailbox;
      if (resolved.token) tokens.push(resolved.token);
    }
    if (!mailbox) return { rejected: 'no recipient is a mailbox of this help desk' };

    // Mail we sent ourselves, coming back: never a ticket (that is how loops start).
    if (
      mail.headers.get(LOOP_HEADER) !== undefined ||
      (mail.messageId && this.tokens.ticketOfMessageId(mail.messageId) !== null)
    ) {
      return { rejected: 'our own mail came back (loop protection)' };
    }
    const fromAddress = mail.from?.address ?? (row.envelope_from || 'unknown@invalid');
    if (await this.mailboxes.isOwnAddress(fromAddress)) return { rejected: `sent from our own address ${fromAddress}` };
    const flags = classify(mail.headers, row.envelope_from, fromAddress, mail.contentType);
    // CC'd people who may become followers: not us, not the sender.
    const followers = others.filter((a) => a !== fromAddress && (mail.to.includes(a) || mail.cc.includes(a)));
    return { mail, mailbox, tokens, fromAddress, flags, followers };
  }

  private async store(tx: EntityManager, row: SpoolRow, p: Prepared, after: AfterCommit): Promise<ProcessOutcome> {
    const { mail, mailbox, tokens, fromAddress, flags } = p;
    const messageId =
      mail.messageId ?? `<sha256.${createHash('sha256').update(row.raw).digest('hex')}@helpdesk.invalid>`;
    const [known] = await tx.query(
      `SELECT d.id AS dup_id, d.ticket_id AS dup_ticket, (SELECT u.id FROM users u WHERE u.email = $3 AND u.active) AS agent_id
         FROM (SELECT 1) one LEFT JOIN messages d ON d.mailbox_id = $1 AND d.mail_message_id = $2`,
      [mailbox.id, messageId, fromAddress],
    );
    if (known.dup_id)
      return {
        status: 'processed',
        ticketId: known.dup_ticket,
        messageId: known.dup_id,
        reason: 'duplicate Message-ID: already on the ticket',
      };
    const agent = known.agent_id ? { id: known.agent_id as number } : undefined;

    let ticket: TicketRef | null;
    let link: { ticketId: number; kind: 'follow_up' | 'mentioned' } | null = null;
    if (flags.includes('bounce')) {
      const bounced = await this.bouncedTicket(tx, mail, mailbox.id);
      if (!bounced) return { status: 'rejected', reason: 'a bounce for a message this help desk did not send' };
      ticket = bounced.ticket;
      // A bounce of our own mail marks that mail failed (a delay warning does not).
      const failure = bounceFailure(mail);
      if (failure) {
        for (const ticketId of await this.outbox.markBounced(tx, bounced.messageIds, failure)) {
          after.events.push({ type: 'ticket.updated', ticketId, fields: ['delivery'] });
        }
      }
    } else {
      const found = await this.findThread(tx, mail, tokens, mailbox.id, fromAddress, flags, agent?.id);
      ticket = found.ticket;
      if (found.mentioned) link = { ticketId: found.mentioned, kind: 'mentioned' };
    }
    if (ticket && ticket.status === 'closed') {
      link = { ticketId: ticket.id, kind: 'follow_up' };
      ticket = null;
    }

    const customer = agent ? null : await this.customers.findOrCreate(tx, fromAddress, mail.from?.name);
    const body = await this.bodies(mail);
    const actor = agent ? { userId: agent.id as number } : { customerId: customer!.id };
    const isNew = !ticket;
    let ticketId: number;
    if (ticket) {
      ticketId = ticket.id;
    } else {
      const requesterId = customer?.id ?? (await this.customers.findOrCreate(tx, fromAddress, mail.from?.name)).id;
      ticketId = await this.tickets.insertTicket(
        tx,
        {
          subject: (mail.subject || '(no subject)').slice(0, 500),
          requesterId,
          groupId: mailbox.defaultGroupId,
          mailboxId: mailbox.id,
        },
        actor,
      );
      if (link)
        await tx.query(
          `INSERT INTO ticket_links (ticket_id, linked_ticket_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [ticketId, link.ticketId, link.kind],
        );
    }

    const messageRowId = await this.tickets.insertMessage(tx, actor, {
      ticketId,
      authorUserId: agent?.id ?? null,
      authorCustomerId: customer?.id ?? null,
      visibility: flags.includes('bounce') ? 'internal' : 'public',
      channel: 'email',
      bodyText: body.visible,
      fullText: body.full,
      bodyHtml: null,
      mail: {
        mailboxId: mailbox.id,
        inboundMessageId: row.id,
        messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        from: fromAddress,
        to: mail.to,
        cc: mail.cc,
        flags,
      },
    });
    const cidUrls = await this.storeAttachments(tx, messageRowId, mail);
    if (mail.html)
      await tx.query(`UPDATE messages SET body_html = $2 WHERE id = $1`, [
        messageRowId,
        sanitizeMailHtml(mail.html, cidUrls),
      ]);

    // A person's reply reopens a ticket waiting on them; automatic mail never moves a ticket.
    const automatic = flags.length > 0;
    if (!isNew && !automatic && !agent && ticket && ['pending', 'solved'].includes(ticket.status)) {
      await this.tickets.applyChanges(
        tx,
        ticketId,
        { status: 'open', ...this.tickets.statusTimestamps('open') },
        [{ field: 'status', before: ticket.status, after: 'open' }],
        actor,
      );
    } else if (!isNew) {
      await this.tickets.applyChanges(tx, ticketId, {}, [], actor); // bumps updated_at
    }
    if (!agent && !automatic) await this.addFollowers(tx, ticketId, p.followers);

    // Automatic mail answers only people, never auto-replies, bounces or lists (loop protection).
    if (!agent && !automatic && isNew) {
      after.outbound.push(
        await this.outbox.queueAutomatic(tx, {
          kind: 'customer_acknowledgement',
          ticketId,
          to: fromAddress,
          inReplyTo: messageId,
          references: mail.references,
        }),
      );
    } else if (!agent && !automatic && ticket?.assignee_id) {
      const queued = await this.outbox.notifyAgent(tx, 'agent_customer_replied', ticketId, ticket.assignee_id, {
        messageText: body.visible,
      });
      if (queued) after.outbound.push(queued);
    } else if (
      agent &&
      !automatic &&
      !isNew &&
      !(await this.requesterAddressed(tx, ticketId, [...mail.to, ...mail.cc]))
    ) {
      // An agent answering by mail (say, to a notification) answers the customer, who gets it from us.
      after.outbound.push(await this.outbox.queueReply(tx, ticketId, messageRowId));
    }

    after.events.push(
      isNew
        ? { type: 'ticket.created', ticketId }
        : { type: 'message.created', ticketId, messageId: messageRowId, internal: false },
    );
    return { status: 'processed', ticketId, messageId: messageRowId };
  }

  /**
   * Threading, first hit wins (DESIGN.md 2.5): our signed Message-IDs in In-Reply-To /
   * References; a signed reply token in a recipient; the customer's own Message-IDs
   * within this mailbox when the sender takes part (or both are mailing-list mail); the
   * [#number] tag for participants.
   * Never the subject text alone.
   */
  private async findThread(
    tx: EntityManager,
    mail: ParsedInbound,
    tokens: string[],
    mailboxId: number,
    from: string,
    flags: MailFlag[],
    agentId?: number,
  ) {
    const refs = [mail.inReplyTo, ...[...mail.references].reverse()].filter((x): x is string => !!x);
    for (const ref of refs) {
      const id = this.tokens.ticketOfMessageId(ref);
      if (id !== null) {
        const t = await this.ticketRef(tx, `t.id = $1`, [id]);
        if (t) return { ticket: t };
      }
    }
    for (const token of tokens) {
      const id = this.tokens.ticketOfReplyToken(token);
      if (id !== null) {
        const t = await this.ticketRef(tx, `t.id = $1`, [id]);
        if (t) return { ticket: t };
      }
    }
    if (refs.length) {
      const [parent] = await tx.query(
        `SELECT m.ticket_id, 'list' = ANY(m.mail_flags) AS list FROM messages m
          WHERE m.mailbox_id = $1 AND m.mail_message_id = ANY($2::text[])
          -- The closest ancestor wins: In-Reply-To, then References from the newest.
          ORDER BY array_position($2::text[], m.mail_message_id), m.id DESC LIMIT 1`,
        [mailboxId, refs],
      );
      const t = parent && (await this.ticketRef(tx, `t.id = $1`, [parent.ticket_id]));
      // Mailing-list threads stay together whoever writes: both sides are list mail, never a customer's private ticket.
      const listThread = parent?.list && flags.includes('list');
      if (t && (agentId || listThread || (await this.takesPart(tx, t, from)))) return { ticket: t };
    }
    const number = subjectTicketNumber(mail.subject);
    if (number !== null) {
      const t = await this.ticketRef(tx, `t.number = $1`, [number]);
      if (t && (agentId || (await this.takesPart(tx, t, from)))) return { ticket: t };
      if (t) return { ticket: null, mentioned: t.id };
    }
    return { ticket: null };
  }

  /** Whether the ticket's requester was among these recipients (then they have the mail already). */
  private async requesterAddressed(tx: EntityManager, ticketId: number, recipients: string[]): Promise<boolean> {
    const [row] = await tx.query(
      `SELECT c.email = ANY($2::text[]) AS yes FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.id = $1`,
      [ticketId, recipients],
    );
    return row.yes;
  }

  /** The requester, a follower, or anyone who has written on the ticket from this address. */
  private async takesPart(tx: EntityManager, t: TicketRef, address: string): Promise<boolean> {
    const [row] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = $2 AND c.email = $3)
           OR EXISTS (SELECT 1 FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE f.ticket_id = $1 AND c.email = $3)
           OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = $1 AND m.from_address = $3) AS yes`,
      [t.id, t.requester_id, address],
    );
    return row.yes;
  }

  /** A bounce belongs to the ticket of the message it bounces, named in the embedded original. */
  private async bouncedTicket(
    tx: EntityManager,
    mail: ParsedInbound,
    mailboxId: number,
  ): Promise<{ ticket: TicketRef; messageIds: string[] } | null> {
    const embedded = mail.attachments
      .filter((a) => /^(message\/rfc822|text\/rfc822-headers|message\/rfc822-headers)/i.test(a.contentType))
      .flatMap((a) => [...a.content.toString('utf8').matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) => m[1]));
    const candidates = [
      ...embedded,
      ...[...mail.text.matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) => m[1]),
      mail.inReplyTo,
    ].filter((x): x is string => !!x);
    for (const id of candidates) {
      const ours = this.tokens.ticketOfMessageId(id);
      const t =
        ours !== null
          ? await this.ticketRef(tx, `t.id = $1`, [ours])
          : await this.ticketRef(
              tx,
              `t.id = (SELECT ticket_id FROM messages WHERE mailbox_id = $1 AND mail_message_id = $2 LIMIT 1)`,
              [mailboxId, id],
            );
      if (t) return { ticket: t, messageIds: candidates };
    }
    return null;
  }

  private async ticketRef(tx: EntityManager, where: string, params: unknown[]): Promise<TicketRef | null> {
    const [t] = await tx.query(
      `SELECT t.id, t.status, t.requester_id, t.mailbox_id, t.assignee_id FROM tickets t WHERE ${where} FOR UPDATE`,
      params,
    );
    return t ?? null;
  }

  private async bodies(mail: ParsedInbound) {
    const full =
      mail.text.trim() ||
      (mail.html
        ? mail.html
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
        : '');
    const split = splitReply(full);
    const note = mail.parseError
      ? `[This message could not be parsed as MIME (${mail.parseError}); it is shown as received.]\n\n`
      : '';
    return { visible: note + (split.visible || '(no text)'), full: split.quoted ? full : null };
  }

  private async storeAttachments(tx: EntityManager, messageId: number, mail: ParsedInbound) {
    const cidUrls = new Map<string, string>();
    for (const a of mail.attachments) {
      const [row] = await tx.query(
        `INSERT INTO attachments (message_id, filename, content_type, size, content_id, inline, data) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          messageId,
          a.filename.slice(0, 255),
          a.contentType.slice(0, 255),
          a.content.length,
          a.contentId,
          a.inline,
          a.content,
        ],
      );
      if (a.contentId) cidUrls.set(a.contentId, `/api/v1/attachments/${row.id}`);
    }
    return cidUrls;
  }

  private async addFollowers(tx: EntityManager, ticketId: number, addresses: string[]) {
    for (const address of addresses) {
      const [agent] = await tx.query(`SELECT 1 FROM users WHERE email = $1`, [address]);
      if (agent) continue;
      const c = await this.customers.findOrCreate(tx, address);
      await tx.query(
        `INSERT INTO ticket_followers (ticket_id, customer_id) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = $1 AND requester_id = $2)
         ON CONFLICT DO NOTHING`,
        [ticketId, c.id],
      );
    }
  }
}
