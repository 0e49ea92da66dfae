import { SqlMigration } from '../sql-migration';

/**
 * Customers' data (issue 13, GDPR Art. 17): when a customer was erased. The row stays
 * (tickets keep their requester for statistics) with its email and name replaced.
 */
export class CustomerErasure1764000820000 extends SqlMigration {
  readonly name = 'CustomerErasure1764000820000';

  protected readonly upSql = `ALTER TABLE customers ADD COLUMN erased_at timestamptz`;

  protected readonly downSql = `ALTER TABLE customers DROP COLUMN erased_at`;
}
