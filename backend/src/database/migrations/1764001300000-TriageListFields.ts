import { SqlMigration } from '../sql-migration';

/**
 * What the inbox list shows for triage (issue 18), stored so a page reads no messages:
 * - `preview`, `last_actor`, `last_message_at`: the latest public message (its text's
 *   start, whitespace folded, 200 characters; who wrote it), written by the ticket
 *   writer with the message in its transaction;
 * - `activity_at`, `activity_user_id`: the last change of any kind and the agent who
 *   made it (null: a customer or the system), written with every change;
 * - `ticket_reads`: when each agent last opened each ticket. A ticket is unread for an
 *   agent when someone else changed it after that (or the agent never opened it).
 * Existing tickets are filled from their messages; their activity is their updated_at.
 * Search by a CC'd address finds tickets through their followers: an index by customer.
 */
export class TriageListFields1764001300000 extends SqlMigration {
  readonly name = 'TriageListFields1764001300000';

  protected readonly upSql = `
      ALTER TABLE tickets
        ADD COLUMN preview text,
        ADD COLUMN last_actor text CHECK (last_actor IN ('customer', 'agent', 'system')),
        ADD COLUMN last_message_at timestamptz,
        ADD COLUMN activity_at timestamptz,
        ADD COLUMN activity_user_id bigint;

      UPDATE tickets t
         SET preview = left(btrim(regexp_replace(m.body_text, '\\s+', ' ', 'g')), 200),
             last_actor = CASE WHEN m.author_user_id IS NOT NULL THEN 'agent'
                               WHEN m.author_customer_id IS NOT NULL THEN 'customer' ELSE 'system' END,
             last_message_at = m.created_at
        FROM (SELECT DISTINCT ON (ticket_id) ticket_id, body_text, author_user_id, author_customer_id, created_at
                FROM messages WHERE visibility = 'public' ORDER BY ticket_id, created_at DESC, id DESC) m
       WHERE m.ticket_id = t.id;
      UPDATE tickets SET activity_at = updated_at;
      ALTER TABLE tickets ALTER COLUMN activity_at SET DEFAULT now(), ALTER COLUMN activity_at SET NOT NULL;

      CREATE TABLE ticket_reads (
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, ticket_id)
      );
      CREATE INDEX ticket_reads_ticket_idx ON ticket_reads (ticket_id);
      CREATE INDEX ticket_followers_customer_idx ON ticket_followers (customer_id);
    `;

  protected readonly downSql = `
      DROP INDEX ticket_followers_customer_idx;
      DROP TABLE ticket_reads;
      ALTER TABLE tickets DROP COLUMN preview, DROP COLUMN last_actor, DROP COLUMN last_message_at,
        DROP COLUMN activity_at, DROP COLUMN activity_user_id;
    `;
}
