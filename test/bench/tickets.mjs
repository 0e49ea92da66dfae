#!/usr/bin/env node
// `npm run bench -- tickets [--tickets N] [--requests N] [--compare-jsonb] [--hold]`
// Seeds N tickets (default 1,000,000) with 3 messages and 20 custom field values each
// into a real PostgreSQL, then times the inbox's hot paths (with and without field
// filters) through the real API (HTTP, auth, validation, JSON) and the same SQL run
// directly with `pg`, p50/p95 over --requests (default 200) each, and creating a ticket
// with 10 field values against one without. --compare-jsonb also builds the jsonb
// alternative and times the same plans on it; --hold keeps the seeded database up (for
// EXPLAIN) until SIGUSR2.
import { createRequire } from 'node:module';
import path from 'node:path';
import { percentiles, ROOT, startServices, time } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TICKETS = arg('tickets', 1_000_000);
const REQUESTS = arg('requests', 200);
const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };

// The marker terms have known frequencies; the rest of the text is a Zipf-like vocabulary.
const TERMS = {
  rare: { word: 'zyxrare', every: 33_333 },
  mid: { word: 'quasarmid', every: 500 },
  common: { word: 'commonterm', every: 20 },
};
const PG_FLAGS = [
  '-c',
  'shared_buffers=1GB',
  '-c',
  'work_mem=16MB',
  '-c',
  'maintenance_work_mem=512MB',
  '-c',
  'max_wal_size=8GB',
  '-c',
  'fsync=off',
  '-c',
  'full_page_writes=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'max_parallel_maintenance_workers=2',
];

const distDir = path.join(ROOT, 'backend/dist');
const { runMigrations } = require(path.join(distDir, 'database/data-source.js'));
const { queryTicketPage, TICKET_COUNTS_SQL } = require(path.join(distDir, 'tickets/ticket-list.query.js'));
const { parseFieldFilter } = require(path.join(distDir, 'custom-fields/field-filters.js'));
const { toDefinition } = require(path.join(distDir, 'custom-fields/custom-fields.repository.js'));
const { Client } = require('pg');

const log = (...a) => console.log(...a);

/**
 * 20 ticket fields as a team would define them, each ticket holding a value of each
 * (checkboxes only when checked; a multiselect holds 1–3 options). `pick` is the SQL of
 * a value from `r(k)`, a pseudo-random number in [0, 1) per ticket and field.
 */
const opts = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
const FIELDS = [
  { key: 'plan', type: 'dropdown', options: ['free', 'basic', 'pro', 'enterprise'] },
  { key: 'product', type: 'dropdown', options: opts('p', 20) },
  { key: 'region', type: 'dropdown', options: opts('region', 8) },
  { key: 'category', type: 'dropdown', options: opts('cat', 12) },
  { key: 'contact_reason', type: 'dropdown', options: opts('reason', 5) },
  { key: 'components', type: 'multiselect', options: opts('comp', 10) },
  { key: 'order_total', type: 'decimal' },
  { key: 'seats', type: 'number' },
  { key: 'score', type: 'number' },
  { key: 'order_count', type: 'number' },
  { key: 'renewal_date', type: 'date' },
  { key: 'purchase_date', type: 'date' },
  { key: 'due_date', type: 'date' },
  { key: 'order_number', type: 'text' },
  { key: 'serial', type: 'text' },
  { key: 'customer_ref', type: 'text' },
  { key: 'vip', type: 'checkbox' },
  { key: 'escalated', type: 'checkbox' },
  { key: 'invoice_id', type: 'regex', pattern: 'INV-[0-9]{6}' },
  { key: 'notes', type: 'textarea' },
];
/** Textual values per seeded ticket (in field order), computed once: the values and the search vector use them. */
const TEXT_SEED = `'ORD-' || lpad(((g::bigint * 7919) % 1000000)::text, 6, '0') AS order_number,
           'SN' || substr(md5(g::text), 1, 10) AS serial,
           'ACME-' || (g % 5000) AS customer_ref,
           'INV-' || lpad(((g::bigint * 104729) % 1000000)::text, 6, '0') AS invoice_id,
           (SELECT s FROM sentences WHERE i = (g::bigint * 49979687) % 20000) AS notes`;
/** The C part of a seeded ticket's search vector, as the field values' trigger builds it. */
const FIELDS_VECTOR = `setweight(to_tsvector('simple', order_number || ' ' || serial || ' ' || customer_ref || ' ' || invoice_id || ' ' || notes), 'C')`;

async function seedFieldDefinitions(db) {
  const ids = {};
  for (const [i, f] of FIELDS.entries()) {
    const {
      rows: [row],
    } = await db.query(
      `INSERT INTO custom_fields (entity, key, label, type, options, pattern, position)
       VALUES ('ticket', $1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        f.key,
        f.key.replace(/_/g, ' '),
        f.type,
        JSON.stringify((f.options ?? []).map((value) => ({ value, label: value.toUpperCase(), active: true }))),
        f.pattern ?? null,
        i,
      ],
    );
    ids[f.key] = row.id;
  }
  return ids;
}

/** INSERT … SELECT of every field value of the seeded tickets (ids 1..N are the seed's). */
function fieldValuesSql(ids) {
  const r = (k) => `((hashint8(s.id * 32 + ${k}) & 2147483647)::float8 / 2147483648)`;
  const row = (key, t, n, d, b, l) =>
    `(${ids[key]}::bigint, ${t ?? 'NULL::text'}, ${n ?? 'NULL::numeric'}, ${d ?? 'NULL::date'}, ${b ?? 'NULL::boolean'}, ${l ?? 'NULL::text'})`;
  const byKey = Object.fromEntries(FIELDS.map((f) => [f.key, f]));
  const rows = [
    row(
      'plan',
      `CASE WHEN ${r(1)} < 0.4 THEN 'free' WHEN ${r(1)} < 0.7 THEN 'basic' WHEN ${r(1)} < 0.9 THEN 'pro' ELSE 'enterprise' END`,
    ),
    row('product', `(ARRAY[${byKey.product.options.map((o) => `'${o}'`)}])[1 + floor(${r(2)} * 20)::int]`),
    row('region', `(ARRAY[${byKey.region.options.map((o) => `'${o}'`)}])[1 + floor(${r(3)} * 8)::int]`),
    row('category', `(ARRAY[${byKey.category.options.map((o) => `'${o}'`)}])[1 + floor(${r(4)} * 12)::int]`),
    row('contact_reason', `(ARRAY[${byKey.contact_reason.options.map((o) => `'${o}'`)}])[1 + floor(${r(5)} * 5)::int]`),
    row('order_total', null, `round((${r(7)} * 1000)::numeric, 2)`),
    row('seats', null, `(1 + floor(${r(8)} * 500))::numeric`),
    row('score', null, `floor(${r(9)} * 101)::numeric`),
    row('order_count', null, `(1 + floor(${r(10)} * 50))::numeric`),
    row('renewal_date', null, null, `(current_date - 730 + floor(${r(11)} * 1461)::int)`),
    row('purchase_date', null, null, `(s.created::date - floor(${r(12)} * 365)::int)`),
    row('due_date', null, null, `(s.created::date + floor(${r(13)} * 60)::int)`),
    row('order_number', 's.order_number'),
    row('serial', 's.serial'),
    row('customer_ref', 's.customer_ref'),
    row('vip', null, null, null, `CASE WHEN ${r(17)} < 0.1 THEN true END`),
    row('escalated', null, null, null, `CASE WHEN ${r(18)} < 0.05 THEN true END`),
    row('invoice_id', 's.invoice_id'),
    row('notes', null, null, null, null, 's.notes'),
  ];
  return `INSERT INTO ticket_field_values (ticket_id, field_id, text_value, number_value, date_value, bool_value, long_text)
    SELECT s.id, v.* FROM seed s CROSS JOIN LATERAL (VALUES ${rows.join(',\n      ')}) v(field_id, t, n, d, b, l)
     WHERE num_nonnulls(v.t, v.n, v.d, v.b, v.l) = 1
    UNION ALL
    SELECT s.id, ${ids.components}, 'comp' || lpad((1 + (floor(${r(6)} * 10)::int + c * 3) % 10)::text, 2, '0'), NULL, NULL, NULL, NULL
      FROM seed s CROSS JOIN generate_series(0, 2) c WHERE c <= floor(${r(16)} * 3)
    ORDER BY 1`;
}

async function seed(db) {
  const t0 = Date.now();
  await db.query(`SELECT setseed(0.42)`);
  await db.query(`INSERT INTO users (email, name, role, password_hash)
    SELECT 'agent' || g || '@example.com', 'Agent ' || g, 'agent', 'x' FROM generate_series(1, 50) g`);
  await db.query(`INSERT INTO groups (name) SELECT 'Group ' || g FROM generate_series(1, 10) g`);
  await db.query(
    `INSERT INTO customers (email, name) SELECT 'c' || g || '@example.com', 'Customer ' || g FROM generate_series(1, 100000) g`,
  );
  // 20,000 sentences of a log-uniform (Zipf-like) 50,000-word vocabulary, picked per message.
  await db.query(`CREATE TEMP TABLE sentences AS
    SELECT i, (SELECT string_agg('w' || floor(exp(random() * ln(50000)))::int, ' ') FROM generate_series(1, 20) WHERE i >= 0) AS s
    FROM generate_series(0, 19999) i`);
  await db.query(`CREATE UNIQUE INDEX ON sentences (i)`);
  await db.query(`ANALYZE sentences`);

  // Bulk load without per-row triggers and indexes, then build what they would have built.
  const { rows: indexes } = await db.query(`SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename IN ('tickets', 'messages', 'ticket_field_values') AND indexname NOT LIKE '%_pkey'`);
  const fieldIds = await seedFieldDefinitions(db);
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.indexname}`);
  await db.query(`SET session_replication_role = replica`);

  const {
    rows: [{ agents }],
  } = await db.query(`SELECT array_agg(id ORDER BY id) AS agents FROM users WHERE role = 'agent'`);
  const {
    rows: [{ groups }],
  } = await db.query(`SELECT array_agg(id ORDER BY id) AS groups FROM groups`);
  const marker = (alias) =>
    Object.values(TERMS)
      .map((t) => `CASE WHEN ${alias} % ${t.every} = 7 THEN ' ${t.word}' ELSE '' END`)
      .join(' || ');
  await db.query(
    `CREATE TEMP TABLE seed AS
    SELECT g AS id,
           (SELECT s FROM sentences WHERE i = (g::bigint * 7919) % 20000) AS subject,
           (SELECT s FROM sentences WHERE i = (g::bigint * 104729) % 20000) || ' ' || (SELECT s FROM sentences WHERE i = (g::bigint * 1299709) % 20000) || ${marker('g')} AS b1,
           (SELECT s FROM sentences WHERE i = (g::bigint * 15485863) % 20000) AS b2,
           (SELECT s FROM sentences WHERE i = (g::bigint * 32452843) % 20000) AS b3,
           random() AS r1, random() AS r2, random() AS r3,
           now() - (random() * interval '730 days') AS created,
           ${TEXT_SEED}
      FROM generate_series(1, $1) g`,
    [TICKETS],
  );
  const t1 = Date.now();
  await db.query(
    `INSERT INTO tickets (subject, status, priority, requester_id, assignee_id, group_id, tags, message_count,
        created_at, updated_at, first_response_at, search_vector)
      SELECT left(subject, 80),
             CASE WHEN r1 < 0.05 THEN 'new' WHEN r1 < 0.15 THEN 'open' WHEN r1 < 0.22 THEN 'pending' WHEN r1 < 0.25 THEN 'on_hold'
                  WHEN r1 < 0.6 THEN 'solved' ELSE 'closed' END,
             floor(r2 * 4)::smallint,
             1 + (id * 31) % 100000,
             CASE WHEN r3 < 0.2 THEN NULL ELSE ($1::bigint[])[1 + floor(r3 * 1000)::int % 50] END,
             ($2::bigint[])[1 + (id % 10)],
             CASE WHEN id % 10 = 0 THEN ARRAY['vip'] WHEN id % 7 = 0 THEN ARRAY['billing'] ELSE '{}' END,
             3, created, least(now(), created + r2 * interval '20 days'), created + interval '1 hour',
             setweight(to_tsvector('simple', left(subject, 80)), 'A') || ${FIELDS_VECTOR} || setweight(to_tsvector('simple', b1), 'B')
               || setweight(to_tsvector('simple', b2), 'B') || setweight(to_tsvector('simple', b3), 'B')
        FROM seed ORDER BY id`,
    [agents, groups],
  );
  const t2 = Date.now();
  await db.query(
    `INSERT INTO messages (ticket_id, author_customer_id, author_user_id, visibility, channel, body_text, created_at)
      SELECT s.id, CASE WHEN n = 2 THEN NULL ELSE 1 + (s.id * 31) % 100000 END, CASE WHEN n = 2 THEN ($1::bigint[])[1 + s.id % 50] END,
             'public', CASE WHEN n = 2 THEN 'web' ELSE 'email' END,
             CASE n WHEN 1 THEN s.b1 WHEN 2 THEN s.b2 ELSE s.b3 END, s.created + n * interval '1 hour'
        FROM seed s CROSS JOIN generate_series(1, 3) n ORDER BY s.id, n`,
    [agents],
  );
  const t3 = Date.now();
  const values = await db.query(fieldValuesSql(fieldIds));
  const t3b = Date.now();
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query(`INSERT INTO ticket_counts (status, assignee_key, group_key, count)
      SELECT status, coalesce(assignee_id, 0), coalesce(group_id, 0), count(*) FROM tickets GROUP BY 1, 2, 3`);
  for (const ix of indexes) await db.query(ix.indexdef);
  const t4 = Date.now();
  await db.query(`VACUUM ANALYZE tickets`);
  await db.query(`VACUUM ANALYZE messages`);
  await db.query(`VACUUM ANALYZE ticket_field_values`);
  await db.query(`ANALYZE`);
  const t5 = Date.now();
  log(
    `seeded ${TICKETS.toLocaleString()} tickets and ${(3 * TICKETS).toLocaleString()} messages in ${((t5 - t0) / 1000).toFixed(0)} s:`,
  );
  log(
    `  tickets  ${Math.round(TICKETS / ((t2 - t1) / 1000)).toLocaleString()} rows/s  (INSERT … SELECT, triggers and indexes off)`,
  );
  log(`  messages ${Math.round((3 * TICKETS) / ((t3 - t2) / 1000)).toLocaleString()} rows/s`);
  log(
    `  field values ${values.rowCount.toLocaleString()} (${FIELDS.length} fields) in ${((t3b - t3) / 1000).toFixed(0)} s`,
  );
  log(
    `  indexes and counters rebuilt in ${((t4 - t3b) / 1000).toFixed(0)} s, text generation ${((t1 - t0) / 1000).toFixed(0)} s, VACUUM ANALYZE ${((t5 - t4) / 1000).toFixed(0)} s`,
  );
}

async function api(base, token, pathname) {
  const res = await fetch(base + pathname, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function post(base, token, pathname, body) {
  const res = await fetch(base + pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function measure(name, viaApi, viaSql) {
  for (let i = 0; i < 20; i++) {
    await viaApi();
    await viaSql();
  }
  const a = [];
  const s = [];
  for (let i = 0; i < REQUESTS; i++) {
    a.push(await time(viaApi));
    s.push(await time(viaSql));
  }
  return { name, api: percentiles(a), sql: percentiles(s) };
}

/**
 * The alternative we measured against (docs/architecture.md, "Custom fields"): the same
 * values as one jsonb column on a copy of the tickets, with a GIN index (jsonb_path_ops)
 * and an expression index for the one number field filtered, queried the same ways as
 * the value table (the SQL of a page's walk, without the requester join).
 */
async function compareJsonb(db) {
  const t0 = Date.now();
  await db.query(`SET maintenance_work_mem = '1GB'`);
  await db.query(`CREATE TABLE tickets_jsonb AS SELECT t.*, coalesce(j.fields, '{}') AS fields FROM tickets t LEFT JOIN (
      SELECT v.ticket_id, jsonb_object_agg(f.key, CASE WHEN f.type = 'multiselect' THEN v.vals ELSE v.vals -> 0 END) AS fields
        FROM (SELECT ticket_id, field_id, jsonb_agg(coalesce(to_jsonb(text_value), to_jsonb(number_value), to_jsonb(date_value),
                to_jsonb(bool_value), to_jsonb(long_text))) AS vals FROM ticket_field_values GROUP BY 1, 2) v
        JOIN custom_fields f ON f.id = v.field_id GROUP BY v.ticket_id) j ON j.ticket_id = t.id`);
  await db.query(`ALTER TABLE tickets_jsonb ADD PRIMARY KEY (id)`);
  await db.query(`CREATE INDEX ON tickets_jsonb (status, updated_at DESC, id DESC)`);
  await db.query(`CREATE INDEX tickets_jsonb_gin ON tickets_jsonb USING gin (fields jsonb_path_ops)`);
  await db.query(`CREATE INDEX tickets_jsonb_total ON tickets_jsonb (((fields ->> 'order_total')::numeric))`);
  await db.query(`VACUUM ANALYZE tickets_jsonb`);
  const {
    rows: [size],
  } = await db.query(`SELECT pg_size_pretty(pg_relation_size('tickets_jsonb_gin')) AS gin,
      pg_size_pretty(pg_relation_size('tickets_jsonb_total')) AS expr,
      pg_size_pretty(sum(pg_column_size(fields))) AS data FROM tickets_jsonb`);
  log(
    `\njsonb alternative (built in ${((Date.now() - t0) / 1000).toFixed(0)} s): values ${size.data} in the rows, GIN ${size.gin}, one expression index ${size.expr}`,
  );
  const S = ['new', 'open', 'pending', 'on_hold'];
  const walk = (table, cond) =>
    `SELECT * FROM (${S.map((st) => `(SELECT t.id, t.updated_at FROM ${table} t WHERE t.status = '${st}' AND ${cond} ORDER BY t.updated_at DESC, t.id DESC LIMIT 51)`).join(' UNION ALL ')}) x ORDER BY updated_at DESC, id DESC LIMIT 51`;
  const driven = (table, cond) =>
    `WITH m AS MATERIALIZED (SELECT t.id, t.updated_at FROM ${table} t WHERE t.status = ANY('{new,open,pending,on_hold}') AND ${cond}) SELECT * FROM m ORDER BY updated_at DESC, id DESC LIMIT 51`;
  const { rows: ids } = await db.query(`SELECT key, id FROM custom_fields WHERE entity = 'ticket'`);
  const id = (key) => ids.find((r) => r.key === key).id;
  const probe = (key, test) =>
    `(SELECT true FROM ticket_field_values v WHERE v.ticket_id = t.id AND v.field_id = ${id(key)} AND ${test} LIMIT 1)`;
  const matches = (key, test) =>
    `t.id IN (SELECT v.ticket_id FROM ticket_field_values v WHERE v.field_id = ${id(key)} AND ${test})`;
  const CASES = [
    [
      'dropdown (10%)',
      walk('tickets', probe('plan', `v.text_value = 'enterprise'`)),
      walk('tickets_jsonb', `t.fields @> '{"plan":"enterprise"}'`),
    ],
    [
      'number range (5%)',
      walk('tickets', probe('order_total', 'v.number_value BETWEEN 100 AND 150')),
      walk('tickets_jsonb', `(t.fields ->> 'order_total')::numeric BETWEEN 100 AND 150`),
    ],
    [
      '2 dropdowns (0.5%)',
      walk(
        'tickets',
        `${probe('plan', `v.text_value = 'enterprise'`)} AND ${probe('product', `v.text_value = 'p07'`)}`,
      ),
      walk('tickets_jsonb', `t.fields @> '{"plan":"enterprise","product":"p07"}'`),
    ],
    [
      'mid range (0.5%), index',
      driven('tickets', matches('order_total', 'v.number_value BETWEEN 100 AND 105')),
      driven('tickets_jsonb', `(t.fields ->> 'order_total')::numeric BETWEEN 100 AND 105`),
    ],
    [
      'rare range (0.1%), index',
      driven('tickets', matches('order_total', 'v.number_value BETWEEN 100 AND 101')),
      driven('tickets_jsonb', `(t.fields ->> 'order_total')::numeric BETWEEN 100 AND 101`),
    ],
    [
      'exact text, index',
      driven('tickets', matches('order_number', `v.text_value = 'ORD-123456'`)),
      driven('tickets_jsonb', `t.fields @> '{"order_number":"ORD-123456"}'`),
    ],
  ];
  log(
    `${'same walk or index plan'.padEnd(26)} ${'table p50'.padStart(9)} ${'p95'.padStart(7)} ${'jsonb p50'.padStart(9)} ${'p95'.padStart(7)}`,
  );
  for (const [name, table, jsonb] of CASES) {
    const a = [];
    const b = [];
    for (let i = 0; i < 10; i++) {
      await db.query(table);
      await db.query(jsonb);
    }
    for (let i = 0; i < REQUESTS; i++) {
      a.push(await time(() => db.query(table)));
      b.push(await time(() => db.query(jsonb)));
    }
    const pa = percentiles(a);
    const pb = percentiles(b);
    const f = (n) => n.toFixed(2).padStart(7);
    log(`${name.padEnd(26)}   ${f(pa.p50)} ${f(pa.p95)}   ${f(pb.p50)} ${f(pb.p95)}`);
  }
  await db.query(`DROP TABLE tickets_jsonb`);
}

async function main() {
  log(
    `PostgreSQL flags: ${PG_FLAGS.filter((f) => f !== '-c').join(' ')} (throwaway data: durability off to seed fast; reads are unaffected)`,
  );
  const services = await startServices({ postgresFlags: PG_FLAGS });
  process.on('SIGINT', () => void services.stop().then(() => process.exit(130)));
  try {
    await runMigrations(services.databaseUrl);
    const db = new Client({ connectionString: services.databaseUrl });
    db.on('error', () => {}); // the server going away at the end is expected
    await db.connect();
    await seed(db);
    if (args.includes('--hold')) {
      log(`holding the seeded database at ${services.databaseUrl}; send SIGUSR2 to go on`);
      await new Promise((r) => process.once('SIGUSR2', r));
    }

    const { url } = await services.startBackend({
      HELPDESK_ROLE: 'api',
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      HELPDESK_ADMIN_EMAIL: ADMIN.email,
      HELPDESK_ADMIN_PASSWORD: ADMIN.password,
      // The benchmark's client is one API token at full speed: no per-token rate limit.
      HELPDESK_TOKEN_LIMIT_PER_MINUTE: '1000000',
    });
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers.getSetCookie()[0].split(';')[0];
    const { csrfToken, user } = await login.json();
    const tokenRes = await fetch(`${url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'bench' }),
    });
    const { token } = await tokenRes.json();

    // The formula used to seed search vectors must equal what the triggers build: check on a ticket made through the API.
    const made = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        subject: 'Trigger check subject',
        body: 'first body words',
        requester: { email: 'check@example.com' },
      }),
    }).then((r) => r.json());
    for (const body of ['second body', 'third body']) {
      await fetch(`${url}/api/v1/tickets/${made.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body }),
      });
    }
    const {
      rows: [check],
    } = await db.query(
      `SELECT t.search_vector = setweight(to_tsvector('simple', t.subject), 'A')
        || (SELECT tsvector_agg FROM (SELECT setweight(to_tsvector('simple', 'first body words'), 'B') || setweight(to_tsvector('simple', 'second body'), 'B')
        || setweight(to_tsvector('simple', 'third body'), 'B') AS tsvector_agg) x) AS same FROM tickets t WHERE id = $1`,
      [made.id],
    );
    if (!check.same) throw new Error('seeded search vectors do not match what the triggers build');
    // The same for a ticket with textual field values (their words are the C part, between subject and messages).
    const withFields = await post(url, token, '/api/v1/tickets', {
      subject: 'Trigger check subject',
      body: 'first body words',
      requester: { email: 'check@example.com' },
      fields: {
        order_number: 'ORD-000001',
        serial: 'SNabc',
        customer_ref: 'ACME-1',
        invoice_id: 'INV-000001',
        notes: 'some notes here',
      },
    });
    for (const body of ['second body', 'third body'])
      await post(url, token, `/api/v1/tickets/${withFields.id}/messages`, { body });
    const {
      rows: [checkFields],
    } = await db.query(
      `SELECT t.search_vector = setweight(to_tsvector('simple', t.subject), 'A')
        || setweight(to_tsvector('simple', 'ORD-000001 SNabc ACME-1 INV-000001 some notes here'), 'C')
        || setweight(to_tsvector('simple', 'first body words'), 'B') || setweight(to_tsvector('simple', 'second body'), 'B')
        || setweight(to_tsvector('simple', 'third body'), 'B') AS same FROM tickets t WHERE id = $1`,
      [withFields.id],
    );
    if (!checkFields.same)
      throw new Error('seeded search vectors (with field values) do not match what the triggers build');
    log('seed formula matches the triggers (checked on tickets made through the API, with and without field values)');

    const {
      rows: [busy],
    } = await db.query(
      `SELECT assignee_id FROM tickets WHERE status = 'open' AND assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    for (const [k, t] of Object.entries(TERMS)) {
      const {
        rows: [c],
      } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE search_vector @@ to_tsquery('simple', $1)`, [
        t.word,
      ]);
      log(`  ${k} term "${t.word}" is in ${c.n.toLocaleString()} tickets (${((100 * c.n) / TICKETS).toFixed(3)} %)`);
    }

    // The baseline runs exactly the statements the API runs for a page, straight through `pg`.
    const page = (query) => () =>
      queryTicketPage((text, values) => db.query(text, values).then((r) => r.rows), query, user.id);
    const OPEN = 'new,open,pending,on_hold';
    const openQuery = { status: OPEN.split(',') };

    // Follow the cursor to page 200 once; then time fetching that page.
    let cursor = null;
    for (let page = 1; page < 200; page++)
      cursor = (await api(url, token, `/api/v1/tickets?status=${OPEN}&limit=50${cursor ? `&cursor=${cursor}` : ''}`))
        .nextCursor;

    const results = [
      await measure('open list (4 statuses)', () => api(url, token, `/api/v1/tickets?status=${OPEN}`), page(openQuery)),
      await measure(
        'status + assignee',
        () => api(url, token, `/api/v1/tickets?status=open&assigneeId=${busy.assignee_id}`),
        page({ status: ['open'], assigneeId: String(busy.assignee_id) }),
      ),
      await measure(
        'deep page (page 200)',
        () => api(url, token, `/api/v1/tickets?status=${OPEN}&limit=50&cursor=${cursor}`),
        page({ ...openQuery, limit: 50, cursor }),
      ),
      await measure(
        'view counts',
        () => api(url, token, '/api/v1/tickets/counts'),
        () => db.query(TICKET_COUNTS_SQL, [user.id]),
      ),
    ];
    for (const [k, t] of Object.entries(TERMS)) {
      results.push(
        await measure(`search ${k} term`, () => api(url, token, `/api/v1/tickets?q=${t.word}`), page({ q: t.word })),
      );
    }

    // Custom field filters: the API with `field.<key>=…`, and the SQL baseline with the same filters resolved.
    const { rows: fieldRows } = await db.query(`SELECT * FROM custom_fields WHERE entity = 'ticket'`);
    const defs = fieldRows.map(toDefinition);
    const resolved = (fields) =>
      Object.entries(fields).map(([key, raw]) =>
        parseFieldFilter(
          defs.find((d) => d.key === key),
          raw,
        ),
      );
    const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    const FIELD_CASES = [
      ['field: dropdown (10%)', { plan: 'enterprise' }, openQuery],
      ['field: dropdown (5%)', { product: 'p07' }, openQuery],
      ['field: number range (5%)', { order_total: '100..150' }, openQuery],
      ['field: date range (2%)', { renewal_date: `${day(0)}..${day(30)}` }, openQuery],
      ['field: checkbox (10%)', { vip: 'true' }, openQuery],
      ['field: 2 dropdowns (0.5%)', { plan: 'enterprise', product: 'p07' }, openQuery],
      ['field: mid range (0.5%)', { order_total: '100..105' }, openQuery],
      ['field: rare range (0.1%)', { order_total: '100..101' }, {}],
      ['field: exact text (1)', { order_number: 'ORD-123456' }, {}],
    ];
    for (const [name, fields, base] of FIELD_CASES) {
      const qs = new URLSearchParams({
        ...(base.status ? { status: OPEN } : {}),
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`field.${k}`, v])),
      });
      results.push(
        await measure(
          name,
          () => api(url, token, `/api/v1/tickets?${qs}`),
          page({ ...base, fieldFilters: resolved(fields) }),
        ),
      );
    }

    const target = (name) =>
      name.startsWith('search common')
        ? 200
        : name.startsWith('search')
          ? 50
          : /^field: (dropdown|number range)/.test(name)
            ? 20
            : name.startsWith('field')
              ? null
              : 20;
    const f = (n) => n.toFixed(2).padStart(7);
    log(`\n${REQUESTS} requests each, sequential, keep-alive; milliseconds`);
    log(
      `${'query'.padEnd(26)} ${'API p50'.padStart(7)} ${'API p95'.padStart(7)} ${'SQL p50'.padStart(7)} ${'SQL p95'.padStart(7)} ${'API/SQL'.padStart(7)} ${'overhead'.padStart(8)}  target`,
    );
    for (const r of results) {
      const overhead = r.api.p95 - r.sql.p95;
      const goal = target(r.name);
      const ok = goal !== null && r.api.p95 < goal && overhead < 5;
      log(
        `${r.name.padEnd(26)} ${f(r.api.p50)} ${f(r.api.p95)} ${f(r.sql.p50)} ${f(r.sql.p95)} ${(r.api.p95 / r.sql.p95).toFixed(1).padStart(6)}x ${f(overhead)}   ${goal === null ? '(no target: reported)' : `p95<${goal}, overhead<5: ${ok ? 'PASS' : 'MISS'}`}`,
      );
    }

    // Writing: a ticket through the API with no field values, and with 10, interleaved.
    const TEN = {
      plan: 'pro',
      product: 'p03',
      region: 'region02',
      components: ['comp01', 'comp04'],
      order_total: 129.5,
      seats: 12,
      renewal_date: day(90),
      order_number: 'ORD-777777',
      vip: true,
      invoice_id: 'INV-123123',
    };
    const creates = { plain: [], fields: [] };
    const create = (fields) => () =>
      post(url, token, '/api/v1/tickets', {
        subject: 'Bench ticket',
        body: 'A new ticket written through the API.',
        requester: { email: `bench-${Math.floor(Math.random() * 1000)}@example.org` },
        ...(fields ? { fields } : {}),
      });
    for (let i = 0; i < 20; i++) {
      await create(null)();
      await create(TEN)();
    }
    const CREATES = Math.min(REQUESTS, 200);
    for (let i = 0; i < CREATES; i++) {
      creates.plain.push(await time(create(null)));
      creates.fields.push(await time(create(TEN)));
    }
    const plain = percentiles(creates.plain);
    const withTen = percentiles(creates.fields);
    log(`\ncreating a ticket through the API, ${CREATES} each, interleaved; milliseconds`);
    log(`${'create'.padEnd(26)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}`);
    log(`${'no field values'.padEnd(26)} ${f(plain.p50)} ${f(plain.p95)}`);
    log(
      `${'10 field values'.padEnd(26)} ${f(withTen.p50)} ${f(withTen.p95)}   ${(withTen.p50 / plain.p50).toFixed(2)}x at p50, ${(withTen.p95 / plain.p95).toFixed(2)}x at p95; target < 2x: ${withTen.p50 / plain.p50 < 2 ? 'PASS' : 'MISS'}`,
    );

    const { rows: sizes } = await db.query(
      `SELECT pg_size_pretty(pg_relation_size('ticket_field_values')) AS heap,
              pg_size_pretty(pg_indexes_size('ticket_field_values')) AS indexes,
              (SELECT count(*) FROM ticket_field_values)::bigint AS n`,
    );
    log(
      `\nfield values: ${Number(sizes[0].n).toLocaleString()} rows, heap ${sizes[0].heap}, indexes ${sizes[0].indexes}`,
    );
    if (args.includes('--compare-jsonb')) await compareJsonb(db);
    await db.end();
  } finally {
    await services.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
