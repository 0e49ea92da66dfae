import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { maskRelayUrl, relayUrlProblem } from './relay-url';

export interface RelaySetting {
  url: string | null;
  source: 'env' | 'settings' | null;
}

const KEY = 'smtp_relay';

/**
 * Where outbound mail goes: SMTP_RELAY_URL when set (it wins, and the settings API
 * cannot override it), otherwise what an admin saved in `settings`. Read fresh for
 * every send, so a relay configured on one replica is used by every worker at once.
 */
@Injectable()
export class RelaySettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async current(): Promise<RelaySetting> {
    if (this.config.smtpRelayUrl) return { url: this.config.smtpRelayUrl, source: 'env' };
    const [row] = await this.db.query(`SELECT value->>'url' AS url FROM settings WHERE key = $1`, [KEY]);
    return row?.url ? { url: row.url, source: 'settings' } : { url: null, source: null };
  }

  /** For admins: the password never leaves the server. */
  async view(): Promise<RelaySetting> {
    const r = await this.current();
    return { url: r.url && maskRelayUrl(r.url), source: r.source };
  }

  async set(url: string | null): Promise<RelaySetting> {
    if (this.config.smtpRelayUrl) throw new ConflictException('The relay is set by SMTP_RELAY_URL in the environment; change it there');
    if (url === null) {
      await this.db.query(`DELETE FROM settings WHERE key = $1`, [KEY]);
      return this.view();
    }
    const problem = relayUrlProblem(url);
    if (problem) throw new BadRequestException({ message: problem, fields: { url: [problem] } });
    await this.db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [KEY, JSON.stringify({ url })],
    );
    return this.view();
  }
}
