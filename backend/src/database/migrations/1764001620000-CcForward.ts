import { SqlMigration } from '../sql-migration';

/**
 * CC and forward (issue 18): a forwarded message records whom it went to
 * (`messages.forwarded_to`, null for every other message); its outbox row is of kind
 * `forward` and lists the files of the messages it quotes (`forwarded_attachment_ids`),
 * sent beside the forward's own uploads.
 */
export class CcForward1764001620000 extends SqlMigration {
  readonly name = 'CcForward1764001620000';

  protected readonly upSql = `
    ALTER TABLE messages ADD COLUMN forwarded_to text[] NULL;
    ALTER TABLE outbound_messages ADD COLUMN forwarded_attachment_ids bigint[] NOT NULL DEFAULT '{}';
    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification', 'admin_source_failing', 'user_invite', 'password_reset', 'forward'));`;

  protected readonly downSql = `
    DELETE FROM outbound_messages WHERE kind = 'forward';
    ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_check;
    ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_check
      CHECK (kind IN ('reply', 'customer_acknowledgement', 'agent_assigned', 'agent_customer_replied', 'agent_mentioned',
                      'rule_notification', 'admin_source_failing', 'user_invite', 'password_reset'));
    ALTER TABLE outbound_messages DROP COLUMN forwarded_attachment_ids;
    ALTER TABLE messages DROP COLUMN forwarded_to;`;
}
