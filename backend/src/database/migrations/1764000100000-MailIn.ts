import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email in: the addresses we answer for, and the spool every accepted message is
 * committed to before the SMTP receiver says 250 (DESIGN.md section 2).
 */
export class MailIn1764000100000 implements MigrationInterface {
  name = 'MailIn1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailboxes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- A full address (support@example.com), or a whole domain written @example.com.
        address text NOT NULL CHECK (address = lower(address)),
        display_name text NOT NULL DEFAULT '',
        default_group_id bigint REFERENCES groups (id) ON DELETE SET NULL,
        -- Address outbound replies are sent From (defaults to address).
        outbound_from text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX mailboxes_address_key ON mailboxes (address);

      CREATE TABLE inbound_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'rejected')),
        mailbox_id bigint REFERENCES mailboxes (id) ON DELETE SET NULL,
        raw bytea NOT NULL,
        size integer NOT NULL,
        sha256 bytea NOT NULL,
        envelope_from text NOT NULL DEFAULT '',
        envelope_to text[] NOT NULL,
        peer_ip text,
        helo text,
        tls boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        -- Why a message was rejected, or the last processing error.
        reason text,
        ticket_id bigint REFERENCES tickets (id) ON DELETE SET NULL,
        message_id bigint REFERENCES messages (id) ON DELETE SET NULL
      );
      -- The sweeper's scan: what was committed but never processed.
      CREATE INDEX inbound_messages_pending_idx ON inbound_messages (received_at) WHERE status = 'received';
      CREATE INDEX inbound_messages_status_idx ON inbound_messages (status, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS inbound_messages, mailboxes`);
  }
}
