import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { AuthService } from '../auth/auth.service';
import { LoginLimiterService } from '../auth/login-limiter.service';
import { SessionsService } from '../auth/sessions.service';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { SealedSecretError, SecretKeyService } from '../secrets/secret-key.service';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';
import { TotpRepository } from './totp.repository';

const SEAL_PURPOSE = 'totp-secret';
/** One 30-second step either side of now (RFC 6238 section 5.2 recommends at most one step of network delay). */
const TOLERANCE_SECONDS = 30;

export interface TotpStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

/**
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s, as every authenticator
 * app reads them) with otplib, and ten one-time recovery codes. The seed is sealed with
 * the secret key; a code accepted once is never accepted again (the last time step is
 * kept, RFC 6238 section 5.2), nor is a recovery code.
 */
@Injectable()
export class TotpService {
  constructor(
    private readonly totp: TotpRepository,
    private readonly transactions: Transactions,
    @Inject(CONFIG) private readonly config: Config,
    private readonly secrets: SecretKeyService,
    private readonly sessions: SessionsService,
    private readonly auth: AuthService,
    private readonly limiter: LoginLimiterService,
  ) {}

  async status(userId: number): Promise<TotpStatus> {
    const row = await this.totp.status(userId);
    return { enabled: Boolean(row), enabledAt: row?.confirmed_at ?? null, recoveryCodesLeft: row?.codes ?? 0 };
  }

  async isEnabled(userId: number): Promise<boolean> {
    return (await this.status(userId)).enabled;
  }

  /**
   * Starts (or restarts) enrolment: a new seed, not yet in force.
   * @throws ConflictException when two-factor is already on (turn it off first).
   */
  async begin(userId: number, email: string): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = generateSecret();
    if (!(await this.totp.beginEnrolment(userId, this.secrets.seal(SEAL_PURPOSE, secret))))
      throw new ConflictException('Two-factor sign-in is already on; turn it off first to set it up again');
    const issuer = this.config.http.publicUrl ? `Helpdesk (${new URL(this.config.http.publicUrl).host})` : 'Helpdesk';
    return { secret, otpauthUrl: generateURI({ issuer, label: email, secret }) };
  }

  /**
   * Puts the pending seed in force once the user proves their app has it, and hands out
   * ten fresh recovery codes (shown this once; stored as SHA-256).
   * @throws ConflictException without a pending enrolment; BadRequestException for a wrong code.
   */
  async confirm(userId: number, code: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.transactions.run(async (tx) => {
      const row = await this.totp.lockForUser(tx, userId);
      if (!row) throw new ConflictException('Start with POST /api/v1/auth/me/totp');
      if (row.confirmed_at) throw new ConflictException('Two-factor sign-in is already on');
      const step = await this.checkTotp(row.secret_sealed, code, 0);
      if (step === null) {
        const problem = 'is not the current code of the authenticator app';
        throw new BadRequestException({ message: `code: ${problem}`, fields: { code: [problem] } });
      }
      await this.totp.confirm(tx, userId, step);
      await this.totp.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
    });
    await this.sessions.clearTotpEnrolment(userId);
    return codes;
  }

  /**
   * Checks a second factor: a current TOTP code not used before, or an unused recovery
   * code (used up by this call). False for anything else, including no 2FA at all.
   */
  async verifyCode(userId: number, code: string): Promise<boolean> {
    const trimmed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(trimmed)) {
      const row = await this.totp.confirmed(userId);
      if (!row) return false;
      const step = await this.checkTotp(row.secret_sealed, trimmed, Number(row.last_time_step));
      return step !== null && (await this.totp.advanceTimeStep(userId, step));
    }
    if (!looksLikeRecoveryCode(code)) return false;
    return this.totp.useRecoveryCode(userId, hashRecoveryCode(code));
  }

  /**
   * One's own two-factor off: needs the password and a code (or a recovery code); wrong
   * ones count as failed sign-ins of the account.
   * @throws UnauthorizedException naming the wrong field; 429 past the login limit; NotFoundException when it is off.
   */
  async disable(userId: number, email: string, password: string, code: string): Promise<void> {
    await this.auth.confirmPassword(userId, email, password);
    if (!(await this.verifyCode(userId, code))) {
      await this.limiter.recordFailure(email);
      throw new UnauthorizedException({ message: 'code is wrong or already used', fields: { code: ['is wrong'] } });
    }
    await this.remove(userId);
  }

  /** Turns two-factor off: the seed and every recovery code go. */
  async remove(userId: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.totp.delete(tx, userId))) throw new NotFoundException('Two-factor sign-in is not set up');
    });
  }

  /** The time step the code belongs to, or null; `after` rejects steps already used. */
  private async checkTotp(sealed: string, code: string, after: number): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    let secret: string;
    try {
      secret = this.secrets.open(SEAL_PURPOSE, sealed);
    } catch (e) {
      if (!(e instanceof SealedSecretError)) throw e;
      // Recovery codes are hashes, not sealed: they still work, and an admin can reset.
      throw new ServiceUnavailableException(
        'The two-factor key cannot be read (HELPDESK_SECRET_KEY changed): use a recovery code, or ask an admin to reset two-factor',
      );
    }
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOLERANCE_SECONDS,
      ...(after > 0 ? { afterTimeStep: after } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
