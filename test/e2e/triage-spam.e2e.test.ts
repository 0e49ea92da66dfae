import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  eventually,
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
  spam: boolean;
  automatic: boolean;
}

/**
 * Automatic mail, spam and the trash (issue 18) in Chromium against `npm start`: automatic mail
 * carries a marker and has its own built-in view (Unassigned leaves it out), an agent marks a
 * ticket as spam and deletes one, each after a confirmation that says what happens, and an
 * admin restores the deleted ticket from "Deleted tickets".
 */
describe('automatic mail, spam and deleted tickets in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const ticket = (id: number) => admin.request<TicketJson>('GET', `/api/v1/tickets/${id}`);
  const rowOf = (subject: string) => page.getByRole('row').filter({ hasText: subject });
  const idOf = async (subject: string) => Number(await rowOf(subject).getAttribute('data-ticket-id'));

  it('marks automatic mail in its own view and keeps it out of Unassigned', async () => {
    expect(
      await instance.sendMail({ from: 'Gina <gina@example.org>', subject: 'Where is my order', text: 'Order 42?' }),
    ).toMatch(/^250 /);
    expect(
      await instance.sendMail({
        from: 'away@example.org',
        subject: 'Out of office',
        text: 'I am away until Monday.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    ).toMatch(/^250 /);

    await page.getByRole('link', { name: /Unassigned/ }).click();
    await rowOf('Where is my order').waitFor({ timeout: 30000 });
    expect(await rowOf('Out of office').count()).toBe(0);
    expect(await rowOf('Where is my order').getByTestId('automatic-mark').count()).toBe(0);

    await page.getByRole('link', { name: /Automatic mail/ }).click();
    await rowOf('Out of office').waitFor({ timeout: 30000 });
    expect(await rowOf('Where is my order').count()).toBe(0);
    expect(await rowOf('Out of office').getByTestId('automatic-mark').textContent()).toBe('Auto');
    await page.getByTestId('count-automatic').filter({ hasText: '1' }).waitFor();
    expect(await page.title()).toBe('Automatic mail (1) · Helpdesk');
    expect(await seriousA11yViolationsLightAndDark(page, 'automatic-mail-view')).toEqual([]);
  });

  it('marks a ticket as spam after a confirmation that says nothing is sent', async () => {
    await page.getByRole('link', { name: /Unassigned/ }).click();
    await rowOf('Where is my order').waitFor();
    const id = await idOf('Where is my order');
    await rowOf('Where is my order').getByRole('link').click();
    await page.getByRole('button', { name: 'Ticket actions' }).click();
    await page.getByRole('menuitem', { name: 'Mark as spam' }).click();
    const dialog = page.getByRole('dialog', { name: /as spam\?/ });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('closes without a reply and nobody is notified');
    await screenshot(page, 'spam-confirmation');
    await dialog.getByRole('button', { name: 'Mark as spam' }).click();
    await page.getByTestId('spam-badge').waitFor();
    expect((await ticket(id)).body).toMatchObject({ spam: true, status: 'closed' });
    // Nothing went out or waits to: the acknowledgement was cancelled.
    const outbox = await admin.request<{ items: { ticketId: number; status: string }[] }>('GET', '/api/v1/outbound');
    expect(outbox.body.items.filter((o) => o.ticketId === id).map((o) => o.status)).toEqual(['failed']);
  });

  it('marks every ticket of the Automatic mail view as spam at once, after one confirmation', async () => {
    for (const n of [1, 2])
      expect(
        await instance.sendMail({
          from: `list${n}@lists.example.org`,
          subject: `Newsletter ${n}`,
          text: 'This week in widgets.',
          headers: { 'List-Id': '<widgets.lists.example.org>', Precedence: 'list' },
        }),
      ).toMatch(/^250 /);
    await page.goto('/');
    await page.getByRole('link', { name: /Automatic mail/ }).click();
    await rowOf('Newsletter 1').waitFor({ timeout: 30000 });
    await rowOf('Newsletter 2').waitFor({ timeout: 30000 });
    const ids = [await idOf('Newsletter 1'), await idOf('Newsletter 2'), await idOf('Out of office')];
    await page.getByRole('checkbox', { name: 'Select all loaded tickets' }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Mark as spam' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark 3 tickets as spam?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('close without a reply and nobody is notified');
    await screenshot(page, 'bulk-spam-confirmation');
    await dialog.getByRole('button', { name: 'Mark as spam' }).click();
    await eventually(
      async () => Promise.all(ids.map(async (id) => (await ticket(id)).body)),
      (all) => expect(all.map((t) => [t.spam, t.status])).toEqual(ids.map(() => [true, 'closed'])),
    );
    await rowOf('Newsletter 1').waitFor({ state: 'detached' });
  });

  it('deletes a ticket after a confirmation, and an admin restores it from Deleted tickets', async () => {
    const created = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject: 'Delete me please',
      body: 'A test call',
      requester: { email: 'hal@example.org' },
    });
    expect(created.status).toBe(201);
    await page.goto(`/tickets/${created.body.id}`);
    await page.getByRole('button', { name: 'Ticket actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete ticket' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete ticket #\d+ Delete me please\?/ });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('An admin can restore it within 30 days');
    await dialog.getByRole('button', { name: 'Delete ticket' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/tickets/'));
    expect((await ticket(created.body.id)).status).toBe(404);

    await page.goto('/admin/deleted-tickets');
    const row = page.getByRole('row').filter({ hasText: 'Delete me please' });
    await row.waitFor();
    expect(await seriousA11yViolationsLightAndDark(page, 'deleted-tickets')).toEqual([]);
    await row.getByRole('button', { name: /Restore/ }).click();
    await page.getByText(`Ticket #${created.body.number} restored`).waitFor();
    await eventually(
      async () => (await ticket(created.body.id)).status,
      (status) => expect(status).toBe(200),
    );
    await row.waitFor({ state: 'detached' });
  });
});
