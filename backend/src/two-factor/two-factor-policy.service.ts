import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const SETTING = 'two_factor_policy';

/** The admins' 2FA policy, kept in `settings` so every replica reads the same. */
export interface TwoFactorPolicy {
  /** Every password sign-in needs a second factor; people without one must set it up first. */
  required: boolean;
}

@Injectable()
export class TwoFactorPolicyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(): Promise<TwoFactorPolicy> {
    const [row] = await this.db.query(`SELECT value FROM settings WHERE key = $1`, [SETTING]);
    return { required: Boolean((row?.value as TwoFactorPolicy | undefined)?.required) };
  }

  async set(policy: TwoFactorPolicy): Promise<TwoFactorPolicy> {
    await this.db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [SETTING, JSON.stringify({ required: policy.required })],
    );
    return this.get();
  }
}
