import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EnvConfig } from '../config/config';
import { evaluateLicence, updatesEndedMessage } from './licence-state';
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
export async function checkUpgradeIsCovered(db: DataSource, config: EnvConfig, publicKey: KeyObject, release: Release) {
  const [{ installed }] = await db.query(`SELECT to_regclass('public.settings') IS NOT NULL AS installed`);
  if (!installed) return;
  const rows: { key: string; value: unknown }[] = await db.query(
    `SELECT key, value FROM settings WHERE key IN ('licence', $1)`,
    [RELEASE_SETTING],
  );
  const previous = (rows.find((r) => r.key === RELEASE_SETTING)?.value as Release | undefined)?.releaseDate;
  if (previous && previous >= release.releaseDate) return;
  const stored = rows.find((r) => r.key === 'licence')?.value as string | undefined;
  const state = config.licence.key
    ? evaluateLicence(config.licence.key, 'env', publicKey, release)
    : evaluateLicence(stored, stored ? 'settings' : null, publicKey, release);
  if (state.status === 'updates_expired')
    throw new UpgradeNotCoveredError(updatesEndedMessage(state.licence!.updatesUntil, release));
}

/** Remembers which build last migrated the database, so the next upgrade knows where it comes from. */
export async function recordRelease(db: DataSource, release: Release) {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [RELEASE_SETTING, JSON.stringify(release)],
  );
}
