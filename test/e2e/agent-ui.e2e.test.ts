import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import {
  collectCspViolations,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

interface TicketJson {
  id: number;
  number: number;
  subject: string;
  status: string;
  assigneeId: number | null;
  messages: {
    internal: boolean;
    bodyText: string;
    author: { id: number | null };
    attachments: { filename: string }[];
  }[];
}

/**
 * The agent's day in a real browser against `npm start`: sign in, mail arriving live,
 * keyboard, reply, note, status, assignee, search, session expiry, accessibility.
 * Tests run in order and share one instance and one signed-in page.
 */
describe('agent UI in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let colleague: ApiClient;
  let ticketId: number;
  let cspViolations: string[];

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const dana = { email: 'dana@example.com', password: 'dana-password-1' };
    expect((await admin.request('POST', '/api/v1/users', { ...dana, name: 'Dana Agent', role: 'agent' })).status).toBe(
      201,
    );
    colleague = await instance.login(dana);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    cspViolations = collectCspViolations(page);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const ticket = async (id: number) => (await admin.request<TicketJson>('GET', `/api/v1/tickets/${id}`)).body;

  it('serves the UI for deep links and its hashed assets with long cache headers', async () => {
    for (const deepLink of ['/tickets/123', '/portal/some-token', '/admin/users']) {
      const res = await fetch(`${instance.baseURL}${deepLink}`);
      expect([deepLink, res.status, res.headers.get('content-type')]).toEqual([
        deepLink,
        200,
        'text/html; charset=utf-8',
      ]);
    }
    const html = await (await fetch(`${instance.baseURL}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const res = await fetch(`${instance.baseURL}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends a signed-out visitor to sign-in and back to the page they asked for', async () => {
    await page.goto('/?status=new,open');
    await page.waitForURL(/\/login\?from=/);
    await page.getByRole('heading', { name: 'Sign in to Helpdesk' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Email').fill(instance.admin.email);
    await page.locator('input[autocomplete="current-password"]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();

    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    expect(new URL(page.url()).searchParams.get('status')).toBe('new,open');
  });

  it('shows a ticket that arrives by SMTP without a reload, with the view counts', async () => {
    await page.getByRole('link', { name: /All open/ }).click();
    await page.getByText('No tickets here.').waitFor();
    expect(await page.getByTestId('count-allOpen').textContent()).toBe('0');

    expect(
      await instance.sendMail({
        from: 'Carla Customer <carla@example.org>',
        subject: 'Printer on fire',
        text: 'The printer in room 4 is on fire.\nPlease help quickly.',
      }),
    ).toMatch(/^250 /);
    const row = page.getByRole('row').filter({ hasText: 'Printer on fire' });
    await row.waitFor({ timeout: 30000 });
    expect(await row.textContent()).toContain('Carla Customer');
    await page.getByTestId('count-allOpen').filter({ hasText: '1' }).waitFor({ timeout: 30000 });
    ticketId = Number(await row.getAttribute('data-ticket-id'));
    expect(ticketId).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'inbox');
  });

  it('moves through the list with j/k and opens with Enter; ? lists the shortcuts', async () => {
    await admin.request('POST', '/api/v1/tickets', {
      subject: 'Second ticket',
      body: 'hello',
      requester: { email: 'bob@example.org', name: 'Bob' },
    });
    await page.getByRole('row').filter({ hasText: 'Second ticket' }).waitFor({ timeout: 30000 });

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Assign the ticket to me');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Newest first: j selects "Second ticket", j again the emailed one.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await page.locator('[role=row][data-active]').textContent()).toContain('Printer on fire');
    await page.keyboard.press('k');
    expect(await page.locator('[role=row][data-active]').textContent()).toContain('Second ticket');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await page.getByRole('heading', { name: /Printer on fire/ }).waitFor();
    expect(await page.locator('article[data-kind="customer"]').textContent()).toContain(
      'The printer in room 4 is on fire.',
    );
  });

  it('replies (r) with an attachment and adds an internal note (n), visibly distinct', async () => {
    await page.keyboard.press('r');
    await page.keyboard.type('We are sending someone with an extinguisher.');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'floor-plan.txt', mimeType: 'text/plain', buffer: Buffer.from('Exit by stair B.') });
    await page.getByText('floor-plan.txt (').waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('article[data-kind="reply"]').filter({ hasText: 'extinguisher' }).waitFor();

    await page.locator('#composer-body').blur();
    await page.keyboard.press('n');
    await page.keyboard.type('Facilities called, ETA 5 minutes.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('article[data-kind="note"]').filter({ hasText: 'ETA 5 minutes' }).waitFor();

    const saved = await ticket(ticketId);
    expect(saved.messages.map((m) => [m.internal, m.bodyText])).toEqual([
      [false, expect.stringContaining('room 4')],
      [false, 'We are sending someone with an extinguisher.'],
      [true, 'Facilities called, ETA 5 minutes.'],
    ]);
    expect(saved.messages[1].attachments.map((a) => a.filename)).toEqual(['floor-plan.txt']);
    const colours = await page
      .locator('article[data-kind]')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).borderLeftColor));
    expect(new Set(colours).size).toBe(3);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ticket');
  });

  it('warns before sending when someone else answered meanwhile', async () => {
    await page.locator('#composer-body').blur();
    await page.keyboard.press('r');
    await page.keyboard.type('Draft written while a colleague answers');
    expect(
      (await colleague.request('POST', `/api/v1/tickets/${ticketId}/messages`, { body: 'Colleague: fire is out.' }))
        .status,
    ).toBe(201);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = page.getByRole('dialog', { name: 'Someone answered meanwhile' });
    await warning.waitFor();
    await warning.getByRole('button', { name: 'Review first' }).click();
    await page.locator('article').filter({ hasText: 'Colleague: fire is out.' }).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .locator('article[data-kind="reply"]')
      .filter({ hasText: 'Draft written while a colleague answers' })
      .waitFor();
  });

  it('changes status in the side panel and assigns to me with a', async () => {
    await page.locator('#composer-body').blur();
    await page.getByTestId('field-status').click();
    await page.getByRole('option', { name: 'Pending' }).click();
    await waitUntil(async () => (await ticket(ticketId)).status === 'pending');

    // Unassigned again from elsewhere: the page follows, and `a` takes it.
    await admin.request('PATCH', `/api/v1/tickets/${ticketId}`, { assigneeId: null });
    await page.reload();
    await page.getByRole('heading', { name: /Printer on fire/ }).waitFor();
    await page.keyboard.press('a');
    await waitUntil(async () => (await ticket(ticketId)).assigneeId === admin.userId);
    await waitUntil(async () => (await page.getByTestId('field-assignee').inputValue()) !== 'Unassigned');

    await page.getByRole('button', { name: 'Show audit trail' }).click();
    const trail = page.getByTestId('audit-trail');
    await trail.waitFor();
    expect(await trail.textContent()).toMatch(/Status: Open → Pending/);
  });

  it('searches with / and the full-text search', async () => {
    await page.getByRole('link', { name: 'Back to inbox' }).click();
    await page.getByRole('table').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('extinguisher');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Search results' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Printer on fire' }).waitFor();
    await waitUntil(async () => (await page.locator('[role=row][data-ticket-id]').count()) === 1);
  });

  it('selects several tickets and changes them in bulk', async () => {
    await page.goto('/?status=new,open,pending,on_hold');
    await page.getByRole('row').filter({ hasText: 'Second ticket' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all loaded tickets' }).check();
    await page.getByTestId('bulk-bar').waitFor();
    await page.getByLabel('Add tag').fill('fire-drill');
    const writes: string[] = [];
    const recordWrite = (r: Request) => {
      const { pathname } = new URL(r.url());
      if (r.method() !== 'GET' && pathname.startsWith('/api/')) writes.push(`${r.method()} ${pathname}`);
    };
    page.on('request', recordWrite);
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitUntil(async () => {
      const list = (await admin.request<{ items: { tags: string[] }[] }>('GET', '/api/v1/tickets?tag=fire-drill')).body;
      return list.items.length === 2;
    });
    page.off('request', recordWrite);
    // One request for the whole selection, not one per ticket.
    expect(writes).toEqual(['POST /api/v1/tickets/bulk']);
  });

  it('at phone width, the list and ticket still work, in the dark theme too', async () => {
    const phone = await newContext(browser, instance.baseURL, { width: 390, height: 844, colorScheme: 'dark' });
    await phone.addCookies(await ctx.cookies());
    const p = await phone.newPage();
    await p.goto('/?status=new,open,pending,on_hold');
    await p.getByRole('row').filter({ hasText: 'Printer on fire' }).waitFor();
    expect(
      await p.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter(
            (e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed',
          )
          .map((e) => e.tagName + '.' + e.className)
          .slice(0, 5),
      ),
    ).toEqual([]);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'inbox-phone-dark');
    await p.goto(`/tickets/${ticketId}`);
    await p.locator('article[data-kind="note"]').waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, 'ticket-phone-dark');
    await phone.close();
  });

  it('lets an admin manage users and see the inbound spool, in a separately loaded admin area', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Users' }).waitFor();
    expect(scripts.some((u) => /AdminArea-/.test(u))).toBe(true);

    await page.getByRole('button', { name: 'Add' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Email').fill('hal@example.com');
    await form.getByLabel('Name').fill('Hal Agent');
    await form.locator('input[type=password]').fill('hal-password-1');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'hal@example.com' }).waitFor();
    const users = (await admin.request<{ items: { email: string; role: string }[] }>('GET', '/api/v1/users')).body
      .items;
    expect(users.find((u) => u.email === 'hal@example.com')?.role).toBe('agent');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users');

    await page.getByRole('tab', { name: 'Inbound spool' }).click();
    await page.getByRole('cell', { name: 'carla@example.org' }).waitFor();
    await screenshot(page, 'admin-inbound');
  });

  it('when the session ends, goes to sign-in and then back to where the agent was', async () => {
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { name: /Printer on fire/ }).waitFor();
    // Live, and done refetching what was fetched before connecting: the next request is the agent's.
    await page.locator('[data-live=true]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    await ctx.clearCookies(); // the session is gone (expired or revoked)
    await page.getByTestId('field-priority').click();
    await page.getByRole('option', { name: 'High' }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByText('Your session has ended').waitFor();
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    expect(new URL(page.url()).pathname).toBe(`/tickets/${ticketId}`);
    await page.getByRole('heading', { name: /Printer on fire/ }).waitFor();
  });

  it("ran the whole day under the app's Content-Security-Policy without a violation", () => {
    expect(cspViolations).toEqual([]);
  });
});

async function waitUntil(check: () => Promise<boolean>, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
