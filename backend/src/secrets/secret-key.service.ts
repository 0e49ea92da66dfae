import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { open, seal } from './secret-box';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onModuleInit() {
    if (this.config.secretKey) {
      this.key = Buffer.from(this.config.secretKey, 'utf8');
      return;
    }
    await this.db.query(`INSERT INTO settings (key, value) VALUES ('secret_key', $1) ON CONFLICT (key) DO NOTHING`, [
      JSON.stringify(randomBytes(32).toString('base64')),
    ]);
    const [row] = await this.db.query(`SELECT value FROM settings WHERE key = 'secret_key'`);
    this.key = Buffer.from(row.value as string, 'base64');
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
