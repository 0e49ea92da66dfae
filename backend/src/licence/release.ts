import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { KeyObject } from 'node:crypto';
import { publicKeyFromPem } from './licence-format';

/** The backend package root, from src/licence or dist/licence alike. */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

export interface Release {
  version: string;
  /** YYYY-MM-DD: the day this build was released; licences cover builds up to their updatesUntil. */
  releaseDate: string;
}

/** This build's version and release date, from backend/package.json (`helpdesk.releaseDate`). */
export function readRelease(root = PACKAGE_ROOT): Release {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const releaseDate = pkg.helpdesk?.releaseDate;
  if (typeof releaseDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(releaseDate)) {
    throw new Error('backend/package.json must name helpdesk.releaseDate as YYYY-MM-DD');
  }
  return { version: pkg.version, releaseDate };
}

/**
 * The vendor's public key, built into every release from one file. There is no
 * environment variable or setting for it: a licence can only be made by the vendor.
 */
export function readVendorPublicKey(root = PACKAGE_ROOT): KeyObject {
  return publicKeyFromPem(readFileSync(path.join(root, 'licence-public-key.pem'), 'utf8'));
}
