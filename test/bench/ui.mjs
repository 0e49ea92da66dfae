#!/usr/bin/env node
// `npm run bench -- ui [--runs N]` (after `npm run build`)
// The agent UI in headless Chromium against the built app (role api, real PostgreSQL/Redis):
//  - gzipped size of the JavaScript loaded on first paint of the inbox (target < 250 KB);
//  - navigation → inbox showing 50 tickets (target < 1 s), and → ticket with 100 messages
//    (target < 500 ms), cold (empty cache) and warm (median of N), each beside a blank page
//    from the same server in the same run; "showing" means a frame showing it was painted;
//  - the same ticket until it shows its newest message (it opens scrolled to the end), on a
//    page load and opened from the inbox;
//  - a mail thread of 100 messages (customers' mails, some HTML, agents' replies, notes) until
//    its newest mail is in view whole, its frame loaded and grown to its content: p50/p95.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { percentiles, ROOT, startServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { Client } = require('pg');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 0) || 7;
const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(path.join(ROOT, 'frontend/dist/index.html')) || !existsSync(path.join(ROOT, 'backend/dist/main.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}
const { runMigrations } = require(path.join(ROOT, 'backend/dist/database/data-source.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`.padStart(8);

const services = await startServices();
let browser;
try {
  await runMigrations(services.databaseUrl);
  const { url } = await services.startBackend({
    HELPDESK_ROLE: 'api',
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    HELPDESK_ADMIN_EMAIL: ADMIN.email,
    HELPDESK_ADMIN_PASSWORD: ADMIN.password,
  });

  // Arrange through the API: 50 open tickets, one a mail thread and one with 100 messages.
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { csrfToken, user: admin } = await login.json();
  const [cookie] = login.headers.getSetCookie()[0].split(';');
  const api = async (method, p, body) =>
    (
      await fetch(`${url}${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json();
  for (let i = 1; i < 49; i++)
    await api('POST', '/api/v1/tickets', {
      subject: `Bench ticket ${i}`,
      body: 'hello',
      requester: { email: `c${i}@example.com`, name: `Customer ${i}` },
    });
  const thread = await seedMailThread(
    await api('POST', '/api/v1/tickets', {
      subject: 'Invoice 2291 does not match the order',
      body: 'placeholder, replaced by the seed',
      requester: { email: 'maya@customer.example', name: 'Maya Mail' },
    }),
    admin.id,
  );
  // Last, so it is the newest and at the top of the inbox.
  const long = await api('POST', '/api/v1/tickets', {
    subject: 'A long conversation',
    body: 'Message 1\n'.repeat(5),
    requester: { email: 'long@example.com', name: 'Lena Long' },
  });
  for (let i = 2; i <= 100; i++)
    await api('POST', `/api/v1/tickets/${long.id}/messages`, {
      body: `Message ${i}: ${'some text '.repeat(20)}`,
      internal: i % 5 === 0,
    });
  const inboxPath = '/?status=new,open,pending,on_hold';

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, value] = cookie.split('=');
  await ctx.addCookies([{ name, value, url }]);
  // A screen counts once a frame showing it has been painted: `__painted(ok)` answers the time at the
  // animation frame after the one where `ok` first held, so layout and paint of that frame are
  // included (a screen that positions itself, e.g. scrolls to its newest message, lays out before that).
  await ctx.addInitScript(() => {
    let seen = false;
    window.__painted = (ok) => {
      if (!ok) return (seen = false);
      if (!seen) return !(seen = true);
      seen = false;
      return performance.now();
    };
  });
  const page = await ctx.newPage();

  // Time from navigation start to a condition, read inside the page (performance.now() is relative to navigation start).
  const navigateUntil = async (p, condition) => {
    await page.goto(`${url}${p}`, { waitUntil: 'commit' });
    return (await page.waitForFunction(condition, undefined, { polling: 'raf', timeout: 30000 })).jsonValue();
  };
  const inboxReady = () =>
    window.__painted(
      document.querySelector('[role=table]')?.getAttribute('aria-rowcount') === '51' &&
        document.querySelectorAll('[data-ticket-id]').length > 0,
    );
  const ticketReady = () => window.__painted(document.querySelectorAll('article[data-message-id]').length === 100);
  // The newest of the 100 messages has its top inside the conversation's visible area.
  const newestShown = () => {
    const list = document.querySelector('[data-testid=conversation]');
    const messages = list?.querySelectorAll('article[data-message-id]');
    if (!messages || messages.length !== 100) return window.__painted(false);
    const newest = messages[99].getBoundingClientRect();
    const view = list.getBoundingClientRect();
    return window.__painted(newest.top >= view.top - 1 && newest.top < Math.min(view.bottom, innerHeight));
  };
  // The thread's newest mail is in view whole at the bottom of the conversation, with its mail frame
  // loaded and grown to its content: an empty or clipped frame is not the message yet.
  const newestMailShown = () => {
    const list = document.querySelector('[data-testid=conversation]');
    const messages = list?.querySelectorAll('article[data-message-id]');
    const frame = messages?.[99]?.querySelector('iframe');
    const doc = frame?.contentDocument;
    if (messages?.length !== 100 || !doc?.body?.textContent.includes('newest mail')) return window.__painted(false);
    const newest = messages[99].getBoundingClientRect();
    const view = list.getBoundingClientRect();
    return window.__painted(
      frame.clientHeight >= doc.documentElement.getBoundingClientRect().height &&
        newest.top >= view.top - 1 &&
        newest.bottom <= Math.min(view.bottom, innerHeight) + 1,
    );
  };
  const blank = async () => {
    await page.goto(`${url}/healthz`, { waitUntil: 'load' });
    return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  };

  // First paint of the inbox with an empty cache: which scripts, how big gzipped.
  const scripts = new Map();
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script' && r.ok())
      scripts.set(
        r.url(),
        r.body().catch(() => Buffer.alloc(0)),
      );
  });
  const coldBlank = await blank();
  const coldInbox = await navigateUntil(inboxPath, inboxReady);
  const firstPaint = [...scripts.entries()];
  let raw = 0;
  let gz = 0;
  for (const [, body] of firstPaint) {
    const b = await body;
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  page.removeAllListeners('response');
  const coldTicket = await navigateUntil(`/tickets/${long.id}`, ticketReady);

  // Opening the ticket from the inbox inside the running app (no page load), until `condition`.
  const openFromInbox = async (condition) => {
    await navigateUntil(inboxPath, inboxReady);
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate((id) => document.querySelector(`[data-ticket-id="${id}"] a`).click(), long.id);
    const t1 = await (await page.waitForFunction(condition, undefined, { polling: 'raf', timeout: 30000 })).jsonValue();
    return t1 - t0;
  };

  // Warm: cached assets, a new page load each time.
  const warm = { blank: [], inbox: [], ticket: [], open: [], newest: [], openNewest: [], mailThread: [] };
  for (let i = 0; i < RUNS; i++) {
    warm.blank.push(await blank());
    warm.inbox.push(await navigateUntil(inboxPath, inboxReady));
    warm.ticket.push(await navigateUntil(`/tickets/${long.id}`, ticketReady));
    warm.open.push(await openFromInbox(ticketReady));
    // The same two ways, until the newest message is on screen.
    warm.newest.push(await navigateUntil(`/tickets/${long.id}`, newestShown));
    warm.openNewest.push(await openFromInbox(newestShown));
    warm.mailThread.push(await navigateUntil(`/tickets/${thread}`, newestMailShown));
  }

  // The API calls those screens wait for, timed from Node: the part of the figures that is the server's.
  const apiTime = async (p) => {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await (await fetch(`${url}${p}`, { headers: { cookie } })).arrayBuffer();
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  const apiList = await apiTime(`/api/v1/tickets?status=new,open,pending,on_hold&sort=updatedAt&order=desc&limit=50`);
  const apiTicket = await apiTime(`/api/v1/tickets/${long.id}`);

  console.log(`ui benchmark (headless Chromium ${browser.version()}, ${RUNS} warm runs, medians)`);
  console.log(
    `JS on first paint of the inbox: ${firstPaint.length} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (target < 250 KB)`,
  );
  for (const [u] of firstPaint) console.log(`  ${new URL(u).pathname}`);
  console.log(`${''.padEnd(44)} ${'cold'.padStart(8)} ${'warm'.padStart(8)}`);
  console.log(`${'blank page (same server)'.padEnd(44)} ${ms(coldBlank)} ${ms(median(warm.blank))}`);
  console.log(`${'inbox with 50 tickets (target < 1 s)'.padEnd(44)} ${ms(coldInbox)} ${ms(median(warm.inbox))}`);
  console.log(`${'ticket with 100 messages, page load'.padEnd(44)} ${ms(coldTicket)} ${ms(median(warm.ticket))}`);
  console.log(
    `${'ticket with 100 messages, from the inbox'.padEnd(44)} ${''.padStart(8)} ${ms(median(warm.open))}  (target < 500 ms)`,
  );
  console.log(
    `${'  … scrolled to the newest message, page load'.padEnd(44)} ${''.padStart(8)} ${ms(median(warm.newest))}`,
  );
  console.log(
    `${'  … scrolled to the newest, from the inbox'.padEnd(44)} ${''.padStart(8)} ${ms(median(warm.openNewest))}  (target < 500 ms)`,
  );
  const mailThread = percentiles(warm.mailThread);
  console.log(
    `${'mail thread of 100 (HTML mail), newest in view'.padEnd(44)} ${''.padStart(8)} ${ms(mailThread.p50)}  p95 ${ms(mailThread.p95).trim()}`,
  );
  console.log(`API alone (from Node): ticket list of 50 ${ms(apiList)}, ticket with 100 messages ${ms(apiTicket)}`);
  console.log(
    `ratios to the blank page (warm): inbox ${(median(warm.inbox) / median(warm.blank)).toFixed(1)}×, ticket ${(median(warm.ticket) / median(warm.blank)).toFixed(1)}×`,
  );
} finally {
  await browser?.close();
  await services.stop();
}

/**
 * Makes `ticket` a mail thread of 100 messages, oldest first a minute apart, written in SQL as the
 * mail pipeline would have stored them: the customer's mails (every other one HTML: a quoted
 * history, a table, a 600 px wide layout now and then), the agent's replies and some internal
 * notes; the newest is a short HTML mail of the customer's (it fits the conversation's view
 * whole). Returns the ticket's id.
 */
async function seedMailThread(ticket, agentId) {
  const db = new Client({ connectionString: services.databaseUrl });
  await db.connect();
  try {
    const {
      rows: [{ requester_id: customerId }],
    } = await db.query(`SELECT requester_id FROM tickets WHERE id = $1`, [ticket.id]);
    await db.query(`DELETE FROM messages WHERE ticket_id = $1`, [ticket.id]);
    const text = (n) =>
      `Hello, about invoice 2291 (message ${n}): ${'the amounts on lines 3 and 4 differ from the order we placed. '.repeat(1 + (n % 4))}`;
    const signed = '<p>Best regards,<br><b>Maya Mail</b><br>Accounts payable</p>';
    const html = (n) =>
      n === 100
        ? `<div><p>This is the newest mail. ${text(n)}</p>${signed}</div>`
        : (n % 12 === 4 ? '<div style="width:600px;margin:0 auto;font-family:Arial">' : '<div>') +
          `<p>${text(n)}</p><table style="border-collapse:collapse"><tr><th>Line</th><th>Ordered</th><th>Invoiced</th></tr>` +
          [3, 4].map((l) => `<tr><td>${l}</td><td>${l * 10} pcs</td><td>${l * 12} pcs</td></tr>`).join('') +
          `</table>${signed}<blockquote><p>On Monday, Support wrote:</p><p>${text(n - 1)}</p>` +
          `<blockquote><p>${text(n - 2)}</p></blockquote></blockquote></div>`;
    for (let n = 1; n <= 100; n++) {
      const customer = n === 1 || n % 2 === 0;
      const note = !customer && n % 10 === 5;
      await db.query(
        `INSERT INTO messages (ticket_id, author_customer_id, author_user_id, visibility, channel, body_text, body_html,
           from_address, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - make_interval(mins => $9))`,
        [
          ticket.id,
          customer ? customerId : null,
          customer ? null : agentId,
          note ? 'internal' : 'public',
          customer ? 'email' : note ? 'note' : 'web',
          n === 100
            ? `This is the newest mail. ${text(n)}`
            : customer
              ? text(n)
              : `Thanks, we are checking it (reply ${n}).`,
          customer && n % 4 === 0 ? html(n) : null,
          customer ? 'maya@customer.example' : null,
          100 - n,
        ],
      );
    }
    // What the list shows of it, as storing the newest mail would have left it.
    await db.query(
      `UPDATE tickets SET message_count = 100, preview = left($2, 200), last_actor = 'customer', last_message_at = now()
        WHERE id = $1`,
      [ticket.id, `This is the newest mail. ${text(100)}`],
    );
  } finally {
    await db.end();
  }
  return ticket.id;
}
