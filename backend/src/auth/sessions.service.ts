import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import type { Principal } from '../common/auth-context';
import { UserSessions } from '../users/user-sessions';
import { toSessionInfoView } from './session.view';
import { SessionsRepository, SignInMethod } from './sessions.repository';
import { randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'helpdesk_session';

export type { SignInMethod } from './sessions.repository';

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

  /** `mustEnrolTotp`: a password sign-in under the 2FA policy by someone without 2FA (only enrolment routes pass). */
  async create(
    userId: number,
    ip: string | null,
    userAgent: string | null,
    opts: { method?: SignInMethod; mustEnrolTotp?: boolean } = {},
  ) {
    const token = randomToken();
    const csrfToken = randomToken();
    await this.sessions.insert({
      tokenHash: sha256(token),
      userId,
      csrfToken,
      expiresAt: new Date(Date.now() + this.ttlMs),
      ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
      method: opts.method ?? 'password',
      mustEnrolTotp: opts.mustEnrolTotp ?? false,
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
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      mustEnrolTotp: row.must_enrol_totp,
    };
  }

  async destroy(hash: Buffer) {
    await this.sessions.delete(hash);
  }

  async endAll(userId: number) {
    await this.sessions.deleteForUser(userId);
  }

  /** Ends every session of the user but `keep` (a password change keeps the tab that made it). */
  async endOthers(userId: number, keep: Buffer | undefined) {
    await this.sessions.deleteOthers(userId, keep);
  }

  /** The user's live sessions, newest first; `current` marks the one `currentHash` names. */
  async listFor(userId: number, currentHash: Buffer | undefined) {
    return (await this.sessions.listForUser(userId, currentHash, this.config.auth.sessionTtlHours)).map(
      toSessionInfoView,
    );
  }

  /** Ends one of the user's own sessions; false when they have none with this id. */
  endOwn(userId: number, id: number): Promise<boolean> {
    return this.sessions.deleteOwn(userId, id);
  }

  /** Two-factor is set up: the user's sessions waiting for it may go everywhere. */
  async clearTotpEnrolment(userId: number) {
    await this.sessions.clearTotpEnrolment(userId);
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
