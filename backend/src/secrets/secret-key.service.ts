import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SettingsRepository } from '../settings/settings.repository';
import { open, seal } from './secret-box';

const SECRET_KEY_SETTING = 'secret_key';

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

  /** A hex HMAC-SHA256 of `purpose:value`, cut to `length` characters. */
  mac(purpose: string, value: string, length = 16): string {
    return createHmac('sha256', this.key).update(`${purpose}:${value}`).digest('hex').slice(0, length);
  }

  /** Encrypts `plaintext` for storage (AES-256-GCM, see secret-box.ts); `context` names the row it belongs to. */
  seal(purpose: string, context: string, plaintext: Buffer): Buffer {
    return seal(this.key, purpose, context, plaintext);
  }

  /** Decrypts what {@link seal} sealed. @throws Error when the key changed or the value was altered. */
  open(purpose: string, context: string, sealed: Buffer): Buffer {
    return open(this.key, purpose, context, sealed);
  }
}
