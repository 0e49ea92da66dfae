import { BadRequestException, Injectable } from '@nestjs/common';
import { Tx } from '../../database/transactions';
import { SettingsRepository } from '../../settings/settings.repository';
import { MailAuthSettingView } from './mail-auth-setting.view';
import { relayRangeProblem } from './trusted-relays';

/** The `settings` key of the sender verification settings. */
export const MAIL_AUTH_SETTING = 'mail_auth';

/** At most this many trusted relay entries: a short list of the organisation's own relays. */
const MAX_TRUSTED_RELAYS = 100;

/** The admin's sender verification settings, kept in `settings` so every replica reads the same. */
@Injectable()
export class MailAuthSettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(tx?: Tx): Promise<MailAuthSettingView> {
    const value = await this.settings.get<{ trustedRelays?: string[] }>(MAIL_AUTH_SETTING, tx);
    return { trustedRelays: value?.trustedRelays ?? [] };
  }

  /**
   * Replaces the trusted relays (entries trimmed, duplicates dropped).
   * @throws BadRequestException naming each entry that is not an IP address or CIDR range.
   */
  async set(trustedRelays: string[]): Promise<MailAuthSettingView> {
    const entries = [...new Set(trustedRelays.map((e) => e.trim()))];
    const problems = entries.map(relayRangeProblem).filter((p): p is string => p !== null);
    if (entries.length > MAX_TRUSTED_RELAYS) problems.push(`at most ${MAX_TRUSTED_RELAYS} entries`);
    if (problems.length)
      throw new BadRequestException({ message: problems.join('; '), fields: { trustedRelays: problems } });
    await this.settings.set(MAIL_AUTH_SETTING, { trustedRelays: entries });
    return { trustedRelays: entries };
  }
}
