import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A stored file, as a download needs it. */
export interface AttachmentFile {
  filename: string;
  content_type: string;
  data: Buffer;
}

/** A file of a mail being sent. */
export interface MailAttachmentRow extends AttachmentFile {
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
}

/**
 * The `attachments` table: files of messages, and uploads an agent has not yet sent
 * (no message yet; `uploaded_by_user_id` says whose they are).
 */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly sql: Sql) {}

  async insertUpload(u: { filename: string; contentType: string; data: Buffer; userId: number }): Promise<UploadRow> {
    const row = await this.sql.row<UploadRow>(
      `INSERT INTO attachments (message_id, filename, content_type, size, data, uploaded_by_user_id) VALUES (NULL, $1, $2, $3, $4, $5)
       RETURNING id, filename, content_type AS "contentType", size`,
      [u.filename, u.contentType, u.data.length, u.data, u.userId],
    );
    return row!;
  }

  /** A mail's file, stored with its message; returns its id. */
  async insertForMessage(tx: Tx, messageId: number, a: IncomingAttachment): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
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
      tx,
    );
    return row!.id;
  }

  /** Makes these uploads of `userId`, not yet attached to anything, the message's files; returns the ids it linked. */
  async linkUploads(tx: Tx, messageId: number, ids: number[], userId: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `UPDATE attachments SET message_id = $1 WHERE id = ANY($2::bigint[]) AND message_id IS NULL AND uploaded_by_user_id = $3 RETURNING id`,
      [messageId, ids, userId],
      tx,
    );
    return rows.map((r) => r.id);
  }

  file(id: number): Promise<AttachmentFile | undefined> {
    return this.sql.row(`SELECT filename, content_type, data FROM attachments WHERE id = $1`, [id]);
  }

  /** The files of a message, as its mail carries them. */
  ofMessage(messageId: number): Promise<MailAttachmentRow[]> {
    return this.sql.rows(
      `SELECT filename, content_type, data, content_id, inline FROM attachments WHERE message_id = $1 ORDER BY id`,
      [messageId],
    );
  }

  /** Deletes uploads never attached to a message within `hours`. */
  async deleteUnlinked(tx: Tx, hours: number): Promise<void> {
    await this.sql.execute(
      `DELETE FROM attachments WHERE message_id IS NULL AND created_at < now() - make_interval(hours => $1)`,
      [hours],
      tx,
    );
  }
}
