import { BadRequestException, ConflictException, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Tx } from '../database/transactions';
import { SettingsRepository } from '../settings/settings.repository';
import { InvalidLicenceError, verifyLicence } from './licence-format';
import { evaluateLicence, LicenceState } from './licence-state';
import { LicenceRepository } from './licence.repository';
import { LicenceView } from './licence.view';
import { Release } from './release';

export const LICENCE_PUBLIC_KEY = Symbol('LICENCE_PUBLIC_KEY');
export const RELEASE = Symbol('RELEASE');
/** The settings row that holds a licence installed through the API or UI. */
export const LICENCE_SETTING = 'licence';

@Injectable()
export class LicenceService implements OnModuleInit {
  private readonly logger = new Logger(LicenceService.name);

  constructor(
    private readonly settings: SettingsRepository,
    private readonly seats: LicenceRepository,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LICENCE_PUBLIC_KEY) private readonly publicKey: KeyObject,
    @Inject(RELEASE) readonly release: Release,
  ) {}

  async onModuleInit() {
    const state = await this.state();
    if (state.notice) this.logger.warn(state.notice);
  }

  /** The licence in force: HELPDESK_LICENCE_KEY when set, else the one installed through the API. */
  async state(tx?: Tx): Promise<LicenceState> {
    if (this.config.licence.key) return evaluateLicence(this.config.licence.key, 'env', this.publicKey, this.release);
    const stored = await this.settings.get<string>(LICENCE_SETTING, tx);
    return evaluateLicence(stored, stored === undefined ? null : 'settings', this.publicKey, this.release);
  }

  async view(): Promise<LicenceView> {
    const state = await this.state();
    const used = await this.seats.seatsUsed();
    const l = state.licence;
    return {
      status: state.status,
      licensee: l ? l.licensee : null,
      licenceId: l?.id ?? null,
      seats: state.seatLimit,
      licensedSeats: l?.seats ?? null,
      seatsUsed: used,
      updatesUntil: l?.updatesUntil ?? null,
      issuedAt: l?.issued ?? null,
      features: l?.features ?? [],
      version: this.release.version,
      releaseDate: this.release.releaseDate,
      notice: state.notice,
      source: state.source,
    };
  }

  async install(key: string) {
    this.refuseWhenSetByEnvironment();
    try {
      verifyLicence(key, this.publicKey);
    } catch (e) {
      if (e instanceof InvalidLicenceError) throw new BadRequestException(`This licence is not valid: ${e.message}`);
      throw e;
    }
    await this.settings.set(LICENCE_SETTING, key.trim());
    return this.view();
  }

  async remove() {
    this.refuseWhenSetByEnvironment();
    await this.settings.delete(LICENCE_SETTING);
    return this.view();
  }

  /**
   * Throws when one more active agent would pass the seat limit. Call inside the
   * transaction that activates the agent, holding the users advisory lock, so two
   * concurrent activations cannot both take the last seat.
   */
  async assertSeatAvailable(tx: Tx) {
    const state = await this.state(tx);
    const used = await this.seats.seatsUsed(tx);
    if (used < state.seatLimit) return;
    const why =
      state.status === 'licensed'
        ? `this licence allows ${state.seatLimit} active agents`
        : state.status === 'free'
          ? `the free tier allows ${state.seatLimit} active agents; install a licence for more`
          : `${state.notice}`;
    throw new ConflictException(
      `Seat limit reached (${used} of ${state.seatLimit} in use): ${why}. Deactivate an agent to free a seat.`,
    );
  }

  private refuseWhenSetByEnvironment() {
    if (this.config.licence.key) {
      throw new ConflictException(
        'The licence is set by HELPDESK_LICENCE_KEY (the chart value licence.key); change it there',
      );
    }
  }
}
