import { SqlMigration } from '../sql-migration';

const COUNT_TRIGGER = (withTriage: boolean) =>
  withTriage
    ? `
      CREATE OR REPLACE FUNCTION tickets_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (NEW.status, NEW.assignee_id, NEW.group_id, NEW.automatic, NEW.deleted_at IS NULL)
             IS NOT DISTINCT FROM (OLD.status, OLD.assignee_id, OLD.group_id, OLD.automatic, OLD.deleted_at IS NULL) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
          INSERT INTO ticket_count_deltas (status, assignee_key, group_key, automatic, delta)
          VALUES (OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0), OLD.automatic, -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
          INSERT INTO ticket_count_deltas (status, assignee_key, group_key, automatic, delta)
          VALUES (NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0), NEW.automatic, 1);
        END IF;
        RETURN NULL;
      END $$;
      DROP TRIGGER tickets_count ON tickets;
      CREATE TRIGGER tickets_count AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id, group_id, automatic, deleted_at ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_count_trigger();
      CREATE OR REPLACE FUNCTION ticket_counts_compact() RETURNS bigint LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM ticket_count_deltas RETURNING status, assignee_key, group_key, automatic, delta),
             summed AS (SELECT status, assignee_key, group_key, automatic, sum(delta) AS d FROM moved GROUP BY 1, 2, 3, 4),
             upserted AS (
               INSERT INTO ticket_counts AS c (status, assignee_key, group_key, automatic, count)
               SELECT status, assignee_key, group_key, automatic, d FROM summed
               ON CONFLICT (status, assignee_key, group_key, automatic) DO UPDATE SET count = c.count + EXCLUDED.count
               RETURNING 1)
        SELECT count(*) FROM moved;
      $$;`
    : `
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
      DROP TRIGGER tickets_count ON tickets;
      CREATE TRIGGER tickets_count AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id, group_id ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_count_trigger();
      CREATE OR REPLACE FUNCTION ticket_counts_compact() RETURNS bigint LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM ticket_count_deltas RETURNING status, assignee_key, group_key, delta),
             summed AS (SELECT status, assignee_key, group_key, sum(delta) AS d FROM moved GROUP BY 1, 2, 3),
             upserted AS (
               INSERT INTO ticket_counts AS c (status, assignee_key, group_key, count)
               SELECT status, assignee_key, group_key, d FROM summed
               ON CONFLICT (status, assignee_key, group_key) DO UPDATE SET count = c.count + EXCLUDED.count
               RETURNING 1)
        SELECT count(*) FROM moved;
      $$;`;

/** The counters rebuilt from the tickets (the writers wait on the lock), keyed as `keys` says. */
const RECOUNT = (keys: string, columns: string, where: string) => `
      LOCK TABLE tickets IN SHARE MODE;
      DELETE FROM ticket_count_deltas;
      DELETE FROM ticket_counts;
      INSERT INTO ticket_counts (${keys}, count)
      SELECT ${columns}, count(*) FROM tickets ${where} GROUP BY ${columns};`;

/**
 * Triage of automatic mail, spam and deleted tickets (issue 18):
 * - `automatic`: the ticket's first message was automatic mail (auto-reply, bounce, list
 *   mail: the classifier's flags), set when the ticket is created, filled in here from the
 *   first messages; the counters are kept per `automatic` too, so the built-in views that
 *   leave automatic mail out (Unassigned, All open) and "Automatic mail" stay exact sums;
 * - `spam_at`: marked as spam (closed, tagged `spam`); tickets a rule closed as spam before
 *   this migration (closed, tagged `spam`) count as marked when they were closed;
 * - `deleted_at`, `deleted_by`: in the trash, gone from every list, count and search until
 *   restored or purged after 30 days; deleted tickets are not counted at all.
 */
export class AutomaticSpamTrash1764001400000 extends SqlMigration {
  readonly name = 'AutomaticSpamTrash1764001400000';

  protected readonly upSql = `
      ALTER TABLE tickets
        ADD COLUMN automatic boolean NOT NULL DEFAULT false,
        ADD COLUMN spam_at timestamptz,
        ADD COLUMN deleted_at timestamptz,
        ADD COLUMN deleted_by bigint REFERENCES users (id) ON DELETE SET NULL;
      UPDATE tickets t SET automatic = true
        FROM (SELECT DISTINCT ON (ticket_id) ticket_id, mail_flags FROM messages ORDER BY ticket_id, created_at, id) m
       WHERE m.ticket_id = t.id AND m.mail_flags && ARRAY['auto_reply', 'bounce', 'list']::text[];
      UPDATE tickets SET spam_at = coalesce(closed_at, updated_at) WHERE status = 'closed' AND tags @> ARRAY['spam']::text[];
      CREATE INDEX tickets_automatic_idx ON tickets (status, updated_at, id) WHERE automatic AND deleted_at IS NULL;
      CREATE INDEX tickets_deleted_idx ON tickets (deleted_at, id) WHERE deleted_at IS NOT NULL;

      ALTER TABLE ticket_count_deltas ADD COLUMN automatic boolean NOT NULL DEFAULT false;
      ALTER TABLE ticket_counts ADD COLUMN automatic boolean NOT NULL DEFAULT false;
      ALTER TABLE ticket_counts DROP CONSTRAINT ticket_counts_pkey;
      ALTER TABLE ticket_counts ADD PRIMARY KEY (status, assignee_key, group_key, automatic);
      ${COUNT_TRIGGER(true)}
      ${RECOUNT('status, assignee_key, group_key, automatic', 'status, coalesce(assignee_id, 0), coalesce(group_id, 0), automatic', 'WHERE deleted_at IS NULL')}
    `;

  protected readonly downSql = `
      ${COUNT_TRIGGER(false)}
      ALTER TABLE ticket_counts DROP CONSTRAINT ticket_counts_pkey;
      DELETE FROM ticket_counts;
      ALTER TABLE ticket_counts DROP COLUMN automatic;
      ALTER TABLE ticket_count_deltas DROP COLUMN automatic;
      ALTER TABLE ticket_counts ADD PRIMARY KEY (status, assignee_key, group_key);
      ${RECOUNT('status, assignee_key, group_key', 'status, coalesce(assignee_id, 0), coalesce(group_id, 0)', '')}
      DROP INDEX tickets_deleted_idx;
      DROP INDEX tickets_automatic_idx;
      ALTER TABLE tickets DROP COLUMN automatic, DROP COLUMN spam_at, DROP COLUMN deleted_at, DROP COLUMN deleted_by;
    `;
}
