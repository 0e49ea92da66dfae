import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource, EntityManager } from 'typeorm';
import { SessionsService } from '../auth/sessions.service';
import { returning } from '../common/returning';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SealedSecretError, SecretKeyService } from '../secrets/secret-key.service';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly secrets: SecretKeyService,
    private readonly sessions: SessionsService,
  ) {}

  async status(userId: number): Promise<TotpStatus> {
    const [row] = await this.db.query(
      `SELECT t.confirmed_at,
              (SELECT count(*)::int FROM user_recovery_codes c WHERE c.user_id = $1 AND c.used_at IS NULL) AS codes
         FROM user_totp t WHERE t.user_id = $1 AND t.confirmed_at IS NOT NULL`,
      [userId],
    );
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
    const rows: unknown[] = await this.db.query(
      `INSERT INTO user_totp (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = now()
         WHERE user_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, this.secrets.seal(SEAL_PURPOSE, secret)],
    );
    if (!rows.length)
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
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT secret_sealed, confirmed_at FROM user_totp WHERE user_id = $1 FOR UPDATE`, [
        userId,
      ]);
      if (!row) throw new ConflictException('Start with POST /api/v1/auth/me/totp');
      if (row.confirmed_at) throw new ConflictException('Two-factor sign-in is already on');
      const step = await this.checkTotp(row.secret_sealed as string, code, 0);
      if (step === null) {
        const problem = 'is not the current code of the authenticator app';
        throw new BadRequestException({ message: `code: ${problem}`, fields: { code: [problem] } });
      }
      await tx.query(`UPDATE user_totp SET confirmed_at = now(), last_time_step = $2 WHERE user_id = $1`, [
        userId,
        step,
      ]);
      await this.replaceRecoveryCodes(tx, userId, codes);
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
      const [row] = await this.db.query(
        `SELECT secret_sealed, last_time_step FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
        [userId],
      );
      if (!row) return false;
      const step = await this.checkTotp(row.secret_sealed as string, trimmed, Number(row.last_time_step));
      if (step === null) return false;
      // Conditional on the step moving forward, so two requests racing with one code cannot both pass.
      const moved = await returning(
        this.db,
        `UPDATE user_totp SET last_time_step = $2 WHERE user_id = $1 AND last_time_step < $2 RETURNING user_id`,
        [userId, step],
      );
      return moved.length > 0;
    }
    if (!looksLikeRecoveryCode(code)) return false;
    const used = await returning(
      this.db,
      `UPDATE user_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
          AND EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL)
        RETURNING id`,
      [userId, hashRecoveryCode(code)],
    );
    return used.length > 0;
  }

  /** Turns two-factor off: the seed and every recovery code go. */
  async remove(userId: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await returning(tx, `DELETE FROM user_totp WHERE user_id = $1 RETURNING user_id`, [userId]);
      await tx.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
      if (!deleted.length) throw new NotFoundException('Two-factor sign-in is not set up');
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

  private async replaceRecoveryCodes(tx: EntityManager, userId: number, codes: string[]) {
    await tx.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [
      userId,
      codes.map(hashRecoveryCode),
    ]);
  }
}
