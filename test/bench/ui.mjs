#!/usr/bin/env node
// `npm run bench -- ui [--runs N]` (after `npm run build`)
// The agent UI in headless Chromium against the built app (role api, real PostgreSQL/Redis):
//  - gzipped size of the JavaScript loaded on first paint of the inbox (target < 250 KB);
//  - navigation → inbox showing 50 tickets (target < 1 s), and → ticket with 100 messages
//    (target < 500 ms), cold (empty cache) and warm (median of N), each beside a blank page
//    from the same server in the same run; "showing" means a frame showing it was painted;
//  - the same ticket until it shows its newest message (it opens scrolled to the end), on a
//    page load and opened from the inbox.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, startServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
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

  // Arrange through the API: 50 open tickets, and one with 100 messages.
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { csrfToken } = await login.json();
  const [cookie] = login.headers.getSetCookie()[0].split(';');
  const api = async (method, p, body) =>
    (
      await fetch(`${url}${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json();
  for (let i = 1; i < 50; i++)
    await api('POST', '/api/v1/tickets', {
      subject: `Bench ticket ${i}`,
      body: 'hello',
      requester: { email: `c${i}@example.com`, name: `Customer ${i}` },
    });
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
  const warm = { blank: [], inbox: [], ticket: [], open: [], newest: [], openNewest: [] };
  for (let i = 0; i < RUNS; i++) {
    warm.blank.push(await blank());
    warm.inbox.push(await navigateUntil(inboxPath, inboxReady));
    warm.ticket.push(await navigateUntil(`/tickets/${long.id}`, ticketReady));
    warm.open.push(await openFromInbox(ticketReady));
    // The same two ways, until the newest message is on screen.
    warm.newest.push(await navigateUntil(`/tickets/${long.id}`, newestShown));
    warm.openNewest.push(await openFromInbox(newestShown));
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
  console.log(`API alone (from Node): ticket list of 50 ${ms(apiList)}, ticket with 100 messages ${ms(apiTicket)}`);
  console.log(
    `ratios to the blank page (warm): inbox ${(median(warm.inbox) / median(warm.blank)).toFixed(1)}×, ticket ${(median(warm.ticket) / median(warm.blank)).toFixed(1)}×`,
  );
} finally {
  await browser?.close();
  await services.stop();
}
