import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';

/**
 * The `user_sso_identities` table: which user a provider's subject (`sub`) is. One
 * subject per user and provider (unique index), so a second identity cannot take over an
 * account already linked.
 */
@Injectable()
export class SsoIdentitiesRepository {
  constructor(private readonly sql: Sql) {}

  /** The user this provider's subject was linked to, if any. */
  linkedUser(providerId: number, subject: string): Promise<{ id: number; active: boolean } | undefined> {
    return this.sql.row(
      `SELECT u.id, u.active FROM user_sso_identities i JOIN users u ON u.id = i.user_id
        WHERE i.provider_id = $1 AND i.subject = $2`,
      [providerId, subject],
    );
  }

  /** Whether the user is linked to another subject of this provider. */
  async linkedToOther(providerId: number, userId: number, subject: string): Promise<boolean> {
    return !!(await this.sql.row(
      `SELECT 1 FROM user_sso_identities WHERE provider_id = $1 AND user_id = $2 AND subject <> $3`,
      [providerId, userId, subject],
    ));
  }

  async link(providerId: number, subject: string, userId: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO user_sso_identities (provider_id, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [providerId, subject, userId],
    );
  }

  async recordUse(providerId: number, subject: string): Promise<void> {
    await this.sql.execute(
      `UPDATE user_sso_identities SET last_used_at = now() WHERE provider_id = $1 AND subject = $2`,
      [providerId, subject],
    );
  }
}
