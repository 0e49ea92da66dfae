import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * View counters without a hot row. Every new ticket used to bump the same counter row
 * ("new, unassigned, no group"), so concurrent transactions queued on its lock until
 * they committed: measured, it capped mail intake at ~200 tickets/s. Now each change
 * appends a delta row (insert-only, no shared lock) and the worker folds the deltas
 * into `ticket_counts` every few seconds; a count is the counters plus the deltas.
 */
export class TicketCountDeltas1764000300000 implements MigrationInterface {
  name = 'TicketCountDeltas1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket_count_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status text NOT NULL,
        assignee_key bigint NOT NULL,
        group_key bigint NOT NULL,
        delta integer NOT NULL
      );

      CREATE OR REPLACE FUNCTION tickets_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (NEW.status, NEW.assignee_id, NEW.group_id) IS NOT DISTINCT FROM (OLD.status, OLD.assignee_id, OLD.group_id) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO ticket_count_deltas (status, assignee_key, group_key, delta)
          VALUES (OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0), -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          INSERT INTO ticket_count_deltas (status, assignee_key, group_key, delta)
          VALUES (NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0), 1);
        END IF;
        RETURN NULL;
      END $$;
      DROP FUNCTION ticket_counts_bump(text, bigint, bigint, integer);

      -- Folds the committed deltas into the counters in one statement: a delta is either
      -- still in the table or already in a counter, never both, never neither.
      CREATE FUNCTION ticket_counts_compact() RETURNS bigint LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM ticket_count_deltas RETURNING status, assignee_key, group_key, delta),
             summed AS (SELECT status, assignee_key, group_key, sum(delta) AS d FROM moved GROUP BY 1, 2, 3),
             upserted AS (
               INSERT INTO ticket_counts AS c (status, assignee_key, group_key, count)
               SELECT status, assignee_key, group_key, d FROM summed
               ON CONFLICT (status, assignee_key, group_key) DO UPDATE SET count = c.count + EXCLUDED.count
               RETURNING 1)
        SELECT count(*) FROM moved;
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT ticket_counts_compact()`);
    await q.query(`DROP FUNCTION ticket_counts_compact(); DROP TABLE ticket_count_deltas;`);
  }
}
