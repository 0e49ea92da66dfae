import { SqlMigration } from '../sql-migration';

/**
 * Sending as the mailbox (issue 17, phase B): a mailbox may send through its own transport
 * (SMTP, Microsoft Graph, the Gmail API) instead of the global relay; DKIM keys per sending
 * domain; signatures per mailbox and per agent, with the agent's title for their placeholders.
 */
export class MailTransports1764001210000 extends SqlMigration {
  readonly name = 'MailTransports1764001210000';

  protected readonly upSql = `
    CREATE TABLE mail_transports (
      mailbox_id bigint PRIMARY KEY REFERENCES mailboxes (id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('smtp', 'microsoft365', 'gmail')),
      -- Everything but the secrets, as the admin entered it (validated by the API).
      settings jsonb NOT NULL,
      -- Passwords, client secrets, keys and refresh tokens: AES-256-GCM under the secret key.
      secrets bytea,
      -- Bumped on every change, so a worker holding a connection for the old settings drops it.
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- One DKIM key per sending domain (the From address's), used for the relay and SMTP transports.
    CREATE TABLE dkim_keys (
      domain text PRIMARY KEY CHECK (domain = lower(domain)),
      selector text NOT NULL,
      -- PEM, sealed like the mailbox secrets; the public key is kept in the clear for the DNS record.
      private_key bytea NOT NULL,
      public_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Which transport an outbox row went out through (relay, smtp, microsoft365, gmail).
    ALTER TABLE outbound_messages ADD COLUMN transport text;

    ALTER TABLE users ADD COLUMN title text NOT NULL DEFAULT '', ADD COLUMN signature text NOT NULL DEFAULT '';
    ALTER TABLE mailboxes ADD COLUMN signature text NOT NULL DEFAULT '';`;

  protected readonly downSql = `
    ALTER TABLE mailboxes DROP COLUMN signature;
    ALTER TABLE users DROP COLUMN signature, DROP COLUMN title;
    ALTER TABLE outbound_messages DROP COLUMN transport;
    DROP TABLE IF EXISTS dkim_keys, mail_transports;`;
}
