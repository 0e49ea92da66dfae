import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * A licence is `HDL1.<payload>.<signature>`: base64url JSON and a base64url Ed25519
 * signature over `HDL1.<payload>`. Compact enough to paste into a form, a Helm value
 * or a Secret, and verified offline against the vendor's public key.
 */
export const LICENCE_PREFIX = 'HDL1';

export interface LicencePayload {
  /** The vendor's id for this licence (shown to admins, quoted in support requests). */
  id: string;
  licensee: { name: string; email: string };
  /** Active agent seats (admins count: they work tickets too). */
  seats: number;
  /** YYYY-MM-DD */
  issued: string;
  /** YYYY-MM-DD: builds released after this day are not covered. */
  updatesUntil: string;
  features: string[];
}

export class InvalidLicenceError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: unknown): s is string =>
  typeof s === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Decodes base64url only when the text is exactly the canonical encoding, so no two texts carry one licence. */
function strictBase64url(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (!text || bytes.toString('base64url') !== text)
    throw new InvalidLicenceError(`the licence's ${what} is not valid base64url`);
  return bytes;
}

function checkPayload(p: unknown): LicencePayload {
  const o = p as Record<string, unknown>;
  const licensee = o?.licensee as Record<string, unknown> | undefined;
  const problems = [
    typeof o?.id === 'string' && o.id.length > 0 ? null : 'id',
    typeof licensee?.name === 'string' && licensee.name.length > 0 ? null : 'licensee.name',
    typeof licensee?.email === 'string' && licensee.email.includes('@') ? null : 'licensee.email',
    Number.isInteger(o?.seats) && (o.seats as number) >= 1 ? null : 'seats',
    isDate(o?.issued) ? null : 'issued',
    isDate(o?.updatesUntil) ? null : 'updatesUntil',
    Array.isArray(o?.features) && o.features.every((f) => typeof f === 'string') ? null : 'features',
  ].filter(Boolean);
  if (problems.length) throw new InvalidLicenceError(`the licence's payload has invalid ${problems.join(', ')}`);
  return {
    id: o.id as string,
    licensee: { name: licensee!.name as string, email: licensee!.email as string },
    seats: o.seats as number,
    issued: o.issued as string,
    updatesUntil: o.updatesUntil as string,
    features: o.features as string[],
  };
}

/** Verifies a licence text and returns its payload, or throws InvalidLicenceError saying why. */
export function verifyLicence(text: string, publicKey: KeyObject): LicencePayload {
  const parts = text.trim().split('.');
  if (parts.length !== 3 || parts[0] !== LICENCE_PREFIX) {
    throw new InvalidLicenceError(`a licence looks like ${LICENCE_PREFIX}.<payload>.<signature>`);
  }
  const payloadBytes = strictBase64url(parts[1], 'payload');
  const signature = strictBase64url(parts[2], 'signature');
  if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, signature)) {
    throw new InvalidLicenceError('the licence signature does not match: it was altered or not issued by Helpdesk');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    throw new InvalidLicenceError("the licence's payload is not JSON");
  }
  return checkPayload(payload);
}

/** Vendor side: signs a payload into a licence text. */
export function issueLicence(payload: LicencePayload, privateKey: KeyObject): string {
  const body = `${LICENCE_PREFIX}.${Buffer.from(JSON.stringify(checkPayload(payload))).toString('base64url')}`;
  return `${body}.${sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the licence public key must be an Ed25519 key');
  return key;
}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the licence signing key must be an Ed25519 key');
  return key;
}
