import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';
import { MailTemplate } from './mail-templates';

/** The `mail_templates` table: templates an admin edited (the others are the built-in defaults). */
@Injectable()
export class MailTemplatesRepository {
  constructor(private readonly sql: Sql) {}

  async edited(tx?: Tx): Promise<Map<string, MailTemplate>> {
    const rows = await this.sql.rows<{ key: string; subject: string; body: string }>(
      `SELECT key, subject, body FROM mail_templates`,
      [],
      tx,
    );
    return new Map(rows.map((r) => [r.key, { subject: r.subject, body: r.body }]));
  }

  async save(key: string, t: MailTemplate): Promise<void> {
    await this.sql.execute(
      `INSERT INTO mail_templates (key, subject, body) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = now()`,
      [key, t.subject, t.body],
    );
  }
}
