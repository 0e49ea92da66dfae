import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolationsLightAndDark,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

interface TicketJson {
  id: number;
  number: number;
  subject: string;
  status: string;
  tags: string[];
  messages: { id: number; bodyText: string; bodyHtml: string | null }[];
}
interface EventJson {
  id: number;
  action: string;
  field: string | null;
  createdAt: string;
}

/** An unreachable relay from the environment (connection refused at once): the relay page must name its variable. */
const RELAY_FROM_ENV = 'smtp://127.0.0.1:9';
const OPEN_VIEW = '/?status=new,open,pending,on_hold&automatic=false';

/**
 * The agent workspace over a day of triage (issue 18), in Chromium against `npm start`: long
 * threads open at the newest message with the composer and details in view, "submit and next"
 * and j/k through the view, tags, the audit trail in words, the tab's title, phone layout and
 * wide mail, whole-row links, and admin actions that ask before destroying anything.
 */
describe('agent workspace for a day of triage in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let dana: { id: number; name: string };
  let danaApi: ApiClient;

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance({ SMTP_RELAY_URL: RELAY_FROM_ENV }), launchChromium()]);
    admin = await instance.login(instance.admin);
    const created = await admin.request<{ id: number }>('POST', '/api/v1/users', {
      email: 'dana@example.com',
      password: 'dana-password-1',
      name: 'Dana Smith',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    dana = { id: created.body.id, name: 'Dana Smith' };
    danaApi = await instance.login({ email: 'dana@example.com', password: 'dana-password-1' });
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto(OPEN_VIEW);
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const ticket = async (id: number) => (await admin.request<TicketJson>('GET', `/api/v1/tickets/${id}`)).body;
  const createTicket = async (subject: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject,
      body: `First message of ${subject}`,
      requester: {
        email: `${subject.toLowerCase().replace(/\W+/g, '-')}@example.org`,
        name: `Requester of ${subject}`,
      },
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const rowOf = (p: Page, subject: string) => p.getByRole('row').filter({ hasText: subject });

  describe('a long thread', () => {
    let long: TicketJson;

    beforeAll(async () => {
      long = await createTicket('Thirty-one messages');
      for (let i = 2; i <= 31; i++) {
        const res = await admin.request('POST', `/api/v1/tickets/${long.id}/messages`, {
          body: `Message ${i}: ${'a line of the conversation '.repeat(i % 3 ? 3 : 12)}`,
          internal: i % 7 === 0,
        });
        expect(res.status).toBe(201);
      }
    });

    /** Where things are on screen, in CSS pixels from the top of the window. */
    const layout = (p: Page) =>
      p.evaluate(() => {
        const box = (el: Element | null) => {
          const r = el!.getBoundingClientRect();
          return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
        };
        const articles = document.querySelectorAll('[data-testid=conversation] article');
        return {
          conversation: box(document.querySelector('[data-testid=conversation]')),
          first: box(articles[0]),
          last: box(articles[articles.length - 1]),
          composer: box(document.querySelector('#composer-body')),
          status: box(document.querySelector('[data-testid=field-status]')),
          windowHeight: window.innerHeight,
          pageScrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
        };
      });

    it('opens at the newest message, with the composer and the details in view while the conversation scrolls', async () => {
      await page.goto(`/tickets/${long.id}`);
      await page.locator('[data-testid=conversation] article').nth(30).waitFor();
      await page.waitForFunction(() => {
        const list = document.querySelector('[data-testid=conversation]')!;
        const last = list.lastElementChild!.getBoundingClientRect();
        const view = list.getBoundingClientRect();
        return last.top >= view.top - 1 && last.top < view.bottom;
      });
      const atOpen = await layout(page);
      // The newest message is in view and the first is scrolled away above; the page itself does not scroll.
      expect(atOpen.last.top).toBeGreaterThanOrEqual(atOpen.conversation.top - 1);
      expect(atOpen.first.bottom).toBeLessThanOrEqual(atOpen.conversation.top);
      expect(atOpen.pageScrolls).toBe(false);
      expect(atOpen.composer.bottom).toBeLessThanOrEqual(atOpen.windowHeight);
      expect(atOpen.status.bottom).toBeLessThanOrEqual(atOpen.windowHeight);
      expect(await page.title()).toBe(`#${long.number} Thirty-one messages · Helpdesk`);

      // Reading back to the first message: composer and details stay where they were.
      await scrollConversationToTop(page);
      const atTop = await layout(page);
      expect(atTop.first.top).toBeGreaterThanOrEqual(atTop.conversation.top - 1);
      expect(atTop.composer).toEqual(atOpen.composer);
      expect(atTop.status).toEqual(atOpen.status);
      expect(await seriousA11yViolationsLightAndDark(page, 'workspace-long-thread')).toEqual([]);
    });

    it('brings a new message into view when the agent was reading the end, not when reading further up', async () => {
      await page.goto(`/tickets/${long.id}`);
      await page.locator('[data-testid=conversation] article').nth(30).waitFor();
      // A colleague's messages (the agent's own always come into view).
      await danaApi.request('POST', `/api/v1/tickets/${long.id}/messages`, { body: 'Message 32 arrives live' });
      const newest = page.locator('article').filter({ hasText: 'Message 32 arrives live' });
      await newest.waitFor();
      await waitUntil(async () => (await newest.boundingBox())!.y < (await layout(page)).conversation.bottom);

      await scrollConversationToTop(page);
      await danaApi.request('POST', `/api/v1/tickets/${long.id}/messages`, { body: 'Message 33 arrives live' });
      await page.locator('article').filter({ hasText: 'Message 33 arrives live' }).waitFor();
      const after = await layout(page);
      expect(after.first.top).toBeGreaterThanOrEqual(after.conversation.top - 1);
    });

    it('on a phone, opens at the newest message too (the page scrolls, under the app header)', async () => {
      const phone = await newContext(browser, instance.baseURL, { width: 390, height: 844 });
      await phone.addCookies(await ctx.cookies());
      const p = await phone.newPage();
      await p.goto(`/tickets/${long.id}`);
      await p.locator('[data-testid=conversation] article').nth(30).waitFor();
      const newestInView = () => {
        const last = document.querySelector('[data-testid=conversation]')!.lastElementChild!.getBoundingClientRect();
        return last.top >= 52 && last.top < window.innerHeight;
      };
      await p.waitForFunction(newestInView);
      // And it stays there once the layout has settled.
      await p.waitForTimeout(1000);
      expect(await p.evaluate(newestInView)).toBe(true);
      expect(await p.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
      expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(p, 'workspace-long-thread-phone');
      await phone.close();
    });
  });

  describe('working through a view', () => {
    const subjects = ['Triage A', 'Triage B', 'Triage C'];
    const view = `${OPEN_VIEW}&tag=triage-e2e`;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      // Created A, B, C: the view (last update first) lists C, B, A. C also carries a tag to suggest.
      for (const s of subjects)
        ids[s] = (await createTicket(s, { tags: s === 'Triage C' ? ['triage-e2e', 'vip'] : ['triage-e2e'] })).id;
    });

    const position = () => page.getByTestId('view-position').textContent();

    it('names the view and its count in the tab, and a click anywhere on a row opens the ticket (one link, the subject)', async () => {
      await page.goto(OPEN_VIEW);
      await rowOf(page, 'Triage C').waitFor();
      const counts = (await admin.request<{ allOpen: number }>('GET', '/api/v1/tickets/counts')).body;
      await waitUntil(async () => (await page.title()) === `All open (${counts.allOpen}) · Helpdesk`);

      await page.goto(view);
      await rowOf(page, 'Triage A').waitFor();
      const row = rowOf(page, 'Triage C');
      expect(await row.getByRole('link').count()).toBe(1);
      expect(await row.getByRole('link').getAttribute('href')).toBe(`/tickets/${ids['Triage C']}`);
      await row.getByRole('link', { name: 'Triage C' }).waitFor();
      expect(await seriousA11yViolationsLightAndDark(page, 'workspace-view')).toEqual([]);

      // The checkbox still selects instead of opening.
      await row.getByRole('checkbox').click();
      await page.getByTestId('bulk-bar').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await row.getByRole('checkbox').click();

      // The requester's cell, far from the subject text.
      await clickCell(row, 3);
      await page.waitForURL(new RegExp(`/tickets/${ids['Triage C']}$`));
      await page.getByRole('heading', { name: /Triage C/ }).waitFor();
      expect(await position()).toContain('1 of 3');
    });

    it('j and k move through the view from inside a ticket; leaving with unsent text asks first', async () => {
      await page.keyboard.press('j');
      await page.getByRole('heading', { name: /Triage B/ }).waitFor();
      expect(await position()).toContain('2 of 3');
      await page.keyboard.press('k');
      await page.getByRole('heading', { name: /Triage C/ }).waitFor();

      await page.keyboard.press('r');
      await page.keyboard.type('Half a thought');
      await page.keyboard.press('Escape');
      await page.keyboard.press('j');
      const ask = page.getByRole('dialog', { name: 'Leave without sending?' });
      await ask.waitFor();
      await ask.getByRole('button', { name: 'Keep writing' }).click();
      await ask.waitFor({ state: 'hidden' });
      expect(await page.locator('#composer-body').innerText()).toBe('Half a thought');
      expect(new URL(page.url()).pathname).toBe(`/tickets/${ids['Triage C']}`);
      await page.locator('#composer-body').fill('');
      await page.keyboard.press('Escape');
    });

    it('suggests tags already in use and never saves half-typed text when the focus moves on', async () => {
      // On B (no "vip"): "vip" is suggested from C, which the view loaded.
      await page.keyboard.press('j');
      await page.getByRole('heading', { name: /Triage B/ }).waitFor();
      const tags = page.getByTestId('field-tags');
      await tags.click();
      await page.keyboard.type('vi');
      await page.getByRole('option', { name: 'vip' }).click();
      await waitUntil(async () => (await ticket(ids['Triage B'])).tags.includes('vip'));

      await tags.click();
      await page.keyboard.type('half-typ');
      await page.getByRole('heading', { name: /Triage B/ }).click();
      await waitUntil(async () => (await tags.inputValue()) === '');
      await page.waitForTimeout(500);
      expect((await ticket(ids['Triage B'])).tags).toEqual(['triage-e2e', 'vip']);

      await tags.click();
      await page.keyboard.type('urgent');
      await page.keyboard.press('Enter');
      await waitUntil(async () => (await ticket(ids['Triage B'])).tags.includes('urgent'));
      await page.keyboard.press('Escape');
      await screenshot(page, 'workspace-tags');
    });

    it('"send and set status" goes on to the next ticket of the view, in the order the agent saw, and back after the last', async () => {
      await page.keyboard.press('k');
      await page.getByRole('heading', { name: /Triage C/ }).waitFor();
      await page.keyboard.press('r');
      await page.keyboard.type('Done with C');
      expect(await page.getByRole('checkbox', { name: 'Then next ticket' }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Send and set status' }).click();
      await page.getByRole('menuitem', { name: 'Send · Solved → next ticket' }).click();
      await page.getByRole('heading', { name: /Triage B/ }).waitFor();
      const c = await ticket(ids['Triage C']);
      expect([c.status, c.messages.at(-1)!.bodyText]).toEqual(['solved', 'Done with C']);
      // C left the view (solved); B was below it, and A is still next.
      expect(await position()).toContain('2 of 3');

      await page.keyboard.press('j');
      await page.getByRole('heading', { name: /Triage A/ }).waitFor();
      await page.keyboard.press('r');
      await page.keyboard.type('Waiting for A to answer');
      await page.getByRole('button', { name: 'Send and set status' }).click();
      await page.getByRole('menuitem', { name: 'Send · Pending → next ticket' }).click();
      await page.getByText('That was the last ticket of the view').waitFor();
      await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('tag') === 'triage-e2e');
      expect((await ticket(ids['Triage A'])).status).toBe('pending');

      // Switched off, a status choice stays on the ticket.
      await clickCell(rowOf(page, 'Triage B'), 3);
      await page.getByRole('heading', { name: /Triage B/ }).waitFor();
      await page.getByRole('checkbox', { name: 'Then next ticket' }).uncheck();
      await page.keyboard.press('r');
      await page.keyboard.type('Staying on B');
      await page.getByRole('button', { name: 'Send and set status' }).click();
      await page.getByRole('menuitem', { name: 'Send · On hold', exact: true }).click();
      await page.locator('article').filter({ hasText: 'Staying on B' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tickets/${ids['Triage B']}`);
      expect((await ticket(ids['Triage B'])).status).toBe('on_hold');
      await page.getByRole('checkbox', { name: 'Then next ticket' }).check();
    });
  });

  it('keeps what the agent types while a reply is on its way (only what was sent leaves the composer)', async () => {
    const t = await createTicket('Typing while sending');
    await page.goto(`/tickets/${t.id}`);
    await page.getByRole('heading', { name: /Typing while sending/ }).waitFor();
    await page.keyboard.press('r');
    await page.keyboard.type('First part.');
    // Hold the reply on its way long enough to go on typing.
    const held = '**/api/v1/tickets/*/messages';
    await page.route(held, async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const box = page.locator('#composer-body');
    await box.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Second thought');
    await page.locator('article[data-kind="reply"]').filter({ hasText: 'First part.' }).waitFor();
    await waitUntil(async () => (await box.innerText()) === 'Second thought');
    await page.unroute(held);
    expect((await ticket(t.id)).messages.map((m) => m.bodyText).slice(1)).toEqual(['First part.']);
    await box.fill('');
    await page.keyboard.press('Escape');
  });

  it('shows the audit trail in words, one entry per change set (a bulk edit included)', async () => {
    const t = await createTicket('Audit in words');
    expect(
      (
        await admin.request('PATCH', `/api/v1/tickets/${t.id}`, {
          assigneeId: dana.id,
          priority: 'high',
          status: 'pending',
        })
      ).status,
    ).toBe(200);
    const bulk = await admin.request<{ updated: number[] }>('POST', '/api/v1/tickets/bulk', {
      ids: [t.id],
      changes: { addTags: ['billing'], priority: 'urgent' },
    });
    expect(bulk.body.updated).toEqual([t.id]);
    expect(
      (await admin.request('POST', `/api/v1/tickets/${t.id}/messages`, { body: 'All sorted', status: 'solved' }))
        .status,
    ).toBe(201);

    // The backend's side of the rule: one change, one transaction, one createdAt for all its events.
    const events = (await admin.request<{ items: EventJson[] }>('GET', `/api/v1/tickets/${t.id}/events`)).body.items;
    const byTime = new Map<string, string[]>();
    for (const e of events) byTime.set(e.createdAt, [...(byTime.get(e.createdAt) ?? []), e.field ?? e.action]);
    expect([...byTime.values()]).toEqual([
      ['created', 'message_added'],
      ['priority', 'assigneeId', 'status'],
      ['priority', 'tags'],
      ['message_added', 'status'],
    ]);

    await page.goto(`/tickets/${t.id}`);
    await page.getByRole('button', { name: 'Show audit trail' }).click();
    const entries = page.getByTestId('audit-entry');
    await waitUntil(async () => (await entries.count()) === 4);
    const text = await entries.allInnerTexts();
    const lines = (i: number) => text[i].split('\n').slice(1).filter(Boolean);
    expect(text.every((e) => e.startsWith('Admin'))).toBe(true);
    expect(lines(0)).toEqual(['Ticket created', 'Message from the customer']);
    expect(lines(1).sort()).toEqual(['Assignee: — → Dana Smith', 'Priority: Normal → High', 'Status: New → Pending']);
    expect(lines(2).sort()).toEqual(['Priority: High → Urgent', 'Tags: added billing']);
    expect(lines(3)).toEqual(['Reply added', 'Status: Pending → Solved']);
    expect(await seriousA11yViolationsLightAndDark(page, 'workspace-audit')).toEqual([]);
  });

  it('on a phone: two-line rows with the requester and a readable subject; a 600 px mail is zoomed to fit, not clipped', async () => {
    const wide =
      '<table width="600" style="width:600px" cellpadding="0" cellspacing="0"><tr>' +
      '<td style="width:600px">Newsletter laid out for 600 pixels: the end of this line must stay readable</td></tr></table>';
    expect(
      await instance.sendMail({
        from: 'Nora Newsletter <nora@example.org>',
        subject: 'A newsletter six hundred pixels wide',
        text: 'Newsletter laid out for 600 pixels',
        html: wide,
      }),
    ).toMatch(/^250 /);

    // The mail becomes a ticket in the worker: wait for it there, not in the page (a loaded machine is slow).
    await waitUntil(
      async () =>
        (await admin.request<{ items: unknown[] }>('GET', '/api/v1/tickets?q=%22six%20hundred%20pixels%22')).body.items
          .length === 1,
      60_000,
    );
    const phone = await newContext(browser, instance.baseURL, { width: 390, height: 844, colorScheme: 'dark' });
    await phone.addCookies(await ctx.cookies());
    const p = await phone.newPage();
    await p.goto(OPEN_VIEW);
    const row = rowOf(p, 'A newsletter six hundred pixels wide');
    await row.waitFor({ timeout: 30000 });
    const cells = await row.evaluate((r) => {
      const box = (el: Element) => el.getBoundingClientRect();
      const [, number, subject, requester, status] = [...r.children];
      const line = (el: Element) => Math.round(box(el).top + box(el).height / 2);
      return {
        rowHeight: box(r).height,
        requester: { text: (requester as HTMLElement).innerText, width: box(requester).width },
        subjectShare: box(subject).width / box(r).width,
        subjectWhole: subject.scrollWidth <= subject.clientWidth,
        // Requester and status on the first line; number and subject on the second.
        twoLines:
          line(subject) > line(requester) + 10 &&
          Math.abs(line(number) - line(subject)) < 4 &&
          Math.abs(line(status) - line(requester)) < 4,
      };
    });
    expect(cells.rowHeight).toBeGreaterThanOrEqual(56);
    expect(cells.requester.text).toBe('Nora Newsletter');
    expect(cells.requester.width).toBeGreaterThan(100);
    // Most of the row's width, and this 36-character subject whole (the trial saw ~10 characters).
    expect(cells.subjectShare).toBeGreaterThan(0.6);
    expect(cells.subjectWhole).toBe(true);
    expect(cells.twoLines).toBe(true);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousA11yViolationsLightAndDark(p, 'workspace-inbox-phone')).toEqual([]);

    await clickCell(row, 3);
    const frame = p.locator('iframe[title^="Conversation"]');
    await frame.waitFor();
    await waitUntil(async () => (await frame.getAttribute('data-scale')) !== null);
    const fit = await frame.evaluate((f: HTMLIFrameElement) => ({
      scale: Number(f.dataset.scale),
      contentWidth: f.contentDocument!.documentElement.scrollWidth,
      frameWidth: f.clientWidth,
      frameRight: f.getBoundingClientRect().right,
    }));
    expect(fit.scale).toBeLessThan(1);
    expect(fit.scale).toBeGreaterThanOrEqual(0.5);
    expect(fit.contentWidth).toBeLessThanOrEqual(fit.frameWidth);
    expect(fit.frameRight).toBeLessThanOrEqual(390);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousA11yViolationsLightAndDark(p, 'workspace-wide-mail-phone')).toEqual([]);

    // At actual size the mail scrolls sideways inside its frame: all of it is reachable.
    await p.getByRole('button', { name: /show actual size/ }).click();
    await waitUntil(async () => (await frame.getAttribute('data-scale')) === '1.00');
    const actual = await frame.evaluate((f: HTMLIFrameElement) => {
      const root = f.contentDocument!.documentElement;
      root.scrollLeft = root.scrollWidth;
      return { contentWidth: root.scrollWidth, frameWidth: f.clientWidth, scrolledTo: root.scrollLeft };
    });
    expect(actual.contentWidth).toBeGreaterThanOrEqual(600);
    expect(actual.scrolledTo).toBeGreaterThanOrEqual(600 - actual.frameWidth - 1);
    await screenshot(p, 'workspace-wide-mail-phone-actual-size');
    await p.getByRole('button', { name: 'Fit to width' }).click();
    await waitUntil(async () => Number(await frame.getAttribute('data-scale')) < 1);
    await phone.close();

    // On a desktop the same mail is shown at its own size.
    await page.goto(OPEN_VIEW);
    await clickCell(rowOf(page, 'A newsletter six hundred pixels wide'), 3);
    const desktopFrame = page.locator('iframe[title^="Conversation"]');
    await waitUntil(async () => (await desktopFrame.getAttribute('data-scale')) === '1.00');
  });

  describe('admin', () => {
    const confirmDialog = (title: string) => page.getByRole('dialog', { name: title });

    it('names SMTP_RELAY_URL when the relay comes from the environment', async () => {
      await page.goto('/admin/relay');
      await page.getByText('Set by the environment').waitFor();
      const text = await page.locator('main').innerText();
      expect(text).toContain('SMTP_RELAY_URL');
      expect(text).not.toContain('HELPDESK_SMTP_RELAY');
      expect(await page.title()).toBe('Outbound relay · Administration · Helpdesk');
    });

    it('asks before deleting a mailbox, naming the address and what stops', async () => {
      const created = await admin.request<{ id: number }>('POST', '/api/v1/mailboxes', {
        address: 'sales@localhost',
        displayName: 'Sales',
      });
      expect(created.status).toBe(201);
      const exists = async () =>
        (await admin.request<{ items: { id: number }[] }>('GET', '/api/v1/mailboxes')).body.items.some(
          (m) => m.id === created.body.id,
        );
      await page.goto('/admin/mailboxes');
      const row = page.getByRole('row').filter({ hasText: 'sales@localhost' });
      await row.getByRole('button', { name: 'Delete' }).click();
      const dialog = confirmDialog('Delete mailbox sales@localhost?');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('Mail sent to sales@localhost is refused');
      expect(await seriousA11yViolationsLightAndDark(page, 'workspace-confirm-mailbox')).toEqual([]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await exists()).toBe(true);

      await row.getByRole('button', { name: 'Delete' }).click();
      await dialog.getByRole('button', { name: 'Delete mailbox' }).click();
      await waitUntil(async () => !(await exists()));
    });

    it('asks before revoking a token, naming it', async () => {
      const created = await admin.request<{ id: number }>('POST', '/api/v1/tokens', { name: 'billing-sync' });
      expect(created.status).toBe(201);
      await page.goto('/admin/tokens');
      await page.getByRole('row').filter({ hasText: 'billing-sync' }).getByRole('button', { name: 'Revoke' }).click();
      const dialog = confirmDialog('Revoke the token “billing-sync”?');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('Every script and integration using it is refused');
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      const row = page.getByRole('row').filter({ hasText: 'billing-sync' });
      await row.getByText('Revoked').waitFor();
      expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    });

    it('asks before deactivating a user, saying they are signed out and their tokens stop', async () => {
      await page.goto('/admin/users');
      await page.getByRole('row').filter({ hasText: 'dana@example.com' }).getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('dialog', { name: /Edit Dana Smith/ });
      await form.getByRole('switch', { name: 'Active' }).uncheck();
      await form.getByRole('button', { name: 'Save' }).click();
      const dialog = confirmDialog('Deactivate Dana Smith?');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('signed out everywhere');
      await dialog.getByRole('button', { name: 'Deactivate and save' }).click();
      await waitUntil(async () => {
        const users = (await admin.request<{ items: { id: number; active: boolean }[] }>('GET', '/api/v1/users')).body;
        return users.items.find((u) => u.id === dana.id)?.active === false;
      });
    });
  });
});

/** Scrolls the conversation to its first message as an agent does, with the mouse wheel. */
async function scrollConversationToTop(page: Page) {
  await page.getByTestId('conversation').hover();
  await page.mouse.wheel(0, -100000);
  await page.waitForFunction(() => document.querySelector('[data-testid=conversation]')!.scrollTop === 0);
}

/** Clicks the middle of a row's nth cell (0: checkbox, 1: number, 2: subject, 3: requester). */
async function clickCell(row: Locator, n: number) {
  const box = (await row.locator('[role=cell]').nth(n).boundingBox())!;
  await row.page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function waitUntil(check: () => Promise<boolean>, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
