import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { Tx } from '../../database/transactions';
import { SettingsRepository } from '../../settings/settings.repository';
import { RelaySource } from './relay-setting.view';
import { maskRelayUrl, relayUrlProblem } from './relay-url';

export interface RelaySetting {
  url: string | null;
  source: RelaySource | null;
}

/** The relay in force, with when an admin saved it (null: from the environment, or saved before this was recorded). */
export interface CurrentRelay extends RelaySetting {
  savedAt: Date | null;
}

/** The `settings` key of a relay saved through the API. */
export const RELAY_SETTING = 'smtp_relay';

/**
 * Where outbound mail goes: SMTP_RELAY_URL when set (it wins, and the settings API
 * cannot override it), otherwise what an admin saved in `settings`. Read fresh for
 * every send, so a relay configured on one replica is used by every worker at once.
 */
@Injectable()
export class RelaySettingsService {
  private readonly known = new ShortCache<boolean>();

  constructor(
    private readonly settings: SettingsRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async current(tx?: Tx): Promise<CurrentRelay> {
    if (this.config.outbound.relayUrl) return { url: this.config.outbound.relayUrl, source: 'env', savedAt: null };
    const saved = await this.settings.get<{ url?: string; savedAt?: string }>(RELAY_SETTING, tx);
    return saved?.url
      ? { url: saved.url, source: 'settings', savedAt: saved.savedAt ? new Date(saved.savedAt) : null }
      : { url: null, source: null, savedAt: null };
  }

  /**
   * Whether a relay is configured, read at most once a second: asked after every commit
   * that writes mail, so that without a relay no job is queued only to find none. Inside a
   * transaction, pass it: a second pool connection must never be awaited while holding one.
   */
  configured(tx?: Tx): Promise<boolean> {
    if (this.config.outbound.relayUrl) return Promise.resolve(true);
    return this.known.get(() => this.current(tx).then((r) => r.url !== null), tx !== undefined);
  }

  /** For admins: the password never leaves the server. */
  async view(): Promise<RelaySetting> {
    const r = await this.current();
    return { url: r.url && maskRelayUrl(r.url), source: r.source };
  }

  async set(url: string | null): Promise<RelaySetting> {
    if (this.config.outbound.relayUrl)
      throw new ConflictException('The relay is set by SMTP_RELAY_URL in the environment; change it there');
    this.known.clear();
    if (url === null) {
      await this.settings.delete(RELAY_SETTING);
      return this.view();
    }
    const problem = relayUrlProblem(url);
    if (problem) throw new BadRequestException({ message: problem, fields: { url: [problem] } });
    await this.settings.set(RELAY_SETTING, { url, savedAt: new Date().toISOString() });
    return this.view();
  }
}
