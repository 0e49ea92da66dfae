import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { BlobBody, BlobStore, BlobTarget } from '../../blob-store/blob-store';
import { Sql } from '../../database/sql';
import { headerSubject } from '../../mail/header-subject';
import { Tx } from '../../database/transactions';
import type { SenderAuth } from '../auth/sender-auth';
import { InboundMessageView, InboundStatus } from './inbound.view';

export interface SpoolEntry {
  raw: Buffer;
  envelopeFrom: string;
  envelopeTo: string[];
  peerIp: string | null;
  helo: string | null;
  tls: boolean;
  mailboxId: number | null;
  /** Sender verification at receipt; null when it is turned off. */
  auth: SenderAuth | null;
}

/**
 * A message fetched from a mailbox source: no SMTP peer, so no sender verification of ours
 * (its `auth` columns stay null: the provider's MX received it); its source (mail_sources.id)
 * and its id there. Its raw source is stored in PostgreSQL like SMTP mail, and moves to the
 * bucket once processed.
 */
export type FetchedEntry = Omit<SpoolEntry, 'peerIp' | 'helo' | 'auth'> & { sourceId: number; remoteId: string };

/** A spooled message as processing reads it. */
export interface SpoolRow {
  id: number;
  status: InboundStatus;
  raw: Buffer;
  /** Set when `raw` came from the bucket (a message processed before, queued again). */
  raw_key: string | null;
  envelope_from: string;
  envelope_to: string[];
  received_at: Date;
  /** The SMTP client's address (a relay's, when mail came through one). */
  peer_ip: string | null;
  /** DMARC as verified at receipt; null when it was not (verification off, another source). */
  auth_dmarc: SenderAuth['dmarc'] | null;
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

const COLUMNS = `id, status, mailbox_id AS "mailboxId", subject, size, envelope_from AS "envelopeFrom", envelope_to AS "envelopeTo",
  peer_ip AS "peerIp", helo, tls, received_at AS "receivedAt", processed_at AS "processedAt", attempts, reason,
  ticket_id AS "ticketId", message_id AS "messageId",
  CASE WHEN auth_spf IS NULL THEN NULL ELSE json_build_object('spf', auth_spf, 'dkim', auth_dkim, 'dmarc', auth_dmarc,
    'arc', auth_arc, 'fromDomain', auth_from_domain, 'results', auth_results) END AS auth`;

/** What the spool holds unprocessed, for the metrics. */
export interface SpoolBacklog {
  /** Rows `received`, counted up to BACKLOG_COUNT_LIMIT. */
  count: number;
  /** Age of the oldest of them in seconds; 0 when none. */
  oldestAgeSeconds: number;
}

/** Counting stops here, so a scrape during a long outage still costs little. */
const BACKLOG_COUNT_LIMIT = 100_000;

/**
 * The durable spool, `inbound_messages`: every message accepted over SMTP, as received, and
 * what became of it. The raw source is committed to PostgreSQL before the 250; once
 * processed it may move to the bucket (BlobStore), when that is where files go.
 */
@Injectable()
export class SpoolRepository {
  constructor(
    private readonly sql: Sql,
    private readonly blobs: BlobStore,
  ) {}

  /** Commits the message (autocommit, synchronously durable); returns its id. */
  async insert(e: SpoolEntry): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id,
         auth_spf, auth_dkim, auth_dmarc, auth_arc, auth_from_domain, auth_results, subject)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
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
        e.auth?.spf ?? null,
        e.auth?.dkim ?? null,
        e.auth?.dmarc ?? null,
        e.auth?.arc ?? null,
        e.auth?.fromDomain ?? null,
        e.auth?.results ?? null,
        headerSubject(e.raw),
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
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id, source_id,
         remote_id, subject)
       SELECT u.raw, length(u.raw), u.sha256, u.envelope_from, ARRAY(SELECT jsonb_array_elements_text(u.envelope_to)),
              NULL, NULL, u.tls, u.mailbox_id, u.source_id, u.remote_id, u.subject
         FROM unnest($1::bytea[], $2::bytea[], $3::text[], $4::jsonb[], $5::boolean[], $6::bigint[], $7::bigint[], $8::text[],
                     $9::text[])
              WITH ORDINALITY AS u(raw, sha256, envelope_from, envelope_to, tls, mailbox_id, source_id, remote_id, subject, n)
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
        col((e) => headerSubject(e.raw)),
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

  /** The row with its raw source (read from the bucket when it is there). @throws BlobStoreUnavailableError */
  async forProcessing(id: number): Promise<SpoolRow | undefined> {
    const row = await this.sql.row<SpoolRow>(
      `SELECT id, status, raw, raw_key, envelope_from, envelope_to, received_at, peer_ip, auth_dmarc
         FROM inbound_messages WHERE id = $1`,
      [id],
    );
    if (row?.raw_key) row.raw = await this.blobs.read({ data: null, key: row.raw_key });
    return row;
  }

  /**
   * Records the outcome of processing a row still `received`, in the transaction that did
   * the work, and returns false when the row is no longer `received` (another attempt of
   * the same job finished first: the caller rolls its work back). This one statement is the
   * claim: a concurrent attempt blocks on the row until the first commits, then finds it
   * taken. The transaction may commit without waiting for the WAL flush (set here, it holds
   * at COMMIT): should PostgreSQL crash before the flush, the row rolls back to `received`
   * together with the ticket and is processed again. (The SMTP side's commit before 250
   * stays synchronous.)
   */
  async markDone(tx: Tx, id: number, r: ProcessingResult): Promise<boolean> {
    const row = await this.sql.row<{ id: number }>(
      `UPDATE inbound_messages SET status = $2, processed_at = now(), attempts = attempts + 1, reason = $3, ticket_id = $4, message_id = $5
        WHERE id = $1 AND status = 'received' AND set_config('synchronous_commit', 'off', true) IS NOT NULL
        RETURNING id`,
      [id, r.status, r.reason ?? null, r.ticketId ?? null, r.messageId ?? null],
      tx,
    );
    return row !== undefined;
  }

  /**
   * Keeps a failed attempt's error on a row still waiting, so admins see why it is stuck.
   * With `maxAttempts` (a fault of the message's own data) the failure counts as an
   * attempt, and the row that reaches that many becomes `failed` (the sweeper leaves it);
   * with null it only notes the reason. Returns the row's status after the update, or null
   * when the row was not waiting.
   */
  async noteFailure(id: number, reason: string, maxAttempts: number | null): Promise<InboundStatus | null> {
    const row = await this.sql.row<{ status: InboundStatus }>(
      `UPDATE inbound_messages
          SET reason = $2, attempts = attempts + CASE WHEN $3::int IS NULL THEN 0 ELSE 1 END,
              status = CASE WHEN attempts + 1 >= $3::int THEN 'failed' ELSE status END,
              processed_at = CASE WHEN attempts + 1 >= $3::int THEN now() ELSE processed_at END
        WHERE id = $1 AND status = 'received' RETURNING status`,
      [id, reason, maxAttempts],
    );
    return row?.status ?? null;
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

  /** Back to `received` with a fresh set of attempts (admin re-process); false when there is no such row. */
  async resetToReceived(id: number): Promise<boolean> {
    return (
      (await this.sql.execute(
        `UPDATE inbound_messages SET status = 'received', reason = NULL, attempts = 0, processed_at = NULL WHERE id = $1`,
        [id],
      )) > 0
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

  /** The raw source, streamed from the bucket when it is there. @throws BlobStoreUnavailableError */
  async raw(id: number): Promise<BlobBody | undefined> {
    const row = await this.sql.row<{ raw: Buffer | null; raw_key: string | null }>(
      `SELECT raw, raw_key FROM inbound_messages WHERE id = $1`,
      [id],
    );
    return row && this.blobs.open({ data: row.raw, key: row.raw_key });
  }

  /** Unprocessed mail: how many (up to a limit) and how old the oldest (the pending index, in order). */
  async backlog(): Promise<SpoolBacklog> {
    const row = await this.sql.row<{ count: number; oldest: number }>(
      `SELECT count(*)::int AS count, COALESCE(extract(epoch FROM now() - min(received_at)), 0)::float8 AS oldest
         FROM (SELECT received_at FROM inbound_messages WHERE status = 'received' ORDER BY received_at LIMIT $1) r`,
      [BACKLOG_COUNT_LIMIT],
    );
    return { count: row!.count, oldestAgeSeconds: Math.max(0, row!.oldest) };
  }

  /** How many raw messages each place holds (a full scan: for `storage status`, not for requests). */
  async countByPlace(): Promise<Record<BlobTarget, number>> {
    return (await this.sql.row<Record<BlobTarget, number>>(
      `SELECT count(*) FILTER (WHERE raw_key IS NULL)::int AS postgres, count(raw_key)::int AS s3 FROM inbound_messages`,
    ))!;
  }

  /**
   * Ids of rows whose raw source is not in `target`, after `afterId`, in id order. Toward
   * the bucket only processed rows count: unprocessed mail stays in PostgreSQL, where the
   * SMTP receiver committed it (the partial index lists exactly those rows).
   */
  async idsNotIn(target: BlobTarget, afterId: number, limit: number): Promise<number[]> {
    const where = target === 's3' ? `raw IS NOT NULL AND status <> 'received'` : `raw_key IS NOT NULL`;
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM inbound_messages WHERE ${where} AND id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Moves a row's raw source to `target` (BlobStore.move); false when it is there already,
   * not processed yet (toward the bucket), or gone. `known` spares reading the bytes again.
   */
  async moveTo(id: number, target: BlobTarget, known?: { raw: Buffer; raw_key: null }): Promise<boolean> {
    const row =
      known ??
      (await this.sql.row<{ raw: Buffer | null; raw_key: string | null }>(
        `SELECT raw, raw_key FROM inbound_messages WHERE id = $1`,
        [id],
      ));
    if (!row) return false;
    return this.blobs.move(
      { data: row.raw, key: row.raw_key },
      'inbound',
      'message/rfc822',
      target,
      async (next) =>
        // Only if the row still names what was copied, and never unprocessed mail toward the bucket.
        (await this.sql.execute(
          `UPDATE inbound_messages SET raw = $2, raw_key = $3
          WHERE id = $1 AND raw_key IS NOT DISTINCT FROM $4 AND ($3::text IS NULL OR status <> 'received')`,
          [id, next.data, next.key, row.raw_key],
        )) > 0,
    );
  }
}
