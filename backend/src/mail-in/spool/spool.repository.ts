import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';
import { InboundMessageView, InboundStatus } from './inbound.view';

export interface SpoolEntry {
  raw: Buffer;
  envelopeFrom: string;
  envelopeTo: string[];
  peerIp: string | null;
  helo: string | null;
  tls: boolean;
  mailboxId: number | null;
}

/** A message fetched from a mailbox source: no SMTP peer; its source (mail_sources.id) and its id there. */
export type FetchedEntry = Omit<SpoolEntry, 'peerIp' | 'helo'> & { sourceId: number; remoteId: string };

/** A spooled message as processing reads it. */
export interface SpoolRow {
  id: number;
  status: InboundStatus;
  raw: Buffer;
  envelope_from: string;
  envelope_to: string[];
}

/** A spooled message as admins see it (without its raw source), its times as Dates. */
export type SpoolListRow = Omit<InboundMessageView, 'receivedAt' | 'processedAt'> & {
  receivedAt: Date;
  processedAt: Date | null;
};

/** What processing made of a message. */
export interface ProcessingResult {
  status: 'processed' | 'rejected';
  reason?: string;
  ticketId?: number;
  messageId?: number;
}

const COLUMNS = `id, status, mailbox_id AS "mailboxId", size, envelope_from AS "envelopeFrom", envelope_to AS "envelopeTo",
  peer_ip AS "peerIp", helo, tls, received_at AS "receivedAt", processed_at AS "processedAt", attempts, reason,
  ticket_id AS "ticketId", message_id AS "messageId"`;

/** The durable spool, `inbound_messages`: every message accepted over SMTP, as received, and what became of it. */
@Injectable()
export class SpoolRepository {
  constructor(private readonly sql: Sql) {}

  /** Commits the message (autocommit, synchronously durable); returns its id. */
  async insert(e: SpoolEntry): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        e.raw,
        e.raw.length,
        createHash('sha256').update(e.raw).digest(),
        e.envelopeFrom,
        e.envelopeTo,
        e.peerIp,
        e.helo,
        e.tls,
        e.mailboxId,
      ],
    );
    return row!.id;
  }

  /**
   * Stores fetched messages in the caller's transaction (one commit, one WAL flush, for a
   * batch), in the given order; returns their ids in that order. A message stored before
   * (same source and remote id) keeps its first row, whose id is returned.
   */
  async insertFetched(tx: Tx, entries: FetchedEntry[]): Promise<number[]> {
    if (!entries.length) return [];
    const col = <T>(f: (e: FetchedEntry) => T) => entries.map(f);
    const key = (sourceId: number, remoteId: string) => `${sourceId}:${remoteId}`;
    const inserted = await this.sql.rows<{ id: number; source_id: number; remote_id: string }>(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id, source_id, remote_id)
       SELECT u.raw, length(u.raw), u.sha256, u.envelope_from, ARRAY(SELECT jsonb_array_elements_text(u.envelope_to)),
              NULL, NULL, u.tls, u.mailbox_id, u.source_id, u.remote_id
         FROM unnest($1::bytea[], $2::bytea[], $3::text[], $4::jsonb[], $5::boolean[], $6::bigint[], $7::bigint[], $8::text[])
              WITH ORDINALITY AS u(raw, sha256, envelope_from, envelope_to, tls, mailbox_id, source_id, remote_id, n)
        ORDER BY u.n
       ON CONFLICT (source_id, remote_id) WHERE remote_id IS NOT NULL DO NOTHING RETURNING id, source_id, remote_id`,
      [
        col((e) => e.raw),
        col((e) => createHash('sha256').update(e.raw).digest()),
        col((e) => e.envelopeFrom),
        col((e) => JSON.stringify(e.envelopeTo)),
        col((e) => e.tls),
        col((e) => e.mailboxId),
        col((e) => e.sourceId),
        col((e) => e.remoteId),
      ],
      tx,
    );
    const ids = new Map(inserted.map((r) => [key(r.source_id, r.remote_id), r.id]));
    const missing = entries.filter((e) => !ids.has(key(e.sourceId, e.remoteId)));
    if (missing.length) {
      const first = await this.sql.rows<{ id: number; source_id: number; remote_id: string }>(
        `SELECT id, source_id, remote_id FROM inbound_messages
          WHERE (source_id, remote_id) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))`,
        [missing.map((e) => e.sourceId), missing.map((e) => e.remoteId)],
        tx,
      );
      for (const r of first) ids.set(key(r.source_id, r.remote_id), r.id);
    }
    return entries.map((e) => ids.get(key(e.sourceId, e.remoteId))!);
  }

  forProcessing(id: number): Promise<SpoolRow | undefined> {
    return this.sql.row(`SELECT id, status, raw, envelope_from, envelope_to FROM inbound_messages WHERE id = $1`, [id]);
  }

  /**
   * Locks the row for processing and returns its status. The transaction may then commit
   * without waiting for the WAL flush: should PostgreSQL crash before the flush, the row
   * rolls back to `received` together with the ticket, and is processed again. (The
   * SMTP side's commit before 250 stays synchronous.)
   */
  async lockForProcessing(tx: Tx, id: number): Promise<InboundStatus> {
    const row = await this.sql.row<{ status: InboundStatus }>(
      `SELECT set_config('synchronous_commit', 'off', true), status FROM inbound_messages WHERE id = $1 FOR UPDATE`,
      [id],
      tx,
    );
    return row!.status;
  }

  async markDone(tx: Tx, id: number, r: ProcessingResult): Promise<void> {
    await this.sql.execute(
      `UPDATE inbound_messages SET status = $2, processed_at = now(), attempts = attempts + 1, reason = $3, ticket_id = $4, message_id = $5
        WHERE id = $1`,
      [id, r.status, r.reason ?? null, r.ticketId ?? null, r.messageId ?? null],
      tx,
    );
  }

  /** Keeps the latest error on a row still waiting, so admins see why it is stuck. */
  async noteFailure(id: number, reason: string): Promise<void> {
    await this.sql.execute(
      `UPDATE inbound_messages SET reason = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'received'`,
      [id, reason],
    );
  }

  /** Rows still `received` after `seconds`: committed, and not processed (never queued, or lost). */
  async stale(tx: Tx, seconds: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM inbound_messages WHERE status = 'received' AND received_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 1000`,
      [seconds],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** Back to `received` (admin re-process); false when there is no such row. */
  async resetToReceived(id: number): Promise<boolean> {
    return (
      (await this.sql.execute(`UPDATE inbound_messages SET status = 'received', reason = NULL WHERE id = $1`, [id])) > 0
    );
  }

  /** A page, newest first: rows below `beforeId`, of one status when given. */
  list(beforeId: number, status: string | null, limit: number): Promise<SpoolListRow[]> {
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM inbound_messages WHERE id < $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT $3`,
      [beforeId, status, limit],
    );
  }

  find(id: number): Promise<SpoolListRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM inbound_messages WHERE id = $1`, [id]);
  }

  raw(id: number): Promise<{ raw: Buffer } | undefined> {
    return this.sql.row(`SELECT raw FROM inbound_messages WHERE id = $1`, [id]);
  }
}
