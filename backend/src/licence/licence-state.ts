import { KeyObject } from 'node:crypto';
import { InvalidLicenceError, LicencePayload, verifyLicence } from './licence-format';
import { Release } from './release';

/** Active agent seats without a licence (and for new activations once updates have ended). */
export const FREE_TIER_SEATS = 3;

export const LICENCE_SOURCES = ['env', 'settings'] as const;
export type LicenceSource = (typeof LICENCE_SOURCES)[number];

export const LICENCE_STATUSES = ['free', 'licensed', 'updates_expired', 'invalid'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

export interface LicenceState {
  status: LicenceStatus;
  licence: LicencePayload | null;
  source: LicenceSource | null;
  /** How many agents may be active when activating one more. */
  seatLimit: number;
  /** What an admin should know, or null when all is well. */
  notice: string | null;
}

export const updatesEndedMessage = (updatesUntil: string, release: Release) =>
  `licence updates ended ${updatesUntil} but this version was released ${release.releaseDate}; renew the licence or stay on the current version`;

/**
 * What a licence text means for this build. Pure, so the api, the migrate role and the
 * tests judge a licence the same way. Nothing here ever locks anyone out: the worst
 * case is the free tier's seat count for activating new agents.
 */
export function evaluateLicence(
  text: string | undefined,
  source: LicenceSource | null,
  publicKey: KeyObject,
  release: Release,
): LicenceState {
  if (!text) return { status: 'free', licence: null, source: null, seatLimit: FREE_TIER_SEATS, notice: null };
  let licence: LicencePayload;
  try {
    licence = verifyLicence(text, publicKey);
  } catch (e) {
    if (!(e instanceof InvalidLicenceError)) throw e;
    const where = source === 'env' ? 'HELPDESK_LICENCE_KEY' : 'the installed licence';
    return {
      status: 'invalid',
      licence: null,
      source,
      seatLimit: FREE_TIER_SEATS,
      notice: `${where} is not valid (${e.message}); the free tier's ${FREE_TIER_SEATS} seats apply`,
    };
  }
  if (licence.updatesUntil < release.releaseDate) {
    return {
      status: 'updates_expired',
      licence,
      source,
      seatLimit: FREE_TIER_SEATS,
      notice: `${updatesEndedMessage(licence.updatesUntil, release)}. Everyone keeps working; activating agents beyond the free tier's ${FREE_TIER_SEATS} seats needs a renewed licence.`,
    };
  }
  return { status: 'licensed', licence, source, seatLimit: licence.seats, notice: null };
}
