#!/usr/bin/env node
// `npm run bench -- tickets [--tickets N] [--requests N]`
// Seeds N tickets (default 1,000,000) with 3 messages each into a real PostgreSQL, then
// times the inbox's hot paths through the real API (HTTP, auth, validation, JSON) and
// the same SQL run directly with `pg`, p50/p95 over --requests (default 200) each.
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
const { Client } = require('pg');

const log = (...a) => console.log(...a);

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
    WHERE tablename IN ('tickets', 'messages') AND indexname NOT LIKE '%_pkey'`);
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
           now() - (random() * interval '730 days') AS created
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
             setweight(to_tsvector('simple', left(subject, 80)), 'A') || setweight(to_tsvector('simple', b1), 'B')
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
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query(`INSERT INTO ticket_counts (status, assignee_key, group_key, count)
      SELECT status, coalesce(assignee_id, 0), coalesce(group_id, 0), count(*) FROM tickets GROUP BY 1, 2, 3`);
  for (const ix of indexes) await db.query(ix.indexdef);
  const t4 = Date.now();
  await db.query(`VACUUM ANALYZE tickets`);
  await db.query(`VACUUM ANALYZE messages`);
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
    `  indexes and counters rebuilt in ${((t4 - t3) / 1000).toFixed(0)} s, text generation ${((t1 - t0) / 1000).toFixed(0)} s, VACUUM ANALYZE ${((t5 - t4) / 1000).toFixed(0)} s`,
  );
}

async function api(base, token, pathname) {
  const res = await fetch(base + pathname, { headers: { authorization: `Bearer ${token}` } });
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
    log('seed formula matches the triggers (checked on a ticket made through the API)');

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

    const target = (name) => (name.startsWith('search common') ? 200 : name.startsWith('search') ? 50 : 20);
    const f = (n) => n.toFixed(2).padStart(7);
    log(`\n${REQUESTS} requests each, sequential, keep-alive; milliseconds`);
    log(
      `${'query'.padEnd(24)} ${'API p50'.padStart(7)} ${'API p95'.padStart(7)} ${'SQL p50'.padStart(7)} ${'SQL p95'.padStart(7)} ${'API/SQL'.padStart(7)} ${'overhead'.padStart(8)}  target`,
    );
    for (const r of results) {
      const overhead = r.api.p95 - r.sql.p95;
      const ok = r.api.p95 < target(r.name) && overhead < 5;
      log(
        `${r.name.padEnd(24)} ${f(r.api.p50)} ${f(r.api.p95)} ${f(r.sql.p50)} ${f(r.sql.p95)} ${(r.api.p95 / r.sql.p95).toFixed(1).padStart(6)}x ${f(overhead)}   p95<${target(r.name)}, overhead<5: ${ok ? 'PASS' : 'MISS'}`,
      );
    }
    await db.end();
  } finally {
    await services.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
