import { Injectable } from '@nestjs/common';
import { UserRole } from '../common/roles';
import { Sql } from '../database/sql';

/** The active user behind a session. */
export interface SessionPrincipalRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  csrf_token: string;
  expires_at: Date;
}

/** The `sessions` table: browser sessions, keyed by the SHA-256 of the cookie's token. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(s: {
    tokenHash: Buffer;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.userId, s.csrfToken, s.expiresAt, s.ip, s.userAgent],
    );
  }

  /** The session's user, while the session has not expired and the user is active. */
  principal(tokenHash: Buffer): Promise<SessionPrincipalRow | undefined> {
    return this.sql.row(
      `SELECT u.id, u.email, u.name, u.role, s.csrf_token, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [tokenHash],
    );
  }

  async extend(tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.sql.execute(`UPDATE sessions SET expires_at = $2 WHERE token_hash = $1`, [tokenHash, expiresAt]);
  }

  async delete(tokenHash: Buffer): Promise<void> {
    await this.sql.execute(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.sql.execute(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  }

  async deleteExpired(): Promise<void> {
    await this.sql.execute(`DELETE FROM sessions WHERE expires_at < now()`);
  }

  /** Which of these sessions still hold (not ended, not expired, user active). */
  async stillValid(tokenHashes: Buffer[]): Promise<Buffer[]> {
    const rows = await this.sql.rows<{ token_hash: Buffer }>(
      `SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ANY($1::bytea[]) AND s.expires_at > now() AND u.active`,
      [tokenHashes],
    );
    return rows.map((r) => r.token_hash);
  }
}
