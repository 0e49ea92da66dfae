import { SqlMigration } from '../sql-migration';

/** An automatic mail can be switched off (its row then keeps its wording too). */
export class MailTemplateSwitch1764001500000 extends SqlMigration {
  readonly name = 'MailTemplateSwitch1764001500000';

  protected readonly upSql = `ALTER TABLE mail_templates ADD COLUMN enabled boolean NOT NULL DEFAULT true;`;

  protected readonly downSql = `ALTER TABLE mail_templates DROP COLUMN enabled;`;
}
