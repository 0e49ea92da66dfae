import { SqlMigration } from '../sql-migration';

/**
 * A spooled message whose processing failed HELPDESK_INBOUND_MAX_ATTEMPTS times is
 * `failed`: kept whole with its last reason, no longer retried by the sweeper, listed for
 * admins, and re-processable (back to `received`).
 */
export class InboundFailed1764000730000 extends SqlMigration {
  readonly name = 'InboundFailed1764000730000';

  protected readonly upSql = `
    ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_status_check;
    ALTER TABLE inbound_messages ADD CONSTRAINT inbound_messages_status_check
      CHECK (status IN ('received', 'processed', 'rejected', 'failed'))`;

  protected readonly downSql = `
    UPDATE inbound_messages SET status = 'received' WHERE status = 'failed';
    ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_status_check;
    ALTER TABLE inbound_messages ADD CONSTRAINT inbound_messages_status_check
      CHECK (status IN ('received', 'processed', 'rejected'))`;
}
