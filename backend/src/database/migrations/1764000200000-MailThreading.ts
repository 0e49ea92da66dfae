import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What email needs on tickets and messages: the mailbox a ticket belongs to, the mail
 * headers we thread on, the noise flags that stop automatic replies, attachments,
 * followers (CC'd customers) and links between tickets.
 */
export class MailThreading1764000200000 implements MigrationInterface {
  name = 'MailThreading1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets ADD COLUMN mailbox_id bigint REFERENCES mailboxes (id) ON DELETE SET NULL;

      ALTER TABLE messages
        ADD COLUMN mailbox_id bigint REFERENCES mailboxes (id) ON DELETE SET NULL,
        ADD COLUMN inbound_message_id bigint REFERENCES inbound_messages (id) ON DELETE SET NULL,
        -- The message's own Message-ID (theirs for mail in; ours, HMAC-signed, for mail out).
        ADD COLUMN mail_message_id text,
        ADD COLUMN in_reply_to text,
        ADD COLUMN mail_references text[] NOT NULL DEFAULT '{}',
        ADD COLUMN from_address text,
        ADD COLUMN to_addresses text[] NOT NULL DEFAULT '{}',
        ADD COLUMN cc_addresses text[] NOT NULL DEFAULT '{}',
        -- auto_reply, bounce, list: mail that must never trigger an automatic answer.
        ADD COLUMN mail_flags text[] NOT NULL DEFAULT '{}',
        -- The full text including quoted history; body_text holds the visible reply.
        ADD COLUMN full_text text;
      -- The same Message-ID delivered twice to one mailbox is one message.
      CREATE UNIQUE INDEX messages_mailbox_message_id_key ON messages (mailbox_id, mail_message_id) WHERE mail_message_id IS NOT NULL;
      CREATE INDEX messages_mail_message_id_idx ON messages (mail_message_id) WHERE mail_message_id IS NOT NULL;

      CREATE TABLE attachments (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        filename text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        content_id text,
        inline boolean NOT NULL DEFAULT false,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX attachments_message_idx ON attachments (message_id);

      CREATE TABLE ticket_followers (
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, customer_id)
      );

      CREATE TABLE ticket_links (
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        linked_ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        -- follow_up: a reply to a closed ticket; mentioned: a stranger used another ticket's [#number].
        kind text NOT NULL CHECK (kind IN ('follow_up', 'mentioned')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, linked_ticket_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS ticket_links, ticket_followers, attachments;
      ALTER TABLE messages DROP COLUMN mailbox_id, DROP COLUMN inbound_message_id, DROP COLUMN mail_message_id,
        DROP COLUMN in_reply_to, DROP COLUMN mail_references, DROP COLUMN from_address, DROP COLUMN to_addresses,
        DROP COLUMN cc_addresses, DROP COLUMN mail_flags, DROP COLUMN full_text;
      ALTER TABLE tickets DROP COLUMN mailbox_id;
    `);
  }
}
