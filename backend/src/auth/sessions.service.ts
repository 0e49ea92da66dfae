import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import type { Principal } from '../common/auth-context';
import type { UserRole } from '../common/roles';
import { UserSessions } from '../users/user-sessions';
import { randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'helpdesk_session';

interface PrincipalRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  csrf_token?: string;
  expires_at?: Date;
}

/** Browser sessions in PostgreSQL, so any api replica serves any agent. */
@Injectable()
export class SessionsService implements UserSessions, OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private get ttlMs() {
    return this.config.auth.sessionTtlHours * 3600_000;
  }

  async create(userId: number, ip: string | null, userAgent: string | null) {
    const token = randomToken();
    const csrfToken = randomToken();
    await this.db.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(token), userId, csrfToken, new Date(Date.now() + this.ttlMs), ip, userAgent?.slice(0, 500) ?? null],
    );
    return { token, csrfToken, maxAgeSeconds: Math.floor(this.ttlMs / 1000) };
  }

  /** Resolves a cookie token to its active user; slides the expiry at most once a minute. */
  async resolve(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.role, s.csrf_token, s.expires_at
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
      csrfToken: row.csrf_token,
    };
  }

  async destroy(hash: Buffer) {
    await this.db.query(`DELETE FROM sessions WHERE token_hash = $1`, [hash]);
  }

  async endAll(userId: number) {
    await this.db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
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
