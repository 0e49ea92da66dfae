import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import Redis from 'ioredis';
import { LoginLimiterService } from '../auth/login-limiter.service';
import { randomToken, sha256 } from '../auth/tokens';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Transactions, Tx } from '../database/transactions';
import { OutboxService } from '../mail-out/outbox/outbox.service';
import { REDIS } from '../redis/redis.module';
import { SsoProvidersService } from '../sso/sso-providers.service';
import { hashPassword } from '../users/passwords';
import { InviteOutcome, UserInvites } from '../users/user-invites';
import { UserSessions } from '../users/user-sessions';
import { UsersRepository } from '../users/users.repository';
import { PasswordLinkPurpose, PasswordLinksRepository } from './password-links.repository';

/** How long each kind of link works. */
export const LINK_VALIDITY: Record<PasswordLinkPurpose, { seconds: number; words: string }> = {
  invite: { seconds: 7 * 24 * 3600, words: '7 days' },
  password_reset: { seconds: 3600, words: '1 hour' },
};

/** Why a link cannot be used, as the API answers it (400 with `reason`) and the set-password page shows it. */
const REFUSALS = {
  invalid: 'This link is not valid. Ask for a new one.',
  used: 'This link has already been used. Sign in, or ask for a new link.',
  superseded: 'A newer link was sent after this one. Use the latest mail.',
  expired: 'This link has expired. Ask for a new one.',
} as const;

/**
 * Set-password links: the invitation an admin sends (7 days) and "forgot password"
 * (1 hour). A link is a random token of 256 bits; only its SHA-256 is stored. It works
 * once, and a newer link (or a password set through one) replaces every older link of
 * the user. Only active users who may use a password get one: not agents while a single
 * sign-on provider is enforced.
 */
@Injectable()
export class PasswordLinksService implements UserInvites, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PasswordLinksService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly links: PasswordLinksRepository,
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly sso: SsoProvidersService,
    private readonly sessions: UserSessions,
    private readonly limiter: LoginLimiterService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Why this user may not set a password through a link, or null when they may. */
  private async refusal(user: { role: string; active: boolean } | undefined, tx?: Tx): Promise<string | null> {
    if (!user) return 'No such user';
    if (!user.active) return 'The user is deactivated';
    const enforced = user.role === 'agent' ? await this.sso.enforcedProvider(tx) : null;
    return enforced ? `Agents sign in with ${enforced.name}; they have no password to set` : null;
  }

  /** A new link for the user, replacing any older one, and its mail queued, in `tx`. */
  private async issueLink(
    tx: Tx,
    userId: number,
    purpose: PasswordLinkPurpose,
    origin: string,
  ): Promise<InviteOutcome> {
    const user = await this.users.find(userId, tx);
    const refused = await this.refusal(user, tx);
    if (refused || !user) return { refused: refused ?? 'No such user' };
    const token = randomToken();
    const validity = LINK_VALIDITY[purpose];
    await this.links.supersedeOpen(tx, userId);
    await this.links.insert(tx, { userId, purpose, tokenHash: sha256(token), validSeconds: validity.seconds });
    const outboxId = await this.outbox.queueAccountMail(tx, {
      kind: purpose === 'invite' ? 'user_invite' : 'password_reset',
      to: user.email,
      values: {
        'user.name': user.name || user.email,
        'user.email': user.email,
        'link.url': `${origin}/reset-password?token=${encodeURIComponent(token)}`,
        'link.validFor': validity.words,
      },
    });
    return { outboxId };
  }

  /** {@inheritDoc UserInvites.issue} */
  issue(tx: Tx, userId: number, origin: string): Promise<InviteOutcome> {
    return this.issueLink(tx, userId, 'invite', origin);
  }

  /** {@inheritDoc UserInvites.dispatch} */
  dispatch(outboxId: number): Promise<void> {
    return this.outbox.dispatch([outboxId]);
  }

  /**
   * "Forgot password": mails a reset link when `email` is an active user who may use a
   * password, and at most `perAddress` of them per window. The caller answers the same
   * (202) whatever happens, before this runs, so neither the answer nor its timing tells
   * whether the account exists. Never throws.
   */
  async requestReset(email: string, origin: string): Promise<void> {
    try {
      const user = await this.users.credentialsByEmail(email);
      if (!user || (await this.refusal(user))) return;
      if (!(await this.takeAddressBudget(email))) return;
      const outcome = await this.transactions.run((tx) => this.issueLink(tx, user.id, 'password_reset', origin));
      if ('outboxId' in outcome) await this.dispatch(outcome.outboxId);
    } catch (e) {
      this.logger.error(`password reset for a user could not be queued: ${(e as Error).message}`);
    }
  }

  /** Counts a reset mail for this address (keyed by its hash); false once the window's budget is spent. */
  private async takeAddressBudget(email: string): Promise<boolean> {
    const { perAddress, windowSeconds } = this.config.auth.passwordResetLimits;
    const key = `helpdesk:password-reset:address:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.expire(key, windowSeconds);
    return count <= perAddress;
  }

  /**
   * Sets the password of the link's user: the link must be the user's newest, unused and
   * unexpired, and the user still allowed a password. Every other link of the user stops
   * working, every session of the user ends, and the account's failed sign-ins are forgotten.
   * @throws BadRequestException with `reason` (`invalid`, `used`, `superseded`, `expired`); ForbiddenException (`sso_required`).
   */
  async confirm(token: string, password: string): Promise<void> {
    // Hashed before the transaction, so no row stays locked through argon2.
    const passwordHash = await hashPassword(password);
    const userId = await this.transactions.run(async (tx) => {
      const link = await this.links.findForUpdate(tx, sha256(token));
      const reason = !link
        ? 'invalid'
        : link.used_at
          ? 'used'
          : link.superseded_at
            ? 'superseded'
            : link.expired
              ? 'expired'
              : null;
      if (reason || !link) throw new BadRequestException({ message: REFUSALS[reason ?? 'invalid'], reason });
      const user = await this.users.find(link.user_id, tx);
      const refused = await this.refusal(user, tx);
      if (refused)
        throw new ForbiddenException({ message: refused, reason: user?.active ? 'sso_required' : 'invalid' });
      await this.links.markUsed(tx, link.id);
      await this.links.supersedeOpen(tx, link.user_id);
      await this.users.update(link.user_id, { passwordHash }, tx);
      return link.user_id;
    });
    await this.sessions.endAll(userId);
    const user = await this.users.find(userId);
    if (user) await this.limiter.recordSuccess(user.email);
  }

  /** Dead links are cleared hourly by every api replica (an idempotent delete). */
  onModuleInit() {
    this.purgeTimer = setInterval(() => void this.links.deleteOld().catch(() => undefined), 3600_000);
    this.purgeTimer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.purgeTimer);
  }
}
