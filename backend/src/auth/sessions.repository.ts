import { Injectable } from '@nestjs/common';
import { UserRole } from '../common/roles';
import { Sql } from '../database/sql';

/** How a session was signed in. */
export type SignInMethod = 'password' | 'sso';

/** The active user behind a session. */
export interface SessionPrincipalRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  csrf_token: string;
  expires_at: Date;
  session_id: number;
  must_enrol_totp: boolean;
}

/** A live session as its owner sees it (GET /auth/me/sessions). */
export interface SessionListRow {
  id: number;
  created_at: Date;
  expires_at: Date;
  /** When the expiry last slid (it slides at most once a minute): the last request, to the minute. */
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
  method: SignInMethod;
  current: boolean;
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
    method: SignInMethod;
    mustEnrolTotp: boolean;
  }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent, method, must_enrol_totp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.tokenHash, s.userId, s.csrfToken, s.expiresAt, s.ip, s.userAgent, s.method, s.mustEnrolTotp],
    );
  }

  /** The session's user, while the session has not expired and the user is active. */
  principal(tokenHash: Buffer): Promise<SessionPrincipalRow | undefined> {
    return this.sql.row(
      `SELECT u.id, u.email, u.name, u.role, s.csrf_token, s.expires_at, s.id AS session_id, s.must_enrol_totp
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

  /** Ends every session of the user but `keep` (a password change keeps the tab that made it). */
  async deleteOthers(userId: number, keep: Buffer | undefined): Promise<void> {
    await this.sql.execute(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      userId,
      keep ?? null,
    ]);
  }

  /** Ends one of the user's own sessions; false when they have none with this id. */
  async deleteOwn(userId: number, id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM sessions WHERE user_id = $1 AND id = $2`, [userId, id])) > 0;
  }

  /**
   * The user's live sessions, newest first; `current` marks the one `currentHash` names.
   * The last request is the expiry minus the sliding window (`ttlHours`).
   */
  listForUser(userId: number, currentHash: Buffer | undefined, ttlHours: number): Promise<SessionListRow[]> {
    return this.sql.rows(
      `SELECT id, created_at, expires_at, expires_at - make_interval(hours => $3) AS last_seen_at, ip, user_agent,
              method, token_hash IS NOT DISTINCT FROM $2 AS current
         FROM sessions WHERE user_id = $1 AND expires_at > now() ORDER BY created_at DESC, id DESC`,
      [userId, currentHash ?? null, ttlHours],
    );
  }

  /** Two-factor is set up: the user's sessions waiting for it may go everywhere. */
  async clearTotpEnrolment(userId: number): Promise<void> {
    await this.sql.execute(`UPDATE sessions SET must_enrol_totp = false WHERE user_id = $1 AND must_enrol_totp`, [
      userId,
    ]);
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
