import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the agent UI keeps on the server: saved inbox views (an agent's own, or shared
 * with every agent), the team's shared list of canned responses, and an index for the
 * inbox's sort by number. Presence and typing live in Redis (short-lived); customer
 * portal links are signed, not stored.
 */
export class AgentUi1764000500000 implements MigrationInterface {
  name = 'AgentUi1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        -- The query parameters of GET /api/v1/tickets, as strings.
        filters jsonb NOT NULL DEFAULT '{}',
        shared boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);
      CREATE INDEX saved_views_shared_idx ON saved_views (id) WHERE shared;

      CREATE TABLE canned_responses (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        created_by bigint REFERENCES users (id) ON DELETE SET NULL,
        updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX canned_responses_title_key ON canned_responses (lower(title));

      -- The inbox's "sort by number" on a status view walks this instead of filtering the number index.
      CREATE INDEX tickets_status_number_idx ON tickets (status, number DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_status_number_idx; DROP TABLE canned_responses, saved_views`);
  }
}
