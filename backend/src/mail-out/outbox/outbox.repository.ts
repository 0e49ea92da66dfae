import { Injectable } from '@nestjs/common';
import { ALL_TICKETS, scopeSql, TicketScope, userReachesSql } from '../../common/ticket-scope';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';
import type { AccountMailKind } from '../templates/account-mail';
import { NOT_FOR_CUSTOMERS } from '../../mail/mail-flags';
import { OutboundStatus } from '../../mail/outbound-status';
import { SIGNATURE_COLUMNS, SignatureContext } from '../signatures/signatures.repository';
import type { TemplateKey } from '../templates/mail-templates';
import type { TransportSettings, TransportType } from '../transports/transport-settings';

/** An agent's reply, an automatic mail named by its template, or a business rule's email. */
export type OutboundKind = 'reply' | 'forward' | TemplateKey | 'rule_notification' | AccountMailKind;

/** An outbox row as admins see it (OUTBOUND_COLUMNS). */
export interface OutboundListRow {
  id: number;
  kind: OutboundKind;
  /** Null for a notice to admins about no ticket. */
  ticket_id: number | null;
  message_id: number | null;
  mailbox_id: number | null;
  status: OutboundStatus;
  reason: string | null;
  attempts: number;
  mail_message_id: string;
  from_address: string;
  from_name: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  auto_submitted: string | null;
  relay_response: string | null;
  /** What it went out through (relay, smtp, microsoft365, gmail); null before the first attempt. */
  transport: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

/** An outbox row as the sender needs it, with what one round trip also tells. */
export interface OutboundSendRow extends OutboundListRow {
  in_flight: boolean;
  has_attachments: boolean;
  /** The relay saved in settings (SMTP_RELAY_URL, when set, wins over it). */
  saved_relay: string | null;
  reply_to: string | null;
  body_text: string;
  body_html: string;
  in_reply_to: string | null;
  mail_references: string[];
  caps_released: boolean;
  /** A forward's files of the messages it quotes (sent after its own). */
  forwarded_attachment_ids: number[];
  /** The mailbox's own transport, when it has one (else the relay), with its sealed secrets. */
  transport_type: TransportType | null;
  transport_settings: TransportSettings | null;
  transport_secrets: Buffer | null;
  transport_version: number | null;
  /** The DKIM key of the From address's domain, when there is one (sealed). */
  dkim_domain: string | null;
  dkim_selector: string | null;
  dkim_private_key: Buffer | null;
}

/** The mailbox a mail is sent from (none when there is no mailbox at all). */
export interface SenderContext {
  mailbox_id: number | null;
  mailbox_address: string | null;
  mailbox_name: string | null;
  outbound_from: string | null;
  /** The mailbox sends through its own transport (`mail_transports`), so it needs no relay. */
  own_transport: boolean;
}

/** What a mail needs to know about its ticket and the mailbox it is sent from, and the id its row will have. */
export interface MailContext extends SenderContext {
  ticket_id: number;
  number: number;
  subject: string;
  customer_email: string;
  customer_name: string;
  outbound_id: number;
}

/** The context of a reply: its followers, the message it answers, its text and the recent conversation. */
export interface ReplyContext extends MailContext, SignatureContext {
  followers: string[];
  parent_id: string | null;
  parent_references: string[] | null;
  body_text: string;
  /** The reply's HTML when an agent wrote it in the help desk with rich text (stored sanitised), else null. */
  body_html: string | null;
  /** Its inline images: attachment ids and Content-IDs. */
  inline_images: { id: number; cid: string }[];
  history: { id: number; body_text: string; created_at: string; author: string; mail_flags: string[] }[];
}

/** The context of a forward: its text and the messages it quotes, with their files (not inline images). */
export interface ForwardContext extends MailContext {
  body_text: string;
  quoted: { id: number; body_text: string; created_at: string; author: string; attachment_ids: number[] }[];
}

/** An outbox row as written. */
export interface NewOutbound {
  id: number;
  kind: OutboundKind;
  /** Null for a notice to admins about no ticket. */
  ticketId: number | null;
  mailboxId: number | null;
  mailMessageId: string;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string };
  /** Our reply address (plus-addressed with the ticket's token); null when there is no ticket to answer. */
  replyTo: string | null;
  to: string[];
  cc: string[];
  subject: string;
  bodyText: string;
  bodyHtml: string;
  autoSubmitted: string | null;
  reason: string | null;
}

const OUTBOUND_COLUMNS = `o.id, o.kind, o.ticket_id, o.message_id, o.mailbox_id, o.status, o.reason, o.attempts, o.mail_message_id, o.from_address,
  o.from_name, o.to_addresses, o.cc_addresses, o.subject, o.auto_submitted, o.relay_response, o.transport, o.created_at, o.updated_at,
  o.sent_at`;
// Read with the mailbox, so a mail knows whether it waits for the relay without a statement of its own.
const OWN_TRANSPORT = `EXISTS (SELECT 1 FROM mail_transports mt WHERE mt.mailbox_id = mb.id) AS own_transport`;
const CONTEXT_SQL = `
  SELECT t.id AS ticket_id, t.number, t.subject, c.email AS customer_email, c.name AS customer_name,
         mb.id AS mailbox_id, mb.address AS mailbox_address, nullif(mb.display_name, '') AS mailbox_name, mb.outbound_from,
         ${OWN_TRANSPORT}, nextval(pg_get_serial_sequence('outbound_messages', 'id')) AS outbound_id`;
// Tickets that came in by mail are answered from their mailbox; others from the first active one.
const CONTEXT_FROM = `
    FROM tickets t
    JOIN customers c ON c.id = t.requester_id
    LEFT JOIN mailboxes mb ON mb.id = coalesce(t.mailbox_id, (SELECT id FROM mailboxes WHERE active ORDER BY id LIMIT 1))`;

/**
 * The outbox, `outbound_messages` (DESIGN.md section 3): every mail we send, written in
 * the transaction of its cause and sent once by the worker (`sending/`).
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly sql: Sql) {}

  /** The context of an automatic mail on a ticket. */
  async mailContext(tx: Tx, ticketId: number): Promise<MailContext> {
    return (await this.sql.row<MailContext>(`${CONTEXT_SQL} ${CONTEXT_FROM} WHERE t.id = $1`, [ticketId], tx))!;
  }

  /** The mailbox `mailboxId`, or the first active one when null (or when it is gone). */
  async senderContext(tx: Tx | undefined, mailboxId: number | null): Promise<SenderContext> {
    return (await this.sql.row<SenderContext>(
      `SELECT mb.id AS mailbox_id, mb.address AS mailbox_address, nullif(mb.display_name, '') AS mailbox_name, mb.outbound_from,
              ${OWN_TRANSPORT}
         FROM (SELECT 1) one
         LEFT JOIN mailboxes mb ON mb.id = coalesce((SELECT id FROM mailboxes WHERE id = $1),
                                                    (SELECT id FROM mailboxes WHERE active ORDER BY id LIMIT 1))`,
      [mailboxId],
      tx,
    ))!;
  }

  /** The id the next outbox row gets (taken now, so its Message-ID can name it). */
  async nextId(tx: Tx): Promise<number> {
    return (await this.sql.row<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('outbound_messages', 'id')) AS id`,
      [],
      tx,
    ))!.id;
  }

  /** The active admins, who get the notices that concern no ticket. */
  activeAdmins(tx: Tx): Promise<{ email: string; name: string }[]> {
    return this.sql.rows(`SELECT email, name FROM users WHERE role = 'admin' AND active ORDER BY id`, [], tx);
  }

  /** The context of emailing `messageId`, a public reply on the ticket. */
  async replyContext(tx: Tx, ticketId: number, messageId: number): Promise<ReplyContext> {
    const row = await this.sql.row<ReplyContext>(
      `${CONTEXT_SQL},
              (SELECT coalesce(array_agg(fc.email ORDER BY fc.email), '{}') FROM ticket_followers f JOIN customers fc ON fc.id = f.customer_id
                WHERE f.ticket_id = t.id) AS followers,
              p.mail_message_id AS parent_id, p.mail_references AS parent_references, m.body_text, ${SIGNATURE_COLUMNS},
              -- An agent's mail forwarded to the requester keeps its text reply, as it always did.
              CASE WHEN m.channel = 'web' THEN m.body_html END AS body_html,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'cid', a.content_id) ORDER BY a.id), '[]')
                 FROM attachments a WHERE a.message_id = m.id AND a.inline AND a.content_id IS NOT NULL) AS inline_images,
              (SELECT coalesce(json_agg(h ORDER BY h.id DESC), '[]') FROM (
                 SELECT e.id, e.body_text, e.created_at, e.mail_flags,
                        coalesce(nullif(u.name, ''), nullif(ec.name, ''), ec.email, 'System') AS author
                   FROM messages e LEFT JOIN users u ON u.id = e.author_user_id LEFT JOIN customers ec ON ec.id = e.author_customer_id
                  WHERE e.ticket_id = t.id AND e.id < $2 AND e.visibility = 'public' AND NOT (e.mail_flags && $3::text[])
                  ORDER BY e.id DESC LIMIT 3) h) AS history
         ${CONTEXT_FROM}
         JOIN messages m ON m.id = $2
         LEFT JOIN users u ON u.id = m.author_user_id
         -- The reply answers the last message of the conversation, never an auto-reply or a bounce.
         LEFT JOIN LATERAL (SELECT mail_message_id, mail_references FROM messages
                             WHERE ticket_id = t.id AND id < $2 AND visibility = 'public' AND mail_message_id IS NOT NULL
                               AND NOT (mail_flags && $3::text[])
                             ORDER BY id DESC LIMIT 1) p ON true
        WHERE t.id = $1`,
      [ticketId, messageId, NOT_FOR_CUSTOMERS],
      tx,
    );
    return row!;
  }

  /**
   * Writes the outbox row of a reply and stamps the reply with the mail's headers
   * (unless it came in by mail and has its own), in one statement.
   */
  async insertReply(tx: Tx, messageId: number, o: NewOutbound): Promise<void> {
    await this.sql.execute(
      `WITH m AS (
         UPDATE messages SET mailbox_id = $3, mail_message_id = $4, in_reply_to = $5, mail_references = $6, from_address = $7,
                to_addresses = $8, cc_addresses = $9
          WHERE id = $2 AND mail_message_id IS NULL
       )
       INSERT INTO outbound_messages (id, kind, ticket_id, message_id, mailbox_id, mail_message_id, in_reply_to, mail_references, from_address,
         to_addresses, cc_addresses, from_name, reply_to, subject, body_text, body_html, reason)
       VALUES ($1, 'reply', $10, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13, $14, $15, $16)`,
      [
        o.id,
        messageId,
        o.mailboxId,
        o.mailMessageId,
        o.inReplyTo,
        o.references,
        o.from.address,
        o.to,
        o.cc,
        o.ticketId,
        o.from.name,
        o.replyTo,
        o.subject,
        o.bodyText,
        o.bodyHtml,
        o.reason,
      ],
      tx,
    );
  }

  /** The context of mailing `messageId`, a forward on the ticket, quoting `quotedIds` (oldest first). */
  async forwardContext(tx: Tx, ticketId: number, messageId: number, quotedIds: number[]): Promise<ForwardContext> {
    const row = await this.sql.row<ForwardContext>(
      `${CONTEXT_SQL}, m.body_text,
              (SELECT coalesce(json_agg(q ORDER BY q.created_at, q.id), '[]') FROM (
                 SELECT e.id, e.body_text, e.created_at,
                        coalesce(nullif(u.name, ''), nullif(ec.name, ''), ec.email, 'System') ||
                          coalesce(' <' || coalesce(u.email, ec.email) || '>', '') AS author,
                        (SELECT coalesce(array_agg(a.id ORDER BY a.id), '{}') FROM attachments a
                          WHERE a.message_id = e.id AND NOT a.inline) AS attachment_ids
                   FROM messages e LEFT JOIN users u ON u.id = e.author_user_id LEFT JOIN customers ec ON ec.id = e.author_customer_id
                  WHERE e.ticket_id = t.id AND e.id = ANY($3::bigint[])) q) AS quoted
         ${CONTEXT_FROM}
         JOIN messages m ON m.id = $2
        WHERE t.id = $1`,
      [ticketId, messageId, quotedIds],
      tx,
    );
    return row!;
  }

  /**
   * Writes the outbox row of a forward (`forwardedAttachmentIds`: the quoted messages' files,
   * sent beside the forward's own) and stamps the forward with the mail's headers, in one statement.
   */
  async insertForward(tx: Tx, messageId: number, o: NewOutbound, forwardedAttachmentIds: number[]): Promise<void> {
    await this.sql.execute(
      `WITH m AS (
         UPDATE messages SET mailbox_id = $3, mail_message_id = $4, from_address = $5, to_addresses = $6, cc_addresses = $7
          WHERE id = $2 AND mail_message_id IS NULL
       )
       INSERT INTO outbound_messages (id, kind, ticket_id, message_id, mailbox_id, mail_message_id, in_reply_to, mail_references, from_address,
         to_addresses, cc_addresses, from_name, reply_to, subject, body_text, body_html, reason, forwarded_attachment_ids)
       VALUES ($1, 'forward', $8, $2, $3, $4, NULL, '{}', $5, $6, $7, $9, $10, $11, $12, $13, $14, $15)`,
      [
        o.id,
        messageId,
        o.mailboxId,
        o.mailMessageId,
        o.from.address,
        o.to,
        o.cc,
        o.ticketId,
        o.from.name,
        o.replyTo,
        o.subject,
        o.bodyText,
        o.bodyHtml,
        o.reason,
        forwardedAttachmentIds,
      ],
      tx,
    );
  }

  /** Writes the outbox row of an automatic mail (an acknowledgement, a notification). */
  async insertAutomatic(tx: Tx, o: NewOutbound): Promise<void> {
    await this.sql.execute(
      `INSERT INTO outbound_messages (id, kind, ticket_id, mailbox_id, mail_message_id, in_reply_to, mail_references, from_address, from_name,
         reply_to, to_addresses, subject, body_text, body_html, auto_submitted, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        o.id,
        o.kind,
        o.ticketId,
        o.mailboxId,
        o.mailMessageId,
        o.inReplyTo,
        o.references,
        o.from.address,
        o.from.name,
        o.replyTo,
        o.to,
        o.subject,
        o.bodyText,
        o.bodyHtml,
        o.autoSubmitted,
        o.reason,
      ],
      tx,
    );
  }

  /** The agent to notify, when active, with the name of the agent who acted and the text of the message it is about. */
  agentRecipient(
    tx: Tx,
    ticketId: number,
    userId: number,
    about: { actorUserId?: number; messageId?: number },
  ): Promise<{ email: string; name: string; actor: string | null; message_text: string | null } | undefined> {
    // Only an active agent who reaches the ticket now (their scope), and never about a deleted one.
    return this.sql.row(
      `SELECT u.email, u.name, (SELECT a.name FROM users a WHERE a.id = $2) AS actor,
              (SELECT body_text FROM messages WHERE id = $3) AS message_text
         FROM users u JOIN tickets t ON t.id = $4 AND t.deleted_at IS NULL
        WHERE u.id = $1 AND u.active AND ${userReachesSql('u', 't')}`,
      [userId, about.actorUserId ?? null, about.messageId ?? null, ticketId],
      tx,
    );
  }

  /** The agents who follow a ticket. */
  async agentFollowers(tx: Tx, ticketId: number): Promise<number[]> {
    const rows = await this.sql.rows<{ user_id: number }>(
      `SELECT user_id FROM ticket_user_followers WHERE ticket_id = $1 ORDER BY user_id`,
      [ticketId],
      tx,
    );
    return rows.map((r) => r.user_id);
  }

  /** A page of the outbox, newest first: rows below `beforeId`, of one status when given. */
  list(beforeId: number, status: string | null, limit: number): Promise<OutboundListRow[]> {
    return this.sql.rows(
      `SELECT ${OUTBOUND_COLUMNS} FROM outbound_messages o WHERE o.id < $1 AND ($2::text IS NULL OR o.status = $2) ORDER BY o.id DESC LIMIT $3`,
      [beforeId, status, limit],
    );
  }

  /** The outbound mail, when its ticket is within `scope`. */
  find(id: number, scope: TicketScope = ALL_TICKETS): Promise<OutboundListRow | undefined> {
    const values: unknown[] = [id];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    return this.sql.row(
      inScope
        ? `SELECT ${OUTBOUND_COLUMNS} FROM outbound_messages o JOIN tickets t ON t.id = o.ticket_id WHERE o.id = $1 AND ${inScope}`
        : `SELECT ${OUTBOUND_COLUMNS} FROM outbound_messages o WHERE o.id = $1`,
      values,
    );
  }

  /** Queued rows (a relay was just configured). */
  async queued(limit: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM outbound_messages WHERE status = 'queued' ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Back to `queued` for another try: a failed or held row (a held one then passes the
   * caps), or a queued one. False when the row is in another state (or missing).
   */
  async requeueForRetry(id: number, reason: string | null): Promise<boolean> {
    const rows = await this.sql.rows(
      `UPDATE outbound_messages o SET status = 'queued', reason = $2, updated_at = now(),
              caps_released = o.caps_released OR o.status = 'held'
        WHERE id = $1 AND status IN ('failed', 'held', 'queued')
          -- Mail of a ticket marked as spam or deleted stays unsent (its cancellation was deliberate).
          AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = o.ticket_id AND (t.spam_at IS NOT NULL OR t.deleted_at IS NOT NULL))
        RETURNING id`,
      [id, reason],
    );
    return rows.length > 0;
  }

  /**
   * Cancels all the ticket's mail not yet sent, people's replies included (it was marked as
   * spam or deleted: nobody is written to about it any more): failed, with the reason.
   * Returns how many.
   */
  cancelUnsent(tx: Tx, ticketId: number, reason: string): Promise<number> {
    return this.sql.execute(
      `UPDATE outbound_messages SET status = 'failed', reason = $2, updated_at = now()
        WHERE ticket_id = $1 AND status IN ('queued', 'held')`,
      [ticketId, reason],
      tx,
    );
  }

  /**
   * Cancels the ticket's automatic mail not yet sent (a rule marked it as spam): failed,
   * with the reason. Returns how many.
   */
  cancelAutomatic(tx: Tx, ticketId: number, reason: string): Promise<number> {
    return this.sql.execute(
      `UPDATE outbound_messages SET status = 'failed', reason = $2, updated_at = now()
        WHERE ticket_id = $1 AND status IN ('queued', 'held') AND auto_submitted IS NOT NULL`,
      [ticketId, reason],
      tx,
    );
  }

  /** Marks our mails with these Message-IDs failed (their bounce came back); returns their tickets. */
  async markBounced(tx: Tx, mailMessageIds: string[], reason: string): Promise<number[]> {
    const rows = await this.sql.rows<{ ticket_id: number }>(
      `UPDATE outbound_messages SET status = 'failed', reason = $2, updated_at = now()
        WHERE mail_message_id = ANY($1::text[]) AND status IN ('sent', 'sending', 'queued') RETURNING ticket_id`,
      [mailMessageIds, reason],
      tx,
    );
    return [...new Set(rows.map((r) => r.ticket_id))];
  }

  /**
   * Rows that should be moving and are not: queued longer than `unqueuedSeconds` (never
   * queued, or lost), or left `sending` past the lease by a worker that died. Without a
   * `relay`, only rows whose mailbox has its own transport can move.
   */
  async stalled(tx: Tx, unqueuedSeconds: number, leaseSeconds: number, relay: boolean): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT o.id FROM outbound_messages o
        WHERE ((o.status = 'queued' AND o.updated_at < now() - make_interval(secs => $1))
            OR (o.status = 'sending' AND o.sending_started_at < now() - make_interval(secs => $2)))
          AND ($3 OR EXISTS (SELECT 1 FROM mail_transports t WHERE t.mailbox_id = o.mailbox_id))
        ORDER BY o.id LIMIT 1000`,
      [unqueuedSeconds, leaseSeconds, relay],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The row to send, in one round trip with what sending it needs: whether another attempt
   * holds it within the lease, whether it has files, the saved relay, the mailbox's own
   * transport and the DKIM key of the From domain.
   */
  forSending(id: number, leaseSeconds: number, relaySetting: string): Promise<OutboundSendRow | undefined> {
    return this.sql.row(
      `SELECT o.*, (o.status = 'sending' AND o.sending_started_at > now() - make_interval(secs => $2)) AS in_flight,
              (EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = o.message_id)
                OR cardinality(o.forwarded_attachment_ids) > 0) AS has_attachments,
              (SELECT s.value->>'url' FROM settings s WHERE s.key = $3) AS saved_relay,
              t.type AS transport_type, t.settings AS transport_settings, t.secrets AS transport_secrets,
              t.version AS transport_version,
              k.domain AS dkim_domain, k.selector AS dkim_selector, k.private_key AS dkim_private_key
         FROM outbound_messages o
         LEFT JOIN mail_transports t ON t.mailbox_id = o.mailbox_id
         LEFT JOIN dkim_keys k ON k.domain = lower(split_part(o.from_address, '@', 2))
        WHERE o.id = $1`,
      [id, leaseSeconds, relaySetting],
    );
  }

  /** Of these rows, those whose mailbox sends through its own transport (they need no relay). */
  async withOwnTransport(ids: number[]): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT o.id FROM outbound_messages o JOIN mail_transports t ON t.mailbox_id = o.mailbox_id WHERE o.id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the mailbox sends through its own transport. */
  async hasOwnTransport(mailboxId: number | null, tx?: Tx): Promise<boolean> {
    if (mailboxId === null) return false;
    return !!(await this.sql.row(`SELECT 1 FROM mail_transports WHERE mailbox_id = $1`, [mailboxId], tx));
  }

  /** Notes on a queued row why it waits. */
  async noteWaiting(id: number, reason: string): Promise<void> {
    await this.sql.execute(
      `UPDATE outbound_messages SET reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /** Holds a queued row for an admin (over a cap). */
  async hold(id: number, reason: string): Promise<void> {
    await this.sql.execute(
      `UPDATE outbound_messages SET status = 'held', reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /**
   * Claims the row for one attempt (`sending`, attempts + 1, through `transport`), unless
   * another attempt holds it within the lease; returns the attempt's number, or null when not
   * claimed. `claim` (a random id) marks this attempt, so only it records its outcome.
   */
  async claim(id: number, leaseSeconds: number, claim: string, transport: string): Promise<number | null> {
    const row = await this.sql.row<{ attempts: number }>(
      `UPDATE outbound_messages SET status = 'sending', attempts = attempts + 1, sending_started_at = now(), sending_claim = $3,
              transport = $4, updated_at = now()
        WHERE id = $1 AND (status = 'queued' OR (status = 'sending' AND sending_started_at <= now() - make_interval(secs => $2)))
        RETURNING attempts`,
      [id, leaseSeconds, claim, transport],
    );
    return row?.attempts ?? null;
  }

  /**
   * Gives back a claim whose commit is unknown (the database went away mid-statement): nothing
   * was sent. True when the row held that claim (and so was given back).
   */
  async releaseClaim(id: number, claim: string): Promise<boolean> {
    const released = await this.sql.execute(
      `UPDATE outbound_messages SET status = 'queued', sending_claim = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending' AND sending_claim = $2`,
      [id, claim],
    );
    return released > 0;
  }

  /** Records the relay's 250 on the attempt in flight (`claim`: that attempt's, so a later attempt's row is left alone). */
  async markSent(id: number, claim: string, reason: string | null, relayResponse: string | null): Promise<void> {
    await this.sql.execute(
      `UPDATE outbound_messages SET status = 'sent', reason = $2, relay_response = $3, sent_at = now(), sending_claim = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'sending' AND sending_claim = $4`,
      [id, reason, relayResponse, claim],
    );
  }

  /** Records a failed attempt: `failed` for good, or `queued` for a retry. */
  async markAttemptFailed(
    id: number,
    claim: string,
    status: 'failed' | 'queued',
    reason: string | null,
    relayResponse: string | null,
  ): Promise<void> {
    await this.sql.execute(
      `UPDATE outbound_messages SET status = $2, reason = $3, relay_response = $4, sending_claim = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending' AND sending_claim = $5`,
      [id, status, reason, relayResponse, claim],
    );
  }

  /**
   * Rows per status, each counted up to `limit` (a walk of the (status, id) index per
   * status, so the cost stays bounded however many failed rows accumulate).
   */
  async countByStatus(
    statuses: readonly OutboundStatus[],
    limit: number,
  ): Promise<{ status: string; count: number }[]> {
    return this.sql.rows(
      `SELECT s.status, (SELECT count(*) FROM (SELECT 1 FROM outbound_messages o WHERE o.status = s.status LIMIT $2) x)::int AS count
         FROM unnest($1::text[]) AS s(status)`,
      [statuses, limit],
    );
  }

  /**
   * What waits in the outbox: queued rows (replies among them) counted up to `limit` along the
   * (status, id) index, the oldest one's age and the newest reason given for waiting.
   */
  async waiting(limit: number): Promise<WaitingMail> {
    return (await this.sql.row<WaitingMail>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE q.kind = 'reply'))::int AS replies, min(q.created_at) AS oldest_at,
              (SELECT o.reason FROM outbound_messages o WHERE o.status = 'queued' AND o.reason IS NOT NULL
                ORDER BY o.id DESC LIMIT 1) AS reason
         FROM (SELECT kind, created_at FROM outbound_messages WHERE status = 'queued' ORDER BY id DESC LIMIT $1) q`,
      [limit],
    ))!;
  }

  /** Whether mail may go through the relay: there is no active mailbox, or one has no transport of its own. */
  async relayNeeded(): Promise<boolean> {
    const row = await this.sql.row<{ needed: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM mailboxes WHERE active)
              OR EXISTS (SELECT 1 FROM mailboxes mb WHERE mb.active
                          AND NOT EXISTS (SELECT 1 FROM mail_transports t WHERE t.mailbox_id = mb.id)) AS needed`,
    );
    return row!.needed;
  }

  /**
   * The latest attempt through the global relay among the newest `window` rows (a bounded
   * look, never a scan of the whole outbox): how the relay answered last.
   */
  lastRelayAttempt(window: number): Promise<RelayAttemptRow | undefined> {
    return this.sql.row(
      `SELECT r.status, r.reason, r.relay_response, r.updated_at
         FROM (SELECT status, reason, relay_response, updated_at, transport, attempts
                 FROM outbound_messages ORDER BY id DESC LIMIT $1) r
        WHERE r.transport = 'relay' AND r.attempts > 0 AND r.status IN ('sent', 'failed', 'queued')
        ORDER BY r.updated_at DESC LIMIT 1`,
      [window],
    );
  }
}

/** What waits in the outbox (OutboxRepository.waiting). */
export interface WaitingMail {
  total: number;
  replies: number;
  oldest_at: Date | null;
  reason: string | null;
}

/** The outcome of the latest send through the relay: `queued` after an attempt means it failed and will be retried. */
export interface RelayAttemptRow {
  status: 'sent' | 'failed' | 'queued';
  reason: string | null;
  relay_response: string | null;
  updated_at: Date;
}
