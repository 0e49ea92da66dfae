import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queryable } from '../../common/returning';
import { MailAuthSettingView } from './mail-auth-setting.view';
import { relayRangeProblem } from './trusted-relays';

/** The `settings` key of the sender verification settings. */
export const MAIL_AUTH_SETTING = 'mail_auth';

/** At most this many trusted relay entries: a short list of the organisation's own relays. */
const MAX_TRUSTED_RELAYS = 100;

/** The admin's sender verification settings, kept in `settings` so every replica reads the same. */
@Injectable()
export class MailAuthSettingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(db: Queryable = this.db): Promise<MailAuthSettingView> {
    const [row] = await db.query(`SELECT value FROM settings WHERE key = $1`, [MAIL_AUTH_SETTING]);
    return { trustedRelays: (row?.value?.trustedRelays as string[] | undefined) ?? [] };
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
    await this.db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [MAIL_AUTH_SETTING, JSON.stringify({ trustedRelays: entries })],
    );
    return { trustedRelays: entries };
  }
}
