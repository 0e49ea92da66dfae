import { SqlMigration } from '../sql-migration';

/**
 * Set-password links (an admin's invitation, a forgotten password): stored only as the
 * SHA-256 of the random token, with their expiry, when they were used and when a newer
 * link replaced them. The outbox learns the two kinds of mail that carry them.
 */
export class PasswordLinks1764001450000 extends SqlMigration {
  readonly name = 'PasswordLinks1764001450000';

  protected readonly upSql = `
    CREATE TABLE password_links (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('invite', 'password_reset')),
      token_hash bytea NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      superseded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX password_links_open ON password_links (user_id) WHERE used_at IS NULL AND superseded_at IS NULL;

    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification', 'admin_source_failing', 'user_invite', 'password_reset'));`;

  protected readonly downSql = `
    DELETE FROM outbound_messages WHERE kind IN ('user_invite', 'password_reset');
    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification', 'admin_source_failing'));
    DROP TABLE IF EXISTS password_links;`;
}
