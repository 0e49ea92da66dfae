import { createHash, randomInt } from 'node:crypto';

/** Ten codes, as GitHub, Google and Microsoft hand out. */
export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32 without the look-alikes: no I, L, O, U.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A one-time recovery code: 16 characters of base32 (80 random bits), written in groups
 * of four (`k7q2-9xwd-m3rt-fh8c`). That much entropy makes a fast hash (SHA-256) enough
 * for storage: there is nothing to guess from a database dump.
 */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** How a typed code is compared: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

export const looksLikeRecoveryCode = (code: string) => /^[0-9a-z]{16}$/.test(normaliseRecoveryCode(code));

export const hashRecoveryCode = (code: string) =>
  createHash('sha256')
    .update(`helpdesk-recovery:${normaliseRecoveryCode(code)}`)
    .digest();
