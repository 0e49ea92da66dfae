import { SqlMigration } from '../sql-migration';

/**
 * The ticket model a support team brings from Zendesk (issue 15): custom fields for
 * tickets, customers and organizations, ticket forms, organizations with their email
 * domains, merged tickets, more kinds of links, agents who follow tickets, and mentions.
 *
 * Ticket field values live in a typed value table, one row per value (a multiselect has
 * one row per option), with an index per value type led by the field: a filter on a
 * dropdown or a number range is an index range, and no schema change is needed when an
 * admin adds a field. Measured against jsonb on the ticket (docs/architecture.md,
 * "Custom fields"). Customer and organization fields are few rows: jsonb on the row.
 *
 * Textual field values (text, textarea, regex) join the ticket's search vector with
 * weight C, rebuilt for a ticket when its textual values change, and put back after the
 * subject trigger rebuilds the vector (triggers fire in name order, so
 * `tickets_subject_search_fields` runs after `tickets_subject_search`).
 */
export class TicketModel1764001000000 extends SqlMigration {
  readonly name = 'TicketModel1764001000000';

  protected readonly upSql = `
    CREATE TABLE organizations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      notes text NOT NULL DEFAULT '',
      tags text[] NOT NULL DEFAULT '{}',
      fields jsonb NOT NULL DEFAULT '{}',
      -- Members see each other's tickets on the portal (docs/architecture.md, "Organizations").
      shared_tickets boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));

    -- A domain belongs to one organization: it decides where a new address goes.
    CREATE TABLE organization_domains (
      domain text PRIMARY KEY CHECK (domain = lower(domain)),
      organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
    );
    CREATE INDEX organization_domains_organization_idx ON organization_domains (organization_id);

    ALTER TABLE customers
      ADD COLUMN organization_id bigint REFERENCES organizations (id) ON DELETE SET NULL,
      ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';
    CREATE INDEX customers_organization_idx ON customers (organization_id, id) WHERE organization_id IS NOT NULL;

    CREATE TABLE custom_fields (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      entity text NOT NULL CHECK (entity IN ('ticket', 'customer', 'organization')),
      key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,49}$'),
      label text NOT NULL,
      description text NOT NULL DEFAULT '',
      type text NOT NULL CHECK (type IN ('text', 'textarea', 'number', 'decimal', 'date', 'checkbox', 'dropdown', 'multiselect', 'regex')),
      -- [{value, label, active}] for dropdowns and multiselects.
      options jsonb NOT NULL DEFAULT '[]',
      pattern text,
      visible_to_customers boolean NOT NULL DEFAULT false,
      required_to_solve boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX custom_fields_entity_key ON custom_fields (entity, key);

    CREATE TABLE ticket_forms (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      -- Ticket fields in the order the form shows them.
      field_ids bigint[] NOT NULL DEFAULT '{}',
      -- Offered on the public contact form.
      visible_to_customers boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX ticket_forms_name_key ON ticket_forms (lower(name));

    ALTER TABLE tickets
      ADD COLUMN organization_id bigint REFERENCES organizations (id),
      ADD COLUMN form_id bigint REFERENCES ticket_forms (id),
      -- A merged ticket is closed and points at the ticket its conversation moved to;
      -- mail threaded to it lands there.
      ADD COLUMN merged_into_id bigint REFERENCES tickets (id);
    CREATE INDEX tickets_organization_updated_idx ON tickets (organization_id, updated_at DESC, id DESC)
      WHERE organization_id IS NOT NULL;
    CREATE INDEX tickets_merged_into_idx ON tickets (merged_into_id) WHERE merged_into_id IS NOT NULL;

    CREATE TABLE ticket_field_values (
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      field_id bigint NOT NULL REFERENCES custom_fields (id),
      -- text, regex, dropdown and each option of a multiselect (at most 500 characters: indexed)
      text_value text,
      -- number and decimal
      number_value numeric,
      date_value date,
      -- a checked checkbox (unchecked has no row)
      bool_value boolean,
      -- textarea: not indexed, found through the ticket's search vector
      long_text text,
      CHECK (num_nonnulls(text_value, number_value, date_value, bool_value, long_text) = 1)
    );
    -- A ticket's values; covering, so the inbox's walk tests a ticket's value from the index alone.
    CREATE INDEX ticket_field_values_ticket_idx ON ticket_field_values (ticket_id, field_id)
      INCLUDE (text_value, number_value, date_value, bool_value);
    CREATE INDEX ticket_field_values_text_idx ON ticket_field_values (field_id, text_value, ticket_id) WHERE text_value IS NOT NULL;
    CREATE INDEX ticket_field_values_number_idx ON ticket_field_values (field_id, number_value, ticket_id) WHERE number_value IS NOT NULL;
    CREATE INDEX ticket_field_values_date_idx ON ticket_field_values (field_id, date_value, ticket_id) WHERE date_value IS NOT NULL;
    CREATE INDEX ticket_field_values_bool_idx ON ticket_field_values (field_id, ticket_id) WHERE bool_value;

    ALTER TABLE ticket_links DROP CONSTRAINT ticket_links_kind_check;
    ALTER TABLE ticket_links ADD CONSTRAINT ticket_links_kind_check
      CHECK (kind IN ('follow_up', 'mentioned', 'related', 'duplicate_of', 'merged_into'));
    CREATE INDEX ticket_links_linked_idx ON ticket_links (linked_ticket_id);

    -- Agents following a ticket (customers CC'd on it are ticket_followers).
    CREATE TABLE ticket_user_followers (
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (ticket_id, user_id)
    );
    CREATE INDEX ticket_user_followers_user_idx ON ticket_user_followers (user_id, ticket_id);

    -- An agent named in a message's mentions: their mentions inbox.
    CREATE TABLE ticket_mentions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      UNIQUE (message_id, user_id)
    );
    CREATE INDEX ticket_mentions_user_idx ON ticket_mentions (user_id, id DESC);
    CREATE INDEX ticket_mentions_unread_idx ON ticket_mentions (user_id) WHERE read_at IS NULL;

    -- The textual field values of a ticket, as the C part of its search vector (10,000 characters at most).
    CREATE FUNCTION ticket_fields_search(tid bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT setweight(to_tsvector('simple', left(coalesce(string_agg(coalesce(v.text_value, v.long_text), ' ' ORDER BY v.field_id), ''), 10000)), 'C')
        FROM ticket_field_values v JOIN custom_fields f ON f.id = v.field_id
       WHERE v.ticket_id = tid AND f.type IN ('text', 'textarea', 'regex')
    $$;

    CREATE FUNCTION ticket_field_values_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets t SET search_vector = ts_filter(t.search_vector, '{a,b}') || ticket_fields_search(t.id)
         WHERE t.id IN (SELECT c.ticket_id FROM changed c JOIN custom_fields f ON f.id = c.field_id
                         WHERE f.type IN ('text', 'textarea', 'regex'));
        RETURN NULL;
      END $$;
    CREATE TRIGGER ticket_field_values_search_insert AFTER INSERT ON ticket_field_values
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_field_values_search();
    CREATE TRIGGER ticket_field_values_search_delete AFTER DELETE ON ticket_field_values
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_field_values_search();

    CREATE FUNCTION tickets_subject_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.subject IS DISTINCT FROM OLD.subject THEN
          NEW.search_vector := ts_filter(NEW.search_vector, '{a,b}') || ticket_fields_search(NEW.id);
        END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER tickets_subject_search_fields BEFORE UPDATE OF subject ON tickets
      FOR EACH ROW EXECUTE FUNCTION tickets_subject_search_fields();`;

  protected readonly downSql = `
    DROP TRIGGER tickets_subject_search_fields ON tickets;
    DROP FUNCTION tickets_subject_search_fields();
    DROP TABLE ticket_mentions, ticket_user_followers, ticket_field_values;
    DROP FUNCTION ticket_field_values_search(), ticket_fields_search(bigint);
    DELETE FROM ticket_links WHERE kind NOT IN ('follow_up', 'mentioned');
    DROP INDEX ticket_links_linked_idx;
    ALTER TABLE ticket_links DROP CONSTRAINT ticket_links_kind_check;
    ALTER TABLE ticket_links ADD CONSTRAINT ticket_links_kind_check CHECK (kind IN ('follow_up', 'mentioned'));
    ALTER TABLE tickets DROP COLUMN merged_into_id, DROP COLUMN form_id, DROP COLUMN organization_id;
    ALTER TABLE customers DROP COLUMN fields, DROP COLUMN organization_id;
    DROP TABLE ticket_forms, custom_fields, organization_domains, organizations;`;
}
