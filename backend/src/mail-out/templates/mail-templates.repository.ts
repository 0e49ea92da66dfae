import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';
import { MailTemplate } from './mail-templates';

/** A template as an admin left it: its wording, and whether the mail is sent at all. */
export interface EditedTemplate extends MailTemplate {
  enabled: boolean;
}

/** The `mail_templates` table: templates an admin edited or switched off (the others are the built-in defaults). */
@Injectable()
export class MailTemplatesRepository {
  constructor(private readonly sql: Sql) {}

  async edited(tx?: Tx): Promise<Map<string, EditedTemplate>> {
    const rows = await this.sql.rows<{ key: string; subject: string; body: string; enabled: boolean }>(
      `SELECT key, subject, body, enabled FROM mail_templates`,
      [],
      tx,
    );
    return new Map(rows.map((r) => [r.key, { subject: r.subject, body: r.body, enabled: r.enabled }]));
  }

  async save(key: string, t: EditedTemplate): Promise<void> {
    await this.sql.execute(
      `INSERT INTO mail_templates (key, subject, body, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, enabled = EXCLUDED.enabled,
                                      updated_at = now()`,
      [key, t.subject, t.body, t.enabled],
    );
  }
}
