import { KeyObject } from 'node:crypto';
import { EnvConfig } from '../config/config';
import { SettingsRepository } from '../settings/settings.repository';
import { evaluateLicence, updatesEndedMessage } from './licence-state';
import { LICENCE_SETTING } from './licence.service';
import { Release } from './release';

/** The migrate role refuses to move a database to a build the licence's updates do not cover. */
export class UpgradeNotCoveredError extends Error {}

const RELEASE_SETTING = 'release';

/**
 * Runs before migrations in the migrate role (the chart's pre-upgrade hook), so a
 * `helm upgrade` past the licence's updatesUntil fails before any pod or schema changes.
 * A fresh database is an install, not an upgrade; re-running the same build (a values
 * change) is not an upgrade either. Without a licence there is nothing to check.
 */
export async function checkUpgradeIsCovered(
  settings: SettingsRepository,
  config: EnvConfig,
  publicKey: KeyObject,
  release: Release,
) {
  if (!(await settings.installed())) return;
  const values = await settings.getMany([LICENCE_SETTING, RELEASE_SETTING]);
  const previous = (values.get(RELEASE_SETTING) as Release | undefined)?.releaseDate;
  if (previous && previous >= release.releaseDate) return;
  const stored = values.get(LICENCE_SETTING) as string | undefined;
  const state = config.licence.key
    ? evaluateLicence(config.licence.key, 'env', publicKey, release)
    : evaluateLicence(stored, stored ? 'settings' : null, publicKey, release);
  if (state.status === 'updates_expired')
    throw new UpgradeNotCoveredError(updatesEndedMessage(state.licence!.updatesUntil, release));
}

/** Remembers which build last migrated the database, so the next upgrade knows where it comes from. */
export async function recordRelease(settings: SettingsRepository, release: Release) {
  await settings.set(RELEASE_SETTING, release);
}
