import { SqlMigration } from '../sql-migration';

/**
 * Change notifications for Microsoft 365 and Gmail sources: the Graph subscription or Gmail
 * watch the fetcher holding the lease keeps alive, and how push stands for the admin. A
 * notification only wakes the fetcher; mail still comes through the delta path.
 */
export class MailSourcePush1764001630000 extends SqlMigration {
  readonly name = 'MailSourcePush1764001630000';

  protected readonly upSql = `
    ALTER TABLE mail_sources
      -- active: notifications wake the fetcher; polling: push not configured; error: it failed (polling goes on).
      ADD COLUMN push_state text NOT NULL DEFAULT 'polling' CHECK (push_state IN ('active', 'polling', 'error')),
      ADD COLUMN push_error text,
      -- What the subscription points at (our notification URL, the Pub/Sub topic): a change means a new one.
      ADD COLUMN push_target text,
      -- The Graph subscription id (Gmail watches have none).
      ADD COLUMN push_subscription_id text,
      -- The Graph clientState we generated: AES-256-GCM under the secret key, as the source's secrets.
      ADD COLUMN push_client_state bytea,
      ADD COLUMN push_expires_at timestamptz,
      ADD COLUMN push_renew_at timestamptz;
    CREATE UNIQUE INDEX mail_sources_push_subscription_key ON mail_sources (push_subscription_id)
      WHERE push_subscription_id IS NOT NULL;`;

  protected readonly downSql = `
    DROP INDEX IF EXISTS mail_sources_push_subscription_key;
    ALTER TABLE mail_sources DROP COLUMN push_state, DROP COLUMN push_error, DROP COLUMN push_target,
      DROP COLUMN push_subscription_id, DROP COLUMN push_client_state, DROP COLUMN push_expires_at,
      DROP COLUMN push_renew_at;`;
}
