import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

export type PasswordLinkPurpose = 'invite' | 'password_reset';

/** A set-password link as stored: never the token, only its SHA-256. */
export interface PasswordLinkRow {
  id: number;
  user_id: number;
  purpose: PasswordLinkPurpose;
  expires_at: Date;
  used_at: Date | null;
  superseded_at: Date | null;
  /** Whether it had expired by the database's clock. */
  expired: boolean;
}

/** The `password_links` table: invitations and password resets. */
@Injectable()
export class PasswordLinksRepository {
  constructor(private readonly sql: Sql) {}

  /** Marks every open link of the user as replaced (a newer link, or a password just set). */
  async supersedeOpen(tx: Tx, userId: number): Promise<void> {
    await this.sql.execute(
      `UPDATE password_links SET superseded_at = now() WHERE user_id = $1 AND used_at IS NULL AND superseded_at IS NULL`,
      [userId],
      tx,
    );
  }

  async insert(
    tx: Tx,
    link: { userId: number; purpose: PasswordLinkPurpose; tokenHash: Buffer; validSeconds: number },
  ): Promise<void> {
    await this.sql.execute(
      `INSERT INTO password_links (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [link.userId, link.purpose, link.tokenHash, link.validSeconds],
      tx,
    );
  }

  /** The link with this token hash, locked until the transaction ends (two uses of one link cannot both pass). */
  findForUpdate(tx: Tx, tokenHash: Buffer): Promise<PasswordLinkRow | undefined> {
    return this.sql.row(
      `SELECT id, user_id, purpose, expires_at, used_at, superseded_at, expires_at <= now() AS expired
         FROM password_links WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
      tx,
    );
  }

  async markUsed(tx: Tx, id: number): Promise<void> {
    await this.sql.execute(`UPDATE password_links SET used_at = now() WHERE id = $1`, [id], tx);
  }

  /** Links that ended (used, replaced or expired) more than a day ago are of no use to anyone. */
  async deleteOld(): Promise<void> {
    await this.sql.execute(
      `DELETE FROM password_links WHERE coalesce(used_at, superseded_at, expires_at) < now() - interval '1 day'`,
    );
  }
}
