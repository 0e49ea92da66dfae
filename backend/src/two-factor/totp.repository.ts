import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A user's TOTP seed (sealed with the secret key) and where it stands. */
export interface TotpRow {
  secret_sealed: string;
  confirmed_at: Date | null;
  /** The RFC 6238 time step of the last code accepted (0: none yet). */
  last_time_step: number;
}

/** The `user_totp` and `user_recovery_codes` tables: one seed per user, ten one-time codes stored as SHA-256. */
@Injectable()
export class TotpRepository {
  constructor(private readonly sql: Sql) {}

  /** When two-factor was turned on and how many recovery codes are unused; undefined while it is off. */
  status(userId: number): Promise<{ confirmed_at: Date; codes: number } | undefined> {
    return this.sql.row(
      `SELECT t.confirmed_at,
              (SELECT count(*)::int FROM user_recovery_codes c WHERE c.user_id = $1 AND c.used_at IS NULL) AS codes
         FROM user_totp t WHERE t.user_id = $1 AND t.confirmed_at IS NOT NULL`,
      [userId],
    );
  }

  /** Stores a new pending seed, replacing a pending one; false when two-factor is already on. */
  async beginEnrolment(userId: number, sealed: string): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO user_totp (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = now()
         WHERE user_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, sealed],
    );
    return rows.length > 0;
  }

  /** The user's seed, locked until the transaction ends (an enrolment being confirmed). */
  lockForUser(tx: Tx, userId: number): Promise<TotpRow | undefined> {
    return this.sql.row(
      `SELECT secret_sealed, confirmed_at, last_time_step FROM user_totp WHERE user_id = $1 FOR UPDATE`,
      [userId],
      tx,
    );
  }

  /** The seed in force (confirmed), or undefined. */
  confirmed(userId: number): Promise<TotpRow | undefined> {
    return this.sql.row(
      `SELECT secret_sealed, confirmed_at, last_time_step FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
      [userId],
    );
  }

  async confirm(tx: Tx, userId: number, timeStep: number): Promise<void> {
    await this.sql.execute(
      `UPDATE user_totp SET confirmed_at = now(), last_time_step = $2 WHERE user_id = $1`,
      [userId, timeStep],
      tx,
    );
  }

  /**
   * Records `timeStep` as used, only if it is later than the last one: true for the one
   * request that moved it (two requests racing with one code cannot both pass).
   */
  async advanceTimeStep(userId: number, timeStep: number): Promise<boolean> {
    const moved = await this.sql.execute(
      `UPDATE user_totp SET last_time_step = $2 WHERE user_id = $1 AND last_time_step < $2`,
      [userId, timeStep],
    );
    return moved > 0;
  }

  async replaceRecoveryCodes(tx: Tx, userId: number, hashes: Buffer[]): Promise<void> {
    await this.sql.execute(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId], tx);
    await this.sql.execute(
      `INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, hashes],
      tx,
    );
  }

  /** Uses up an unused recovery code of a user whose two-factor is on; false when there is none. */
  async useRecoveryCode(userId: number, hash: Buffer): Promise<boolean> {
    const used = await this.sql.execute(
      `UPDATE user_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
          AND EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL)`,
      [userId, hash],
    );
    return used > 0;
  }

  /** Removes the seed and every recovery code; false when there was no seed. */
  async delete(tx: Tx, userId: number): Promise<boolean> {
    const deleted = await this.sql.execute(`DELETE FROM user_totp WHERE user_id = $1`, [userId], tx);
    await this.sql.execute(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId], tx);
    return deleted > 0;
  }
}
