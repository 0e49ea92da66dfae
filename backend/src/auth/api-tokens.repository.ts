import { Injectable } from '@nestjs/common';
import { UserRole } from '../common/roles';
import { Sql } from '../database/sql';

/** A personal API token as stored, without its hash. */
export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** The active user behind a token, and whether its last use is worth recording again. */
export interface TokenPrincipalRow {
  token_id: number;
  id: number;
  email: string;
  name: string;
  role: UserRole;
  stale: boolean;
}

const COLUMNS = 'id, user_id, name, prefix, created_at, last_used_at, revoked_at';

/** The `api_tokens` table: personal tokens, stored as the SHA-256 of the token. */
@Injectable()
export class ApiTokensRepository {
  constructor(private readonly sql: Sql) {}

  async insert(t: { userId: number; name: string; tokenHash: Buffer; prefix: string }): Promise<ApiTokenRow> {
    const row = await this.sql.row<ApiTokenRow>(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [t.userId, t.name, t.tokenHash, t.prefix],
    );
    return row!;
  }

  /** Every token of a user, revoked ones included, oldest first. */
  forUser(userId: number): Promise<ApiTokenRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id`, [userId]);
  }

  find(id: number): Promise<ApiTokenRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  }

  /** Revokes the token unless it already is; the token as it is now. */
  async revoke(id: number): Promise<ApiTokenRow | undefined> {
    await this.sql.execute(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return this.find(id);
  }

  /** The token's user, while the token is not revoked and the user is active. */
  principal(tokenHash: Buffer): Promise<TokenPrincipalRow | undefined> {
    return this.sql.row(
      `SELECT t.id AS token_id, u.id, u.email, u.name, u.role,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
      [tokenHash],
    );
  }

  async recordUse(id: number): Promise<void> {
    await this.sql.execute(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [id]);
  }

  /** Which of these tokens still hold (not revoked, user active). */
  async stillValid(tokenHashes: Buffer[]): Promise<Buffer[]> {
    const rows = await this.sql.rows<{ token_hash: Buffer }>(
      `SELECT t.token_hash FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = ANY($1::bytea[]) AND t.revoked_at IS NULL AND u.active`,
      [tokenHashes],
    );
    return rows.map((r) => r.token_hash);
  }
}
