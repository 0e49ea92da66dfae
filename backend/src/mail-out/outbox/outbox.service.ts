import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { Queryable, returning } from '../../common/returning';
import { TicketTokens } from '../../mail-in/threading/ticket-tokens';
import { bullConnection, OUTBOUND_QUEUE, outboundJobId } from '../../queues/queues';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { renderTemplate, TemplateKey } from '../templates/mail-templates';
import { RelaySettingsService } from '../relay/relay-settings.service';
import { MailTemplatesService } from '../templates/mail-templates.service';
import { composeReply, replySubject, threadReferences, withTicketTag } from './reply-content';
import { OUTBOUND_COLUMNS, OutboundMessageView, toOutboundView } from './outbound.view';

/** What a mail needs to know about its ticket and the mailbox it is sent from. */
interface MailContext {
  ticket_id: number;
  number: number;
  subject: string;
  customer_email: string;
  customer_name: string;
  mailbox_id: number | null;
  mailbox_address: string | null;
  mailbox_name: string | null;
  outbound_from: string | null;
  outbound_id: number;
}

export interface AutomaticMail {
  kind: TemplateKey;
  ticketId: number;
  /** The one recipient's address. */
  to: string;
  /** Values beyond the ticket's, customer's and mailbox's own (agent.name, actor.name, message.text). */
  values?: Record<string, string>;
  /** For an acknowledgement: the customer's message it answers, so it threads in their mail client. */
  inReplyTo?: string | null;
  references?: string[];
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
  readonly queue: Queue;
  readonly tokens: TicketTokens;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly templates: MailTemplatesService,
    private readonly relay: RelaySettingsService,
    secrets: SecretKeyService,
  ) {
    this.queue = new Queue(OUTBOUND_QUEUE, { connection: bullConnection(config.redis.url) });
    this.queue.on('error', (e) => this.logger.warn(`queue: ${e.message}`));
    this.tokens = new TicketTokens(secrets, config.mail.domain ?? config.mail.defaultMailbox.split('@')[1]);
  }

  async onModuleDestroy() {
    await this.queue.close();
  }

  /**
   * Emails an agent's public reply (already inserted as `messageId`) to the requester,
   * CC the followers: stamps the message with its signed Message-ID and threading
   * headers (unless it came in by mail and has its own) and writes the outbox row, in
   * the caller's transaction.
   */
  async queueReply(tx: EntityManager, ticketId: number, messageId: number): Promise<number> {
    const [ctx] = await tx.query(
      `${CONTEXT_SQL},
              (SELECT coalesce(array_agg(fc.email ORDER BY fc.email), '{}') FROM ticket_followers f JOIN customers fc ON fc.id = f.customer_id
                WHERE f.ticket_id = t.id) AS followers,
              p.mail_message_id AS parent_id, p.mail_references AS parent_references, m.body_text,
              (SELECT coalesce(json_agg(h ORDER BY h.id DESC), '[]') FROM (
                 SELECT e.id, e.body_text, e.created_at, coalesce(nullif(u.name, ''), nullif(ec.name, ''), ec.email, 'System') AS author
                   FROM messages e LEFT JOIN users u ON u.id = e.author_user_id LEFT JOIN customers ec ON ec.id = e.author_customer_id
                  WHERE e.ticket_id = t.id AND e.id < $2 AND e.visibility = 'public' ORDER BY e.id DESC LIMIT 3) h) AS history
         ${CONTEXT_FROM}
         JOIN messages m ON m.id = $2
         LEFT JOIN LATERAL (SELECT mail_message_id, mail_references FROM messages
                             WHERE ticket_id = t.id AND id < $2 AND visibility = 'public' AND mail_message_id IS NOT NULL
                             ORDER BY id DESC LIMIT 1) p ON true
        WHERE t.id = $1`,
      [ticketId, messageId],
    );
    const from = this.sender(ctx);
    const mailMessageId = this.tokens.messageId(ticketId, messageId);
    const references = threadReferences(ctx.parent_references ?? [], ctx.parent_id);
    const cc = (ctx.followers as string[]).filter((a) => a !== ctx.customer_email);
    const body = composeReply(ctx.body_text, ctx.history);
    await tx.query(
      `WITH m AS (
         UPDATE messages SET mailbox_id = $3, mail_message_id = $4, in_reply_to = $5, mail_references = $6, from_address = $7,
                to_addresses = $8, cc_addresses = $9
          WHERE id = $2 AND mail_message_id IS NULL
       )
       INSERT INTO outbound_messages (id, kind, ticket_id, message_id, mailbox_id, mail_message_id, in_reply_to, mail_references, from_address,
         to_addresses, cc_addresses, from_name, reply_to, subject, body_text, body_html, reason)
       VALUES ($1, 'reply', $10, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13, $14, $15, $16)`,
      [
        ctx.outbound_id,
        messageId,
        ctx.mailbox_id,
        mailMessageId,
        ctx.parent_id,
        references,
        from.address,
        [ctx.customer_email],
        cc,
        ticketId,
        from.name,
        this.tokens.replyAddress(from.address, ticketId),
        withTicketTag(replySubject(ctx.subject), ctx.number),
        body.text,
        body.html,
        await this.waitingReason(tx),
      ],
    );
    return ctx.outbound_id;
  }

  /** An automatic mail from its template, in the caller's transaction. */
  async queueAutomatic(tx: EntityManager, mail: AutomaticMail): Promise<number> {
    const [ctx]: MailContext[] = await tx.query(`${CONTEXT_SQL} ${CONTEXT_FROM} WHERE t.id = $1`, [mail.ticketId]);
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
    const rendered = renderTemplate(await this.templates.get(mail.kind, tx), values);
    const inReplyTo = mail.inReplyTo ?? null;
    await tx.query(
      `INSERT INTO outbound_messages (id, kind, ticket_id, mailbox_id, mail_message_id, in_reply_to, mail_references, from_address, from_name,
         reply_to, to_addresses, subject, body_text, body_html, auto_submitted, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        ctx.outbound_id,
        mail.kind,
        mail.ticketId,
        ctx.mailbox_id,
        this.tokens.automaticMessageId(mail.ticketId, ctx.outbound_id),
        inReplyTo,
        // The reply address brings an answer to an acknowledgement (or a notification) back to the ticket.
        threadReferences(mail.references ?? [], inReplyTo),
        from.address,
        from.name,
        this.tokens.replyAddress(from.address, mail.ticketId),
        [mail.to],
        withTicketTag(rendered.subject, ctx.number),
        rendered.text,
        rendered.html,
        mail.kind === 'customer_acknowledgement' ? 'auto-replied' : 'auto-generated',
        await this.waitingReason(tx),
      ],
    );
    return ctx.outbound_id;
  }

  /**
   * A notice to every active admin about something that concerns no ticket (a mailbox source
   * failing), from `mailboxId` (or the first active mailbox), in the caller's transaction.
   * Returns the outbox ids to dispatch after the commit.
   */
  async queueAdminNotice(
    tx: EntityManager,
    notice: { kind: 'admin_source_failing'; mailboxId: number | null; values: Record<string, string> },
  ): Promise<number[]> {
    const admins: { email: string; name: string }[] = await tx.query(
      `SELECT email, name FROM users WHERE role = 'admin' AND active ORDER BY id`,
    );
    const [ctx]: MailContext[] = await tx.query(
      `SELECT mb.id AS mailbox_id, mb.address AS mailbox_address, nullif(mb.display_name, '') AS mailbox_name, mb.outbound_from
         FROM (SELECT 1) one
         LEFT JOIN mailboxes mb ON mb.id = coalesce($1, (SELECT id FROM mailboxes WHERE active ORDER BY id LIMIT 1))`,
      [notice.mailboxId],
    );
    const from = this.sender(ctx);
    const template = await this.templates.get(notice.kind, tx);
    const reason = await this.waitingReason(tx);
    const ids: number[] = [];
    for (const admin of admins) {
      const rendered = renderTemplate(template, { ...notice.values, 'admin.name': admin.name || admin.email });
      const [{ id }] = await tx.query(`SELECT nextval(pg_get_serial_sequence('outbound_messages', 'id')) AS id`);
      await tx.query(
        `INSERT INTO outbound_messages (id, kind, mailbox_id, mail_message_id, from_address, from_name, to_addresses, subject,
           body_text, body_html, auto_submitted, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'auto-generated', $11)`,
        [
          id,
          notice.kind,
          ctx.mailbox_id,
          this.tokens.noticeMessageId(id),
          from.address,
          from.name,
          [admin.email],
          rendered.subject,
          rendered.text,
          rendered.html,
          reason,
        ],
      );
      ids.push(id);
    }
    return ids;
  }

  /**
   * Tells an active agent about something on a ticket (`actorUserId` did it, `messageText`
   * is what was written); nothing for unknown or deactivated users.
   */
  async notifyAgent(
    tx: EntityManager,
    kind: Exclude<TemplateKey, 'customer_acknowledgement'>,
    ticketId: number,
    userId: number,
    about: { actorUserId?: number; messageText?: string } = {},
  ): Promise<number | null> {
    const [user] = await tx.query(
      `SELECT u.email, u.name, (SELECT a.name FROM users a WHERE a.id = $2) AS actor FROM users u WHERE u.id = $1 AND u.active`,
      [userId, about.actorUserId ?? null],
    );
    if (!user) return null;
    const values: Record<string, string> = { 'agent.name': user.name, 'actor.name': user.actor ?? 'Someone' };
    if (about.messageText !== undefined) values['message.text'] = about.messageText;
    return this.queueAutomatic(tx, { kind, ticketId, to: user.email, values });
  }

  /**
   * Queues sends after the commit. Never throws: what fails to queue here, the sweeper
   * queues. Without a relay nothing is queued: the rows wait, and configuring a relay
   * queues them all. A caller inside a transaction passes it (no second connection).
   */
  async dispatch(ids: number[], db?: Queryable): Promise<void> {
    if (!ids.length || !(await this.relay.configured(db).catch(() => true))) return;
    for (const id of ids) {
      try {
        await withTimeout(this.queue.add('send', { outboundId: id }, this.jobOptions(id)), 2000);
      } catch (e) {
        this.logger.warn(`could not queue outbound ${id} (the sweeper will): ${(e as Error).message}`);
      }
    }
  }

  /** Queues a row again unless a job for it is already waiting, delayed or running; true when it queued one. */
  async requeue(id: number, db?: Queryable): Promise<boolean> {
    const job = await this.queue.getJob(outboundJobId(id));
    if (job) {
      const state = await job.getState();
      if (['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(state)) return false;
      await job.remove().catch(() => undefined);
    }
    await this.dispatch([id], db);
    return true;
  }

  /** Everything waiting in the outbox, queued again: a relay was just configured. */
  async kickQueued(): Promise<number> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT id FROM outbound_messages WHERE status = 'queued' ORDER BY id LIMIT 10000`,
    );
    for (const r of rows) await this.requeue(r.id);
    return rows.length;
  }

  /**
   * Sends a failed mail again, or releases a held one past the caps (a person decided);
   * a queued one is queued again. Sent and in-flight mail cannot be retried.
   */
  async retry(id: number): Promise<OutboundMessageView> {
    const [row] = await returning(
      this.db,
      `UPDATE outbound_messages o SET status = 'queued', reason = $2, updated_at = now(),
              caps_released = o.caps_released OR o.status = 'held'
        WHERE id = $1 AND status IN ('failed', 'held', 'queued') RETURNING id`,
      [id, await this.waitingReason()],
    );
    if (!row) {
      const [existing] = await this.db.query(`SELECT status FROM outbound_messages WHERE id = $1`, [id]);
      if (!existing) throw new NotFoundException(`Outbound message ${id} not found`);
      throw new ConflictException(
        `Outbound message ${id} is ${existing.status}; only failed, held or queued mail can be retried`,
      );
    }
    await this.requeue(id);
    return this.get(id);
  }

  async get(id: number): Promise<OutboundMessageView> {
    const [row] = await this.db.query(`SELECT ${OUTBOUND_COLUMNS} FROM outbound_messages o WHERE o.id = $1`, [id]);
    if (!row) throw new NotFoundException(`Outbound message ${id} not found`);
    return toOutboundView(row);
  }

  /**
   * A bounce of our own mail (found by the Message-ID embedded in it) marks that mail
   * failed with the bounce's reason. Returns the tickets whose mail changed.
   */
  async markBounced(tx: EntityManager, mailMessageIds: string[], reason: string): Promise<number[]> {
    if (!mailMessageIds.length) return [];
    const rows = await returning<{ ticket_id: number }>(
      tx,
      `UPDATE outbound_messages SET status = 'failed', reason = $2, updated_at = now()
        WHERE mail_message_id = ANY($1::text[]) AND status IN ('sent', 'sending', 'queued') RETURNING ticket_id`,
      [mailMessageIds, cut(reason, 1000)],
    );
    return [...new Set(rows.map((r) => r.ticket_id))];
  }

  /** What a new or retried mail waits for, if anything. */
  private async waitingReason(db?: Queryable): Promise<string | null> {
    return (await this.relay.configured(db).catch(() => true)) ? null : 'no relay configured';
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

  /** The address we send from: the mailbox's outbound address, or the mailbox itself. */
  private sender(ctx: MailContext): { address: string; name: string } {
    const mailbox = ctx.mailbox_address ?? this.config.mail.defaultMailbox;
    // A whole-domain mailbox (@example.com) has no address of its own to send from.
    const address = ctx.outbound_from ?? (mailbox.startsWith('@') ? `support${mailbox}` : mailbox);
    return { address, name: ctx.mailbox_name ?? '' };
  }
}

const CONTEXT_SQL = `
  SELECT t.id AS ticket_id, t.number, t.subject, c.email AS customer_email, c.name AS customer_name,
         mb.id AS mailbox_id, mb.address AS mailbox_address, nullif(mb.display_name, '') AS mailbox_name, mb.outbound_from,
         nextval(pg_get_serial_sequence('outbound_messages', 'id')) AS outbound_id`;
// Tickets that came in by mail are answered from their mailbox; others from the first active one.
const CONTEXT_FROM = `
    FROM tickets t
    JOIN customers c ON c.id = t.requester_id
    LEFT JOIN mailboxes mb ON mb.id = coalesce(t.mailbox_id, (SELECT id FROM mailboxes WHERE active ORDER BY id LIMIT 1))`;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}
