import { SqlMigration } from '../sql-migration';

/**
 * The durable log of ticket domain events (ticket.created, ticket.updated,
 * message.created), written in the transaction of each change. Consumers that must not
 * lose an event (triggers, webhooks, SLA timers, a dry run over the last events) read
 * it by id; a ticket's history reads it by ticket. No foreign key to tickets: a log
 * outlives what it speaks of, and the insert stays one index write per row.
 */
export class DomainEvents1764000600000 extends SqlMigration {
  readonly name = 'DomainEvents1764000600000';

  protected readonly upSql = `
    CREATE TABLE domain_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      type text NOT NULL,
      ticket_id bigint NOT NULL,
      payload jsonb NOT NULL,
      cause jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX domain_events_ticket_idx ON domain_events (ticket_id, id);`;

  protected readonly downSql = `DROP TABLE IF EXISTS domain_events`;
}
