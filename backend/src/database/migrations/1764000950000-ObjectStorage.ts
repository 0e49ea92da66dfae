import { SqlMigration } from '../sql-migration';

/**
 * Attachments and processed raw mail may live in an S3-compatible bucket: each row keeps
 * its bytes (`data`, `raw`) or names its object (`storage_key`, `raw_key`), never both,
 * never neither. The partial index lists processed mail whose raw source is still in
 * PostgreSQL, which the worker moves to the bucket (when that is where files go).
 * Going down needs every file back in PostgreSQL first (`npm run storage -- move --to
 * postgres`): restoring NOT NULL fails otherwise, rather than forget where files are.
 */
export class ObjectStorage1764000950000 extends SqlMigration {
  readonly name = 'ObjectStorage1764000950000';

  protected readonly upSql = `
    ALTER TABLE attachments
      ALTER COLUMN data DROP NOT NULL,
      ADD COLUMN storage_key text,
      ADD CONSTRAINT attachments_bytes_check CHECK ((data IS NULL) <> (storage_key IS NULL));
    ALTER TABLE inbound_messages
      ALTER COLUMN raw DROP NOT NULL,
      ADD COLUMN raw_key text,
      ADD CONSTRAINT inbound_messages_raw_check CHECK ((raw IS NULL) <> (raw_key IS NULL));
    CREATE INDEX inbound_messages_raw_in_database_idx ON inbound_messages (id) WHERE raw IS NOT NULL AND status <> 'received';`;

  protected readonly downSql = `
    DROP INDEX IF EXISTS inbound_messages_raw_in_database_idx;
    ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_raw_check, ALTER COLUMN raw SET NOT NULL, DROP COLUMN raw_key;
    ALTER TABLE attachments DROP CONSTRAINT attachments_bytes_check, ALTER COLUMN data SET NOT NULL, DROP COLUMN storage_key;`;
}
