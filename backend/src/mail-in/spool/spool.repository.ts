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
  /** Fetched mail: the mailbox source (mail_sources.id) and the message's id there. */
  sourceId?: number;
  remoteId?: string;
}

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

  /**
   * Commits the message (autocommit, synchronously durable); returns its id. A fetched
   * message stored again (same source and remote id) returns the row stored first.
   */
  async insert(e: SpoolEntry): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id, source_id, remote_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (source_id, remote_id) WHERE remote_id IS NOT NULL DO NOTHING RETURNING id`,
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
        e.sourceId ?? null,
        e.remoteId ?? null,
      ],
    );
    if (row) return row.id;
    const first = await this.sql.row<{ id: number }>(
      `SELECT id FROM inbound_messages WHERE source_id = $1 AND remote_id = $2`,
      [e.sourceId, e.remoteId],
    );
    return first!.id;
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
