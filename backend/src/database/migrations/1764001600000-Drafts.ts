import { SqlMigration } from '../sql-migration';

/**
 * Drafts (issue 18): what an agent typed in a ticket's composer and has not sent, one per
 * (ticket, agent), kept on the server so it follows them to another device. Posting a
 * message deletes its author's draft in the message's transaction. The list reads it by
 * primary key per page row (`hasDraft`); the user index serves the cascade when a user goes.
 */
export class Drafts1764001600000 extends SqlMigration {
  readonly name = 'Drafts1764001600000';

  protected readonly upSql = `
    CREATE TABLE drafts (
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      body text NOT NULL,
      body_html text NULL,
      internal boolean NOT NULL DEFAULT false,
      attachment_ids bigint[] NOT NULL DEFAULT '{}',
      cc text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (ticket_id, user_id)
    );
    CREATE INDEX drafts_user_idx ON drafts (user_id);
  `;

  protected readonly downSql = `DROP TABLE drafts;`;
}
