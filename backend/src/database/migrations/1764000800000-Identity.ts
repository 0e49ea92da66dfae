import { SqlMigration } from '../sql-migration';

/**
 * Identity and access (issue 13, phase A):
 * - sessions get an id (to list and revoke one's own), how they were signed in, and a
 *   flag for a password sign-in that must enrol two-factor before anything else;
 * - TOTP secrets (sealed with the secret key) and one-time recovery codes (SHA-256);
 * - OpenID Connect providers (client secret sealed with the secret key) and the link
 *   between a provider's subject and a user;
 * - the admin audit log, which no one may change: triggers refuse UPDATE, DELETE and
 *   TRUNCATE, whoever asks.
 */
export class Identity1764000800000 extends SqlMigration {
  readonly name = 'Identity1764000800000';

  protected readonly upSql = `
      ALTER TABLE sessions
        ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        ADD COLUMN method text NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'sso')),
        ADD COLUMN must_enrol_totp boolean NOT NULL DEFAULT false;

      CREATE TABLE user_totp (
        user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        -- AES-256-GCM under a key derived from the secret key (SecretKeyService.seal).
        secret_sealed text NOT NULL,
        confirmed_at timestamptz,
        -- RFC 6238 section 5.2: a code once accepted is not accepted again.
        last_time_step bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE user_recovery_codes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id);

      CREATE TABLE sso_providers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        issuer text NOT NULL,
        client_id text NOT NULL,
        client_secret_sealed text,
        email_claim text NOT NULL DEFAULT 'email',
        allowed_domains text[] NOT NULL DEFAULT '{}',
        auto_create_agents boolean NOT NULL DEFAULT false,
        enforced boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX sso_providers_name_key ON sso_providers (lower(name));

      CREATE TABLE user_sso_identities (
        provider_id bigint NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
        subject text NOT NULL,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, subject)
      );
      CREATE UNIQUE INDEX user_sso_identities_user_key ON user_sso_identities (provider_id, user_id);

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- No foreign key: the record outlives whatever it names.
        actor_id bigint,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        changes jsonb NOT NULL DEFAULT '{}',
        ip text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
      CREATE INDEX audit_log_action_idx ON audit_log (action, id);
      CREATE INDEX audit_log_created_idx ON audit_log (created_at, id);

      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
    `;

  protected readonly downSql = `
      DROP TABLE audit_log, user_sso_identities, sso_providers, user_recovery_codes, user_totp;
      DROP FUNCTION audit_log_is_append_only();
      ALTER TABLE sessions DROP COLUMN id, DROP COLUMN method, DROP COLUMN must_enrol_totp;
    `;
}
