import { Injectable } from '@nestjs/common';
import { BlobBody, BlobRef, BlobStore, BlobTarget } from '../blob-store/blob-store';
import { BlobMissingError } from '../blob-store/s3-bucket';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { onCommit, Tx } from '../database/transactions';

/** A stored file as its row has it: the bytes, or the key of its object in the bucket (BlobRef). */
export interface AttachmentFile {
  filename: string;
  content_type: string;
  data: Buffer | null;
  storage_key: string | null;
}

/** A file to send to a browser: its bytes as a buffer or a stream, and their length. */
export type AttachmentDownload = Pick<AttachmentFile, 'filename' | 'content_type'> & BlobBody;

/** A file of a mail being sent, read whole. */
export interface MailAttachmentRow {
  filename: string;
  content_type: string;
  data: Buffer;
  content_id: string | null;
  inline: boolean;
}

/** A file as it came with a mail: `contentId` names it for `cid:` links in the HTML. */
export interface IncomingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface UploadRow {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  /** An image for the HTML of a reply (rich text), not a file listed with it. */
  inline: boolean;
}

const refOf = (row: { data: Buffer | null; storage_key: string | null }): BlobRef => ({
  data: row.data,
  key: row.storage_key,
});

/**
 * The `attachments` table: files of messages, and uploads an agent has not yet sent
 * (no message yet; `uploaded_by_user_id` says whose they are). The bytes are in the row
 * or in the bucket (BlobStore), wherever files went when it was written.
 */
@Injectable()
export class AttachmentsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly blobs: BlobStore,
  ) {}

  /** @throws BlobStoreUnavailableError when the bucket does not take the file. */
  async insertUpload(u: {
    filename: string;
    contentType: string;
    data: Buffer;
    userId: number;
    inline?: boolean;
  }): Promise<UploadRow> {
    const bytes = await this.blobs.place('attachments', u.data, u.contentType);
    const row = await this.sql.row<UploadRow>(
      `INSERT INTO attachments (message_id, filename, content_type, size, data, storage_key, uploaded_by_user_id, inline)
       VALUES (NULL, $1, $2, $3, $4, $5, $6, $7)
       RETURNING id, filename, content_type AS "contentType", size, inline`,
      [u.filename, u.contentType, u.data.length, bytes.data, bytes.key, u.userId, u.inline ?? false],
    );
    return row!;
  }

  /**
   * A mail's file, stored with its message; returns its id. With the bucket, the object is
   * written first (the transaction waits for it), so a store that is down fails the
   * message's processing, which is retried: nothing is committed without its bytes.
   * @throws BlobStoreUnavailableError
   */
  async insertForMessage(tx: Tx, messageId: number, a: IncomingAttachment): Promise<number> {
    const contentType = a.contentType.slice(0, 255);
    const bytes = await this.blobs.place('attachments', a.content, contentType);
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO attachments (message_id, filename, content_type, size, content_id, inline, data, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        messageId,
        a.filename.slice(0, 255),
        contentType,
        a.content.length,
        a.contentId,
        a.inline,
        bytes.data,
        bytes.key,
      ],
      tx,
    );
    return row!.id;
  }

  /**
   * Makes these uploads of `userId`, not yet attached to anything, the message's files (listed
   * and sent as ordinary attachments, an inline upload too); returns the ids it linked.
   */
  async linkUploads(tx: Tx, messageId: number, ids: number[], userId: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `UPDATE attachments SET message_id = $1, inline = false
        WHERE id = ANY($2::bigint[]) AND message_id IS NULL AND uploaded_by_user_id = $3 RETURNING id`,
      [messageId, ids, userId],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Makes these inline uploads of `userId` (images the message's HTML shows), not yet attached
   * to anything, the message's inline images, each with a Content-ID for its mail
   * (`{id}.{messageId}@helpdesk`); returns the ids it linked. Other ids are left alone.
   */
  async linkInlineUploads(tx: Tx, messageId: number, ids: number[], userId: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `UPDATE attachments SET message_id = $1, content_id = id || '.' || $1::bigint || '@helpdesk'
        WHERE id = ANY($2::bigint[]) AND message_id IS NULL AND uploaded_by_user_id = $3 AND inline RETURNING id`,
      [messageId, ids, userId],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The file, ready to send, when the caller may read it: with `reach`, a message's file when
   * its ticket is within `reach.scope` and not deleted, an upload not yet sent by `reach.userId` only (or
   * anyone reaching every ticket); without, any file (the caller checked, e.g. a portal grant).
   * Undefined when there is no such row or it is out of reach.
   * @throws BlobStoreUnavailableError
   */
  async file(id: number, reach?: { scope: TicketScope; userId: number }): Promise<AttachmentDownload | undefined> {
    const read = () => {
      const values: unknown[] = [id];
      if (!reach)
        return this.sql.row<AttachmentFile>(
          `SELECT filename, content_type, data, storage_key FROM attachments WHERE id = $1`,
          values,
        );
      const inScope = scopeSql(reach.scope, 't', (v) => `$${values.push(v)}`);
      const upload = inScope ? `a.uploaded_by_user_id = $${values.push(reach.userId)}` : 'true';
      // A deleted ticket's files are nobody's to read.
      return this.sql.row<AttachmentFile>(
        `SELECT a.filename, a.content_type, a.data, a.storage_key FROM attachments a
           LEFT JOIN messages m ON m.id = a.message_id LEFT JOIN tickets t ON t.id = m.ticket_id
          WHERE a.id = $1 AND (a.message_id IS NULL AND ${upload}
                               OR a.message_id IS NOT NULL AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''})`,
        values,
      );
    };
    const row = await read();
    if (!row) return undefined;
    try {
      return await this.open(row);
    } catch (e) {
      // `npm run storage -- move` may have moved it since we read the row: read it again, once.
      if (!(e instanceof BlobMissingError)) throw e;
      const again = await read();
      if (!again || again.storage_key === row.storage_key) throw e;
      return this.open(again);
    }
  }

  /** A row's file, ready to send (streamed from the bucket). @throws BlobStoreUnavailableError, BlobMissingError */
  async open(row: AttachmentFile): Promise<AttachmentDownload> {
    return { filename: row.filename, content_type: row.content_type, ...(await this.blobs.open(refOf(row))) };
  }

  /** The files of a message, read whole, as its mail carries them. @throws BlobStoreUnavailableError */
  async ofMessage(messageId: number): Promise<MailAttachmentRow[]> {
    const rows = await this.sql.rows<MailAttachmentRow & AttachmentFile>(
      `SELECT filename, content_type, data, storage_key, content_id, inline FROM attachments WHERE message_id = $1 ORDER BY id`,
      [messageId],
    );
    for (const row of rows) row.data = await this.blobs.read(refOf(row));
    return rows;
  }

  /** These files with their bytes, in id order (a forward's files of the messages it quotes); missing ones are left out. */
  async byIds(ids: number[]): Promise<MailAttachmentRow[]> {
    const rows = await this.sql.rows<MailAttachmentRow & AttachmentFile>(
      `SELECT filename, content_type, data, storage_key, content_id, inline FROM attachments WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    for (const row of rows) row.data = await this.blobs.read(refOf(row));
    return rows;
  }

  /** Deletes uploads never attached to a message within `hours`; their objects go after the commit. */
  async deleteUnlinked(tx: Tx, hours: number): Promise<void> {
    const gone = await this.sql.rows<{ storage_key: string | null }>(
      `DELETE FROM attachments WHERE message_id IS NULL AND created_at < now() - make_interval(hours => $1) RETURNING storage_key`,
      [hours],
      tx,
    );
    const keys = gone.flatMap((r) => (r.storage_key ? [r.storage_key] : []));
    if (keys.length)
      onCommit(tx, { after: async () => void (await Promise.all(keys.map((k) => this.blobs.discard(k)))) });
  }

  /**
   * Deletes the files of these tickets' messages (the tickets are being purged); their objects
   * in the bucket go after the commit (a failed delete leaves an object no row names, logged by the store).
   */
  async deleteOfTickets(tx: Tx, ticketIds: number[]): Promise<void> {
    const gone = await this.sql.rows<{ storage_key: string | null }>(
      `DELETE FROM attachments a USING messages m WHERE m.id = a.message_id AND m.ticket_id = ANY($1::bigint[])
       RETURNING a.storage_key`,
      [ticketIds],
      tx,
    );
    const keys = gone.flatMap((r) => (r.storage_key ? [r.storage_key] : []));
    if (keys.length)
      onCommit(tx, { after: async () => void (await Promise.all(keys.map((k) => this.blobs.discard(k)))) });
  }

  /** How many files each place holds (a full scan: for `storage status`, not for requests). */
  async countByPlace(): Promise<Record<BlobTarget, number>> {
    return (await this.sql.row<Record<BlobTarget, number>>(
      `SELECT count(*) FILTER (WHERE storage_key IS NULL)::int AS postgres, count(storage_key)::int AS s3 FROM attachments`,
    ))!;
  }

  /** Ids of files whose bytes are not in `target`, after `afterId`, in id order (for `storage move`). */
  async idsNotIn(target: BlobTarget, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM attachments WHERE id > $1 AND (storage_key IS NULL) = $2 ORDER BY id LIMIT $3`,
      [afterId, target === 's3', limit],
    );
    return rows.map((r) => r.id);
  }

  /** Moves one file's bytes to `target` (BlobStore.move); false when they are there already, or the row is gone. */
  async moveTo(id: number, target: BlobTarget): Promise<boolean> {
    const row = await this.sql.row<AttachmentFile>(
      `SELECT filename, content_type, data, storage_key FROM attachments WHERE id = $1`,
      [id],
    );
    if (!row) return false;
    return this.blobs.move(
      refOf(row),
      'attachments',
      row.content_type,
      target,
      async (next) =>
        // Only if the row still names what was copied.
        (await this.sql.execute(
          `UPDATE attachments SET data = $2, storage_key = $3 WHERE id = $1 AND storage_key IS NOT DISTINCT FROM $4`,
          [id, next.data, next.key, row.storage_key],
        )) > 0,
    );
  }
}
