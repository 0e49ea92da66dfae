import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SettingsRepository } from '../settings/settings.repository';
import { open, seal } from './secret-box';

const SECRET_KEY_SETTING = 'secret_key';

/** A sealed secret that cannot be read with the current key. */
export class SealedSecretError extends Error {
  constructor(purpose: string) {
    super(`a stored ${purpose} cannot be decrypted: HELPDESK_SECRET_KEY changed since it was saved; enter it again`);
  }
}

/**
 * The key behind every HMAC we mint (Message-IDs, reply tokens) and the stored secrets
 * we encrypt (mailbox source passwords and keys). HELPDESK_SECRET_KEY
 * when set (the chart passes one to every replica); otherwise one generated on first
 * start and kept in `settings`, so the single-machine mode survives restarts.
 */
@Injectable()
export class SecretKeyService implements OnModuleInit {
  private key!: Buffer;

  constructor(
    private readonly settings: SettingsRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onModuleInit() {
    if (this.config.secretKey) {
      this.key = Buffer.from(this.config.secretKey, 'utf8');
      return;
    }
    await this.settings.setIfAbsent(SECRET_KEY_SETTING, randomBytes(32).toString('base64'));
    this.key = Buffer.from((await this.settings.get<string>(SECRET_KEY_SETTING))!, 'base64');
  }

  /**
   * Encrypts a secret we must be able to read back (an OIDC client secret, a TOTP seed):
   * AES-256-GCM under a key derived for `purpose` (HKDF-SHA256, RFC 5869), the purpose as
   * associated data. Text form: `v1.<iv>.<ciphertext>.<tag>` (base64url).
   */
  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.derive(purpose), iv);
    cipher.setAAD(Buffer.from(purpose));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, data, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Reads back what {@link seal} wrote for the same purpose.
   * @throws SealedSecretError when it was sealed under another key (HELPDESK_SECRET_KEY changed) or altered.
   */
  open(purpose: string, sealed: string): string {
    const [version, iv, data, tag] = sealed.split('.');
    try {
      if (version !== 'v1') throw new Error(`unknown format ${version}`);
      const decipher = createDecipheriv('aes-256-gcm', this.derive(purpose), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedSecretError(purpose);
    }
  }

  private derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `helpdesk:${purpose}`, 32));
  }

  /** A hex HMAC-SHA256 of `purpose:value`, cut to `length` characters. */
  mac(purpose: string, value: string, length = 16): string {
    return createHmac('sha256', this.key).update(`${purpose}:${value}`).digest('hex').slice(0, length);
  }

  /**
   * Encrypts bytes for a bytea column (AES-256-GCM, see secret-box.ts) bound to the row they
   * belong to: `context` names it (a mailbox id, a DKIM domain), so a value copied to another
   * row does not open there.
   */
  sealForRow(purpose: string, context: string, plaintext: Buffer): Buffer {
    return seal(this.key, purpose, context, plaintext);
  }

  /**
   * Decrypts what {@link sealForRow} sealed for the same purpose and row.
   * @throws SealedSecretError when the key changed, the row differs or the value was altered.
   */
  openForRow(purpose: string, context: string, sealed: Buffer): Buffer {
    try {
      return open(this.key, purpose, context, sealed);
    } catch {
      throw new SealedSecretError(purpose);
    }
  }
}
