import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sender verification at receipt (SPF, DKIM, DMARC, ARC through mailauth), stored with the
 * spool row so processing can decide on it: RFC 8601 result keywords, the From domain
 * DMARC judged and the Authentication-Results text. Null: not verified (mail received
 * before this, or with SMTP_VERIFY_SENDERS off).
 */
export class SenderAuth1764000710000 implements MigrationInterface {
  name = 'SenderAuth1764000710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inbound_messages
        ADD COLUMN auth_spf text,
        ADD COLUMN auth_dkim text,
        ADD COLUMN auth_dmarc text,
        ADD COLUMN auth_arc text,
        ADD COLUMN auth_from_domain text,
        ADD COLUMN auth_results text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inbound_messages DROP COLUMN auth_spf, DROP COLUMN auth_dkim, DROP COLUMN auth_dmarc,
        DROP COLUMN auth_arc, DROP COLUMN auth_from_domain, DROP COLUMN auth_results;
    `);
  }
}
