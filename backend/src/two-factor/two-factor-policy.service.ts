import { Injectable } from '@nestjs/common';
import { SettingsRepository } from '../settings/settings.repository';

const SETTING = 'two_factor_policy';

/** The admins' 2FA policy, kept in `settings` so every replica reads the same. */
export interface TwoFactorPolicy {
  /** Every password sign-in needs a second factor; people without one must set it up first. */
  required: boolean;
}

@Injectable()
export class TwoFactorPolicyService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(): Promise<TwoFactorPolicy> {
    return { required: Boolean((await this.settings.get<TwoFactorPolicy>(SETTING))?.required) };
  }

  async set(policy: TwoFactorPolicy): Promise<TwoFactorPolicy> {
    await this.settings.set(SETTING, { required: policy.required });
    return this.get();
  }
}
