import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The first byte of every sealed value: the format, so a later one can be told apart. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under a key derived from the secret key for one purpose (HKDF-SHA256, RFC 5869),
 * so a key used for HMACs is never used to encrypt. `context` is bound as associated data: a
 * value sealed for one row does not open for another (copying ciphertext between rows fails).
 * Layout: version (1 byte) | IV (12) | ciphertext | tag (16).
 */
export function seal(secretKey: Buffer, purpose: string, context: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derive(secretKey, purpose), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
}

/**
 * Opens what {@link seal} sealed.
 * @throws Error when the value was sealed under another key (HELPDESK_SECRET_KEY changed),
 *   for another context, or was altered.
 */
export function open(secretKey: Buffer, purpose: string, context: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed secret');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', derive(secretKey, purpose), iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error('the stored secret cannot be decrypted (was HELPDESK_SECRET_KEY changed?)');
  }
}

const derive = (secretKey: Buffer, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `helpdesk:${purpose}`, 32));
