import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search degrades instead of failing. PostgreSQL caps a tsvector's data (lexemes and their
 * positions) at 1 MiB ("string is too long for tsvector"); a ticket that received a few
 * very long replies made every further message on it fail in the search trigger, so its
 * mail was retried without end. Now each message adds at most 128 KiB (its first 100,000
 * characters, fewer when they hold more distinct words than that), and a ticket holds at
 * most 1,000,000 bytes (`tickets.search_bytes` counts what it holds, subject first): past
 * that, a message is stored whole but adds nothing more to the index. Bytes are counted
 * per message before tsvector merges repeated words, so the count only ever over-states
 * the vector's real size and the cap holds.
 */
export class SearchBounds1764000700000 implements MigrationInterface {
  name = 'SearchBounds1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets ADD COLUMN search_bytes integer NOT NULL DEFAULT 0;

      -- An upper bound of the bytes of a tsvector's data that PostgreSQL's 1 MiB limit counts
      -- (each lexeme padded to two bytes, its position count, two bytes per position): its text
      -- form, which spends at least as much on each ('lexeme':1,7 — quotes, colon, a digit and a
      -- separator per position) and is written by C code, far cheaper than unnesting it.
      CREATE FUNCTION search_lexeme_bytes(v tsvector) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT octet_length(v::text)
      $$;

      -- The words of one message to index, within what the ticket has left (budget, in lexeme bytes).
      CREATE FUNCTION search_piece(body text, budget integer, OUT piece tsvector, OUT bytes integer)
        LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        cap integer := least(budget, 131072);
        chars integer := 100000;
      BEGIN
        piece := ''::tsvector;
        bytes := 0;
        IF cap <= 0 OR body IS NULL THEN
          RETURN;
        END IF;
        LOOP
          piece := to_tsvector('simple', left(body, chars));
          bytes := search_lexeme_bytes(piece);
          EXIT WHEN bytes <= cap;
          IF chars <= 16 THEN
            piece := ''::tsvector;
            bytes := 0;
            RETURN;
          END IF;
          -- Fewer characters, in proportion to the excess (a little under, so it converges quickly).
          chars := greatest(16, (chars::bigint * cap / bytes * 9 / 10)::integer);
        END LOOP;
      END $$;

      CREATE OR REPLACE FUNCTION tickets_subject_search() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v tsvector;
        total integer;
        m record;
        p record;
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.subject IS DISTINCT FROM OLD.subject THEN
          v := setweight(to_tsvector('simple', NEW.subject), 'A');
          total := search_lexeme_bytes(v);
          IF TG_OP = 'UPDATE' THEN
            FOR m IN SELECT body_text FROM messages WHERE ticket_id = NEW.id ORDER BY id LOOP
              p := search_piece(m.body_text, 1000000 - total);
              v := v || setweight(p.piece, 'B');
              total := total + p.bytes;
            END LOOP;
          END IF;
          NEW.search_vector := v;
          NEW.search_bytes := total;
        END IF;
        RETURN NEW;
      END $$;

      CREATE OR REPLACE FUNCTION messages_body_search() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        used integer;
        p record;
      BEGIN
        -- Locked first, so two messages on one ticket at once cannot both spend the same budget.
        SELECT search_bytes INTO used FROM tickets WHERE id = NEW.ticket_id FOR UPDATE;
        p := search_piece(NEW.body_text, 1000000 - used);
        UPDATE tickets
           SET search_vector = search_vector || setweight(p.piece, 'B'),
               search_bytes = search_bytes + p.bytes,
               message_count = message_count + 1
         WHERE id = NEW.ticket_id;
        RETURN NULL;
      END $$;

      UPDATE tickets SET search_bytes = search_lexeme_bytes(search_vector) WHERE search_vector <> ''::tsvector;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION tickets_subject_search() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE OR REPLACE FUNCTION messages_body_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets
           SET search_vector = search_vector || setweight(to_tsvector('simple', left(NEW.body_text, 100000)), 'B'),
               message_count = message_count + 1
         WHERE id = NEW.ticket_id;
        RETURN NULL;
      END $$;
      DROP FUNCTION search_piece(text, integer);
      DROP FUNCTION search_lexeme_bytes(tsvector);
      ALTER TABLE tickets DROP COLUMN search_bytes;
    `);
  }
}
