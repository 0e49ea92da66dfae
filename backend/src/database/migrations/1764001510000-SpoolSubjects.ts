import { SqlMigration } from '../sql-migration';

/** The spool list shows each message's subject, read from its headers when it is stored (older rows: null). */
export class SpoolSubjects1764001510000 extends SqlMigration {
  readonly name = 'SpoolSubjects1764001510000';

  protected readonly upSql = `ALTER TABLE inbound_messages ADD COLUMN subject text;`;

  protected readonly downSql = `ALTER TABLE inbound_messages DROP COLUMN subject;`;
}
