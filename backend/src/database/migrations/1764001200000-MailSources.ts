import { SqlMigration } from '../sql-migration';

/**
 * Mailbox sources (DESIGN.md section 11): a mailbox may fetch its mail from an IMAP server,
 * Microsoft 365 (Graph) or Gmail instead of (or besides) receiving it over SMTP. Fetched mail
 * goes into the one spool, marked with its source and the remote id, so a refetch is harmless.
 */
export class MailSources1764001200000 extends SqlMigration {
  readonly name = 'MailSources1764001200000';

  protected readonly upSql = `
    CREATE TABLE mail_sources (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- One source per mailbox. A change of what the source points at (server, account,
      -- folder) replaces the row, so the remote ids of the old one never meet the new one's.
      mailbox_id bigint NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('imap', 'microsoft365', 'gmail')),
      enabled boolean NOT NULL DEFAULT true,
      -- Everything but the secrets, as the admin entered it (validated by the API).
      settings jsonb NOT NULL,
      -- Passwords, client secrets, keys and refresh tokens: AES-256-GCM under the secret key.
      secrets bytea,
      -- Bumped on every change, so the fetcher holding the source reloads it.
      version integer NOT NULL DEFAULT 1,
      -- Where fetching stands: UIDVALIDITY and last UID, a Graph delta link, a Gmail history id.
      cursor jsonb,
      status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error')),
      last_error text,
      error_kind text,
      -- When the current outage began, and when admins were told about it (once per outage).
      error_since timestamptz,
      alerted_at timestamptz,
      last_fetched_at timestamptz,
      -- The one worker fetching for this source, until the lease expires unrenewed.
      lease_owner text,
      lease_expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX mail_sources_mailbox_key ON mail_sources (mailbox_id);

    -- Messages a source could not fetch: retried a few times, then skipped with the reason.
    CREATE TABLE mail_source_failures (
      source_id bigint NOT NULL REFERENCES mail_sources (id) ON DELETE CASCADE,
      remote_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('retrying', 'skipped')),
      reason text NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      first_failed_at timestamptz NOT NULL DEFAULT now(),
      last_failed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source_id, remote_id)
    );

    ALTER TABLE inbound_messages
      ADD COLUMN source_id bigint REFERENCES mail_sources (id) ON DELETE SET NULL,
      ADD COLUMN remote_id text;
    -- A message fetched twice (a crash between the commit and marking it seen) is one row.
    CREATE UNIQUE INDEX inbound_messages_remote_key ON inbound_messages (source_id, remote_id) WHERE remote_id IS NOT NULL;

    -- Notices to admins that concern no ticket (a mailbox source failing); every earlier kind stays.
    ALTER TABLE outbound_messages ALTER COLUMN ticket_id DROP NOT NULL;
    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification', 'admin_source_failing'));`;

  protected readonly downSql = `
    DELETE FROM outbound_messages WHERE ticket_id IS NULL OR kind = 'admin_source_failing';
    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification'));
    ALTER TABLE outbound_messages ALTER COLUMN ticket_id SET NOT NULL;
    DROP INDEX IF EXISTS inbound_messages_remote_key;
    ALTER TABLE inbound_messages DROP COLUMN remote_id, DROP COLUMN source_id;
    DROP TABLE IF EXISTS mail_source_failures, mail_sources;`;
}
