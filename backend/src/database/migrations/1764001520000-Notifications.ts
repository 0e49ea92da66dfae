import { SqlMigration } from '../sql-migration';

/**
 * In-app notifications (the agent's bell): one row per agent told of an assignment, a
 * mention or a customer's reply, written beside the mail notification. The list reads an
 * agent's newest first; the badge counts their unread ones.
 */
export class Notifications1764001520000 extends SqlMigration {
  readonly name = 'Notifications1764001520000';

  protected readonly upSql = `
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('assigned', 'mentioned', 'customer_replied')),
      actor_user_id bigint NULL REFERENCES users (id) ON DELETE SET NULL,
      message_id bigint NULL REFERENCES messages (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz NULL
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
    CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
  `;

  protected readonly downSql = `DROP TABLE notifications;`;
}
