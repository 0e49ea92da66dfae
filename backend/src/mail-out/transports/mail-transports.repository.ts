import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import type { TransportSettings, TransportType } from './transport-settings';

/** A mailbox's transport as stored. */
export interface TransportRow {
  mailboxId: number;
  type: TransportType;
  settings: TransportSettings;
  /** Sealed with SecretKeyService (purpose `mail-transport`, context the mailbox id). */
  secrets: Buffer | null;
  version: number;
}

const COLUMNS = `mailbox_id AS "mailboxId", type, settings, secrets, version`;

/** The `mail_transports` table: how a mailbox sends when not through the global relay. */
@Injectable()
export class MailTransportsRepository {
  constructor(private readonly sql: Sql) {}

  byMailboxes(mailboxIds: number[]): Promise<TransportRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM mail_transports WHERE mailbox_id = ANY($1::bigint[])`, [mailboxIds]);
  }

  /** Sets the mailbox's transport; a change bumps `version`, so senders drop connections made for the old one. */
  async upsert(mailboxId: number, t: { type: TransportType; settings: TransportSettings; secrets: Buffer }) {
    await this.sql.execute(
      `INSERT INTO mail_transports (mailbox_id, type, settings, secrets) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mailbox_id) DO UPDATE
          SET type = EXCLUDED.type, settings = EXCLUDED.settings, secrets = EXCLUDED.secrets,
              version = mail_transports.version + 1, updated_at = now()`,
      [mailboxId, t.type, JSON.stringify(t.settings), t.secrets],
    );
  }

  /** New secrets for the same settings (a rotated refresh token): no version bump, unless the settings changed meanwhile. */
  async updateSecrets(mailboxId: number, version: number, secrets: Buffer) {
    await this.sql.execute(`UPDATE mail_transports SET secrets = $3 WHERE mailbox_id = $1 AND version = $2`, [
      mailboxId,
      version,
      secrets,
    ]);
  }

  /** Back to the global relay. */
  async remove(mailboxId: number) {
    await this.sql.execute(`DELETE FROM mail_transports WHERE mailbox_id = $1`, [mailboxId]);
  }
}
