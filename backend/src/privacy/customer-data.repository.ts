import { Injectable } from '@nestjs/common';
import { BlobStore } from '../blob-store/blob-store';
import { Sql } from '../database/sql';
import { onCommit, Tx } from '../database/transactions';

export interface CustomerProfileRow {
  id: number;
  email: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
  /** Custom customer field values by key (issue 15). */
  fields: Record<string, unknown>;
  organization_id: number | null;
  organization_name: string | null;
}

export interface ExportTicketRow {
  id: number;
  number: number;
  subject: string;
  status: string;
  requester_id: number;
  created_at: Date;
  updated_at: Date;
}

export interface ExportMessageRow {
  id: number;
  ticket_id: number;
  author_kind: 'agent' | 'customer' | 'system';
  author_name: string | null;
  visibility: string;
  channel: string;
  body_text: string;
  body_html: string | null;
  from_address: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  created_at: Date;
}

export interface ExportAttachmentRow {
  id: number;
  message_id: number;
  filename: string;
  content_type: string;
  /** The bytes, read from PostgreSQL or the bucket. */
  data: Buffer;
}

/** What an erasure touched, as counts. */
export interface ErasureCounts {
  tickets: number;
  messages: number;
  attachments: number;
  fieldValues: number;
  spooledMails: number;
  outboundMails: number;
}

/** The text an erased subject, body or address part reads as. */
export const ERASED = '[erased]';

/**
 * A customer's personal data across the tables that hold it (issue 13, GDPR Art. 15 and
 * 17): their tickets (as requester), every message on them, their own messages on other
 * tickets (as a Cc), the files of those messages, their mail in the inbound spool and
 * the outbox. Erasure is the one write to tickets and messages outside the ticket domain
 * service: it is not a change of a conversation (no event, no rule, no mail), it removes
 * the conversation's content for good.
 */
@Injectable()
export class CustomerDataRepository {
  constructor(
    private readonly sql: Sql,
    private readonly blobs: BlobStore,
  ) {}

  profile(id: number, tx?: Tx): Promise<CustomerProfileRow | undefined> {
    return this.sql.row(
      `SELECT c.id, c.email, c.name, c.created_at, c.updated_at, c.erased_at, c.fields, c.organization_id,
              o.name AS organization_name
         FROM customers c LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.id = $1`,
      [id],
      tx,
    );
  }

  /** The customer's tickets: those they requested, and those with a message of theirs. */
  tickets(id: number, tx?: Tx): Promise<ExportTicketRow[]> {
    return this.sql.rows(
      `SELECT t.id, t.number, t.subject, t.status, t.requester_id, t.created_at, t.updated_at FROM tickets t
        WHERE t.requester_id = $1 OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.author_customer_id = $1)
        ORDER BY t.id`,
      [id],
      tx,
    );
  }

  /** Every message of the tickets they requested, and their own messages elsewhere, oldest first. */
  messages(id: number): Promise<ExportMessageRow[]> {
    return this.sql.rows(
      `SELECT m.id, m.ticket_id,
              CASE WHEN m.author_user_id IS NOT NULL THEN 'agent' WHEN m.author_customer_id IS NOT NULL THEN 'customer' ELSE 'system' END AS author_kind,
              coalesce(u.name, c.name) AS author_name, m.visibility, m.channel, m.body_text, m.body_html,
              m.from_address, m.to_addresses, m.cc_addresses, m.created_at
         FROM messages m JOIN tickets t ON t.id = m.ticket_id
         LEFT JOIN users u ON u.id = m.author_user_id LEFT JOIN customers c ON c.id = m.author_customer_id
        WHERE ${OF_CUSTOMER('m', 't')}
        ORDER BY m.ticket_id, m.created_at, m.id`,
      [id],
    );
  }

  /**
   * The files of those messages, their bytes read wherever they are (PostgreSQL or the bucket).
   * @throws BlobStoreUnavailableError, BlobMissingError (503: the export is not made without them)
   */
  async attachments(id: number): Promise<ExportAttachmentRow[]> {
    const rows = await this.sql.rows<ExportAttachmentRow & { data: Buffer | null; storage_key: string | null }>(
      `SELECT a.id, a.message_id, a.filename, a.content_type, a.data, a.storage_key
         FROM attachments a JOIN messages m ON m.id = a.message_id JOIN tickets t ON t.id = m.ticket_id
        WHERE ${OF_CUSTOMER('m', 't')} ORDER BY a.id`,
      [id],
    );
    const files: ExportAttachmentRow[] = [];
    for (const { storage_key, data, ...row } of rows)
      files.push({ ...row, data: await this.blobs.read({ data, key: storage_key }) });
    return files;
  }

  /**
   * Erases the customer `id` in `tx`: message text, HTML, mail addresses and headers
   * emptied, files deleted, subjects replaced, the audit trail's subject values and the
   * domain events' snapshots redacted, their spooled raw mail deleted, their mail in the
   * outbox emptied (and never sent if it was still waiting), the free-text custom field
   * values (text, textarea, regex) of their tickets deleted and redacted in the trail and
   * events (choices, numbers, dates and checkboxes stay for statistics), the list preview where it
   * showed their message, search vectors
   * rebuilt from what is left; the customer row keeps its id (tickets keep counting for
   * statistics) with its email, name and custom field values emptied and no organization.
   * Files and raw mail kept in the bucket are deleted after the commit (a failure leaves
   * an object no row names, logged).
   */
  async erase(tx: Tx, id: number): Promise<ErasureCounts> {
    const run = <T>(text: string) => this.sql.rows<T>(text, [id, ERASED], tx);
    const messages = await run<{ id: number; ticket_id: number }>(
      `WITH targets AS (
         SELECT m.id FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE ${OF_CUSTOMER('m', 't')})
       UPDATE messages m SET body_text = $2, body_html = NULL, full_text = NULL, from_address = NULL,
              to_addresses = '{}', cc_addresses = '{}', mail_message_id = NULL, in_reply_to = NULL, mail_references = '{}'
         FROM targets WHERE m.id = targets.id RETURNING m.id, m.ticket_id`,
    );
    const messageIds = messages.map((m) => m.id);
    const files = await this.sql.rows<{ storage_key: string | null }>(
      `DELETE FROM attachments WHERE message_id = ANY($1::bigint[]) RETURNING storage_key`,
      [messageIds],
      tx,
    );
    const tickets = await run<{ id: number }>(`UPDATE tickets SET subject = $2 WHERE requester_id = $1 RETURNING id`);
    const ticketIds = tickets.map((t) => t.id);
    const textKeys = (
      await this.sql.rows<{ key: string }>(
        `SELECT 'field.' || key AS key FROM custom_fields WHERE entity = 'ticket' AND type IN ${FREE_TEXT}`,
        [],
        tx,
      )
    ).map((r) => r.key);
    const fieldValues = await this.sql.execute(
      `DELETE FROM ticket_field_values v USING custom_fields f
        WHERE f.id = v.field_id AND f.type IN ${FREE_TEXT} AND v.ticket_id = ANY($1::bigint[])`,
      [ticketIds],
      tx,
    );
    const touched = [...new Set([...ticketIds, ...messages.map((m) => m.ticket_id)])];
    // The list's preview is the latest public message's start: where that message was theirs, it goes too.
    await this.sql.execute(
      `UPDATE tickets t SET preview = $3
        WHERE t.id = ANY($1::bigint[])
          AND (SELECT m.id FROM messages m WHERE m.ticket_id = t.id AND m.visibility = 'public'
                ORDER BY m.id DESC LIMIT 1) = ANY($2::bigint[])`,
      [touched, messageIds, ERASED],
      tx,
    );
    // What the triggers keep: the subject (A) and every message body (B), rebuilt from what is left.
    await this.sql.execute(
      `UPDATE tickets t SET search_vector = setweight(to_tsvector('simple', t.subject), 'A') ||
              coalesce((SELECT setweight(to_tsvector('simple', string_agg(left(m.body_text, 100000), ' ')), 'B')
                          FROM messages m WHERE m.ticket_id = t.id), ''::tsvector) || ticket_fields_search(t.id)
        WHERE t.id = ANY($1::bigint[])`,
      [touched],
      tx,
    );
    // A free-text field's key is `field.<key>` in changes, `<key>` in a created row's `fields`.
    const createdKeys = textKeys.map((k) => k.slice('field.'.length));
    await this.sql.execute(
      `UPDATE ticket_events SET
              before = CASE WHEN field = 'subject' OR field = ANY($3::text[]) THEN to_jsonb($2::text) ELSE before END,
              after = CASE WHEN field = 'subject' OR field = ANY($3::text[]) THEN to_jsonb($2::text)
                           ELSE jsonb_set(after, '{subject}', to_jsonb($2::text))
                                || CASE WHEN after ? 'fields' THEN jsonb_build_object('fields', (after->'fields') - $4::text[]) ELSE '{}' END END
        WHERE ticket_id = ANY($1::bigint[])
          AND (field = 'subject' OR field = ANY($3::text[]) OR (action = 'created' AND after ? 'subject'))`,
      [ticketIds, ERASED, textKeys, createdKeys],
      tx,
    );
    await this.sql.execute(
      `UPDATE domain_events SET payload = CASE type
           WHEN 'ticket.created' THEN jsonb_set(payload, '{ticket,subject}', to_jsonb($3::text))
             || CASE WHEN payload->'ticket' ? 'fields' AND ticket_id = ANY($6::bigint[])
                     THEN jsonb_build_object('ticket', jsonb_set(payload->'ticket', '{subject}', to_jsonb($3::text))
                                                       || jsonb_build_object('fields', (payload->'ticket'->'fields') - $5::text[]))
                     ELSE '{}' END
           WHEN 'message.created' THEN
             CASE WHEN (payload->'message'->>'id')::bigint = ANY($2::bigint[])
                  THEN jsonb_set(payload, '{message,mail}', 'null') ELSE payload END
           WHEN 'ticket.updated' THEN jsonb_set(payload, '{changes}', coalesce((
             SELECT jsonb_agg(CASE WHEN c->>'field' = 'subject' OR (c->>'field' = ANY($4::text[]) AND ticket_id = ANY($6::bigint[]))
                                   THEN c || jsonb_build_object('before', $3::text, 'after', $3::text) ELSE c END)
               FROM jsonb_array_elements(payload->'changes') c), '[]'))
           ELSE payload END
        WHERE ticket_id = ANY($1::bigint[])
           OR (type = 'message.created' AND (payload->'message'->>'id')::bigint = ANY($2::bigint[]))`,
      [touched, messageIds, ERASED, textKeys, createdKeys, ticketIds],
      tx,
    );
    const spooled = await this.sql.rows<{ raw_key: string | null }>(
      `DELETE FROM inbound_messages i USING customers c
        WHERE c.id = $1 AND (i.ticket_id = ANY($2::bigint[]) OR i.message_id = ANY($3::bigint[]) OR lower(i.envelope_from) = c.email)
        RETURNING i.raw_key`,
      [id, ticketIds, messageIds],
      tx,
    );
    const outboundMails = await this.sql.execute(
      `UPDATE outbound_messages o SET to_addresses = '{}', cc_addresses = '{}', reply_to = NULL, subject = $3,
              body_text = $3, body_html = $3, relay_response = NULL,
              status = CASE WHEN o.status IN ('queued', 'held') THEN 'failed' ELSE o.status END,
              reason = CASE WHEN o.status IN ('queued', 'held') THEN 'The customer was erased' ELSE o.reason END,
              updated_at = now()
         FROM customers c
        WHERE c.id = $1 AND (o.ticket_id = ANY($2::bigint[]) OR c.email = ANY(o.to_addresses) OR c.email = ANY(o.cc_addresses))`,
      [id, ticketIds, ERASED],
      tx,
    );
    await this.sql.execute(`DELETE FROM ticket_followers WHERE customer_id = $1`, [id], tx);
    await this.sql.execute(
      `UPDATE customers SET email = 'erased-' || id || '@erased.invalid', name = '', fields = '{}', organization_id = NULL,
              erased_at = coalesce(erased_at, now()), updated_at = now()
        WHERE id = $1`,
      [id],
      tx,
    );
    const keys = [...files.map((f) => f.storage_key), ...spooled.map((m) => m.raw_key)].filter((k) => k !== null);
    if (keys.length)
      onCommit(tx, { after: async () => void (await Promise.all(keys.map((k) => this.blobs.discard(k)))) });
    return {
      tickets: ticketIds.length,
      messages: messageIds.length,
      attachments: files.length,
      fieldValues,
      spooledMails: spooled.length,
      outboundMails,
    };
  }
}

/** The custom field types whose values are free text (maybe personal); the others are choices and figures. */
const FREE_TEXT = `('text', 'textarea', 'regex')`;

/** A message of customer $1: on a ticket they requested, or written by them. */
const OF_CUSTOMER = (m: string, t: string) => `(${t}.requester_id = $1 OR ${m}.author_customer_id = $1)`;
