import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import type { Principal } from '../common/auth-context';
import type { UserRole } from '../users/user.entity';
import { returning } from '../common/returning';
import { randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'helpdesk_session';

export type SignInMethod = 'password' | 'sso';

/** A session as its owner sees it (GET /auth/me/sessions). */
export interface SessionRow {
  id: number;
  createdAt: Date;
  expiresAt: Date;
  /** When the expiry last slid (it slides at most once a minute), so the last request within a minute. */
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  method: SignInMethod;
  current: boolean;
}

interface PrincipalRow {
  id: number;
  session_id?: number;
  must_enrol_totp?: boolean;
  email: string;
  name: string;
  role: UserRole;
  csrf_token?: string;
  expires_at?: Date;
}

/** Browser sessions in PostgreSQL, so any api replica serves any agent. */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private get ttlMs() {
    return this.config.auth.sessionTtlHours * 3600_000;
  }

  /** `mustEnrolTotp`: a password sign-in under the 2FA policy by someone without 2FA (only enrolment routes pass). */
  async create(
    userId: number,
    ip: string | null,
    userAgent: string | null,
    opts: { method?: SignInMethod; mustEnrolTotp?: boolean } = {},
  ) {
    const token = randomToken();
    const csrfToken = randomToken();
    await this.db.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent, method, must_enrol_totp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        sha256(token),
        userId,
        csrfToken,
        new Date(Date.now() + this.ttlMs),
        ip,
        userAgent?.slice(0, 500) ?? null,
        opts.method ?? 'password',
        opts.mustEnrolTotp ?? false,
      ],
    );
    return { token, csrfToken, maxAgeSeconds: Math.floor(this.ttlMs / 1000) };
  }

  /** Resolves a cookie token to its active user; slides the expiry at most once a minute. */
  async resolve(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.role, s.csrf_token, s.expires_at, s.id AS session_id, s.must_enrol_totp
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    const newExpiry = Date.now() + this.ttlMs;
    if (newExpiry - row.expires_at!.getTime() > 60_000) {
      await this.db.query(`UPDATE sessions SET expires_at = $2 WHERE token_hash = $1`, [hash, new Date(newExpiry)]);
    }
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      via: 'session',
      sessionHash: hash,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      mustEnrolTotp: row.must_enrol_totp,
    };
  }

  async destroy(hash: Buffer) {
    await this.db.query(`DELETE FROM sessions WHERE token_hash = $1`, [hash]);
  }

  async destroyAllFor(userId: number) {
    await this.db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  }

  /** Ends every session of the user but `keep` (a password change keeps the tab that made it). */
  async destroyOthers(userId: number, keep: Buffer | undefined) {
    await this.db.query(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      userId,
      keep ?? null,
    ]);
  }

  /** The user's live sessions, newest first; `current` marks the one `currentHash` names. */
  async listFor(userId: number, currentHash: Buffer | undefined): Promise<SessionRow[]> {
    return this.db.query(
      `SELECT id, created_at AS "createdAt", expires_at AS "expiresAt",
              expires_at - make_interval(hours => $3) AS "lastSeenAt", ip, user_agent AS "userAgent", method,
              token_hash IS NOT DISTINCT FROM $2 AS current
         FROM sessions WHERE user_id = $1 AND expires_at > now() ORDER BY created_at DESC, id DESC`,
      [userId, currentHash ?? null, this.config.auth.sessionTtlHours],
    );
  }

  /** Ends one of the user's own sessions; false when they have none with this id. */
  async destroyOwn(userId: number, id: number): Promise<boolean> {
    const rows = await returning(this.db, `DELETE FROM sessions WHERE user_id = $1 AND id = $2 RETURNING id`, [
      userId,
      id,
    ]);
    return rows.length > 0;
  }

  /** Two-factor is set up: the user's sessions waiting for it may go everywhere. */
  async clearTotpEnrolment(userId: number) {
    await this.db.query(`UPDATE sessions SET must_enrol_totp = false WHERE user_id = $1 AND must_enrol_totp`, [userId]);
  }

  /** Expired sessions are dead weight; every api replica clears them hourly (an indexed, idempotent delete). */
  onModuleInit() {
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), 3600_000);
    this.purgeTimer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.purgeTimer);
  }

  async purgeExpired() {
    await this.db.query(`DELETE FROM sessions WHERE expires_at < now()`);
  }
}
