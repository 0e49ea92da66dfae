import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket core: people, tickets, messages, audit trail, sessions and tokens.
 *
 * Indexes follow the inbox's filters: every built-in view is one equality per
 * leading column and then the sort key, so a list is an index walk, never a sort
 * of the matching set. View counts come from a counter table kept by a trigger
 * (counting a million rows per agent per refresh is what sinks other help desks).
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'agent')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (email);

      CREATE TABLE groups (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX groups_name_key ON groups (lower(name));

      CREATE TABLE group_members (
        group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user_idx ON group_members (user_id);

      CREATE TABLE customers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX customers_email_key ON customers (email);
      CREATE INDEX customers_name_idx ON customers (lower(name) text_pattern_ops);

      CREATE SEQUENCE ticket_number_seq;
      CREATE TABLE tickets (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number bigint NOT NULL DEFAULT nextval('ticket_number_seq'),
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
        priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
        requester_id bigint NOT NULL REFERENCES customers (id),
        assignee_id bigint REFERENCES users (id),
        group_id bigint REFERENCES groups (id),
        tags text[] NOT NULL DEFAULT '{}',
        message_count integer NOT NULL DEFAULT 0,
        -- Millisecond precision, so a JSON cursor carries the exact sort value.
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        first_response_at timestamptz,
        solved_at timestamptz,
        closed_at timestamptz,
        search_vector tsvector NOT NULL DEFAULT ''::tsvector
      );
      ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number;
      CREATE UNIQUE INDEX tickets_number_key ON tickets (number);
      CREATE INDEX tickets_status_updated_idx ON tickets (status, updated_at DESC, id DESC);
      CREATE INDEX tickets_status_created_idx ON tickets (status, created_at DESC, id DESC);
      CREATE INDEX tickets_status_priority_idx ON tickets (status, priority DESC, updated_at DESC, id DESC);
      CREATE INDEX tickets_assignee_status_updated_idx ON tickets (assignee_id, status, updated_at DESC, id DESC);
      CREATE INDEX tickets_group_status_updated_idx ON tickets (group_id, status, updated_at DESC, id DESC);
      CREATE INDEX tickets_requester_updated_idx ON tickets (requester_id, updated_at DESC, id DESC);
      CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC);
      CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC);
      CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);
      CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);

      CREATE TABLE messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        author_user_id bigint REFERENCES users (id),
        author_customer_id bigint REFERENCES customers (id),
        visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
        channel text NOT NULL CHECK (channel IN ('email', 'web', 'note', 'system')),
        body_text text NOT NULL,
        body_html text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (author_user_id IS NULL OR author_customer_id IS NULL)
      );
      CREATE INDEX messages_ticket_idx ON messages (ticket_id, created_at, id);

      CREATE TABLE ticket_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        actor_user_id bigint REFERENCES users (id),
        actor_customer_id bigint REFERENCES customers (id),
        action text NOT NULL,
        field text,
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);

      CREATE TABLE sessions (
        token_hash bytea PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id);
      CREATE INDEX sessions_expires_idx ON sessions (expires_at);

      CREATE TABLE api_tokens (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash bytea NOT NULL,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash);
      CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

      CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);

    // Full-text search: subject (weight A) and every message body (weight B) in one
    // stored tsvector. 'simple' keeps it language-neutral for mail in any language;
    // the API adds prefix matching so "refund" finds "refunds".
    await q.query(`
      CREATE FUNCTION tickets_subject_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.search_vector := setweight(to_tsvector('simple', NEW.subject), 'A');
        ELSIF NEW.subject IS DISTINCT FROM OLD.subject THEN
          NEW.search_vector := setweight(to_tsvector('simple', NEW.subject), 'A') ||
            coalesce((SELECT setweight(to_tsvector('simple', string_agg(left(m.body_text, 100000), ' ')), 'B')
                      FROM messages m WHERE m.ticket_id = NEW.id), ''::tsvector);
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER tickets_subject_search BEFORE INSERT OR UPDATE OF subject ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_subject_search();

      CREATE FUNCTION messages_body_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets
           SET search_vector = search_vector || setweight(to_tsvector('simple', left(NEW.body_text, 100000)), 'B'),
               message_count = message_count + 1
         WHERE id = NEW.ticket_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER messages_body_search AFTER INSERT ON messages
        FOR EACH ROW EXECUTE FUNCTION messages_body_search();
    `);

    // View counts: one counter per (status, assignee, group); 0 stands for "none".
    // Keys are touched in a fixed order so two moves in opposite directions cannot deadlock.
    await q.query(`
      CREATE TABLE ticket_counts (
        status text NOT NULL,
        assignee_key bigint NOT NULL,
        group_key bigint NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (status, assignee_key, group_key)
      );

      CREATE FUNCTION ticket_counts_bump(s text, a bigint, g bigint, d integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO ticket_counts AS c (status, assignee_key, group_key, count) VALUES (s, a, g, d)
        ON CONFLICT (status, assignee_key, group_key) DO UPDATE SET count = c.count + EXCLUDED.count;
      $$;

      CREATE FUNCTION tickets_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_key text; new_key text;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM ticket_counts_bump(NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0), 1);
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM ticket_counts_bump(OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0), -1);
        ELSIF (NEW.status, NEW.assignee_id, NEW.group_id) IS DISTINCT FROM (OLD.status, OLD.assignee_id, OLD.group_id) THEN
          old_key := format('%s/%s/%s', OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0));
          new_key := format('%s/%s/%s', NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0));
          IF old_key < new_key THEN
            PERFORM ticket_counts_bump(OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0), -1);
            PERFORM ticket_counts_bump(NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0), 1);
          ELSE
            PERFORM ticket_counts_bump(NEW.status, coalesce(NEW.assignee_id, 0), coalesce(NEW.group_id, 0), 1);
            PERFORM ticket_counts_bump(OLD.status, coalesce(OLD.assignee_id, 0), coalesce(OLD.group_id, 0), -1);
          END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tickets_count AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id, group_id ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_count_trigger();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS ticket_counts, settings, api_tokens, sessions, ticket_events, messages, tickets,
        customers, group_members, groups, users CASCADE;
      DROP FUNCTION IF EXISTS tickets_count_trigger, ticket_counts_bump, messages_body_search, tickets_subject_search;
    `);
  }
}
