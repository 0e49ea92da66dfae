import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import type { Principal } from '../common/auth-context';
import { UserSessions } from '../users/user-sessions';
import { SessionsRepository } from './sessions.repository';
import { randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'helpdesk_session';

/** Browser sessions in PostgreSQL, so any api replica serves any agent. */
@Injectable()
export class SessionsService implements UserSessions, OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private get ttlMs() {
    return this.config.auth.sessionTtlHours * 3600_000;
  }

  async create(userId: number, ip: string | null, userAgent: string | null) {
    const token = randomToken();
    const csrfToken = randomToken();
    await this.sessions.insert({
      tokenHash: sha256(token),
      userId,
      csrfToken,
      expiresAt: new Date(Date.now() + this.ttlMs),
      ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
    });
    return { token, csrfToken, maxAgeSeconds: Math.floor(this.ttlMs / 1000) };
  }

  /** Resolves a cookie token to its active user; slides the expiry at most once a minute. */
  async resolve(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    const row = await this.sessions.principal(hash);
    if (!row) return null;
    const newExpiry = Date.now() + this.ttlMs;
    if (newExpiry - row.expires_at.getTime() > 60_000) await this.sessions.extend(hash, new Date(newExpiry));
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
    await this.sessions.delete(hash);
  }

  async endAll(userId: number) {
    await this.sessions.deleteForUser(userId);
  }

  /** Which of these sessions (SHA-256 of their tokens) still hold: not ended or expired, user active. */
  stillValid(hashes: Buffer[]): Promise<Buffer[]> {
    return this.sessions.stillValid(hashes);
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
    await this.sessions.deleteExpired();
  }
}
