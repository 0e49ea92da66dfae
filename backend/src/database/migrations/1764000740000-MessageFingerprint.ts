import { SqlMigration } from '../sql-migration';

/**
 * The content identity of a received message (mail-in/processing/duplicate.ts), so that
 * only a redelivery of the same message folds: the same Message-ID with the same content.
 * The unique index that made a Message-ID one message per mailbox now takes the
 * fingerprint too: a different mail reusing a Message-ID is stored, and two workers storing
 * the same redelivery at once still make one message. Messages stored before have none
 * (they never match: a copy stored twice costs a duplicate, a dropped mail would be lost).
 */
export class MessageFingerprint1764000740000 extends SqlMigration {
  readonly name = 'MessageFingerprint1764000740000';

  protected readonly upSql = `
    ALTER TABLE messages ADD COLUMN content_fingerprint text;
    DROP INDEX messages_mailbox_message_id_key;
    CREATE UNIQUE INDEX messages_mailbox_message_id_key ON messages (mailbox_id, mail_message_id, coalesce(content_fingerprint, ''))
      WHERE mail_message_id IS NOT NULL`;

  protected readonly downSql = `
    DROP INDEX messages_mailbox_message_id_key;
    CREATE UNIQUE INDEX messages_mailbox_message_id_key ON messages (mailbox_id, mail_message_id) WHERE mail_message_id IS NOT NULL;
    ALTER TABLE messages DROP COLUMN content_fingerprint`;
}
