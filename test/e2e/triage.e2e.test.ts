import type { Browser, Page } from 'playwright-core';
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
  unread: boolean;
  lastActor: string | null;
}

const OPEN_VIEW = '/?status=new,open,pending,on_hold';

/**
 * Triage in the inbox (issue 18) in Chromium against `npm start`: which tickets changed since
 * the agent looked (bold), which wait on us (the customer wrote last), the latest message's start
 * under the subject, opening a ticket marks it read, and the search box finds ticket numbers and
 * customers' addresses.
 */
describe('triage in the inbox in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let replied: TicketJson;
  let answered: TicketJson;

  const createTicket = async (subject: string, requester: string, body: string) => {
    const res = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject,
      body,
      requester: { email: requester, name: `Customer ${requester}` },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const listed = async (id: number) => {
    const res = await admin.request<{ items: TicketJson[] }>('GET', '/api/v1/tickets?limit=100');
    return res.body.items.find((t) => t.id === id)!;
  };
  const rowOf = (id: number) => page.locator(`[role="row"][data-ticket-id="${id}"]`);

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);

    replied = await createTicket('Printer jams on page two', 'dana.customer@example.org', 'It jams.');
    expect(
      (await admin.request('POST', `/api/v1/tickets/${replied.id}/messages`, { body: 'Try the rear tray.' })).status,
    ).toBe(201);
    // The customer answers through their portal link.
    const link = await admin.request<{ url: string }>('GET', `/api/v1/tickets/${replied.id}/portal-link`);
    const token = new URL(link.body.url).pathname.replace('/portal/', '');
    const reply = await fetch(`${instance.baseURL}/api/v1/public/tickets/${token}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Still   jamming\nafter the rear tray, sadly.' }),
    });
    expect(reply.status).toBe(201);

    answered = await createTicket('Invoice address change', 'erin.customer@example.org', 'Please change it.');
    await admin.request('POST', `/api/v1/tickets/${answered.id}/messages`, { body: 'Done, see the new invoice.' });
    expect((await admin.request('PUT', `/api/v1/tickets/${answered.id}/read`)).status).toBe(204);

    const ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto(OPEN_VIEW);
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  it('shows unread rows bold, a mark where the customer wrote last, and the latest message under the subject', async () => {
    await rowOf(replied.id).waitFor();
    await rowOf(answered.id).waitFor();
    await expect(rowOf(replied.id).getAttribute('data-unread')).resolves.not.toBeNull();
    await expect(rowOf(answered.id).getAttribute('data-unread')).resolves.toBeNull();
    const weight = (id: number) =>
      rowOf(id)
        .getByRole('link')
        .evaluate((el) => Number(getComputedStyle(el).fontWeight));
    expect(await weight(replied.id)).toBeGreaterThanOrEqual(700);
    expect(await weight(answered.id)).toBeLessThan(600);

    await expect(rowOf(replied.id).getByTestId('customer-replied').count()).resolves.toBe(1);
    await expect(rowOf(answered.id).getByTestId('customer-replied').count()).resolves.toBe(0);
    // Screen readers hear both facts with the row.
    const text = await rowOf(replied.id).innerText();
    expect(text).toContain('Still jamming after the rear tray, sadly.');
    expect(await rowOf(answered.id).innerText()).toContain('Done, see the new invoice.');
    expect(await rowOf(replied.id).textContent()).toMatch(/Unread: .*Customer replied: /);
    await screenshot(page, 'triage-inbox');
    expect(await seriousA11yViolationsLightAndDark(page, 'triage-inbox')).toEqual([]);
  });

  it('marks a ticket read when the agent opens it', async () => {
    await rowOf(replied.id).getByRole('link').click();
    await page.waitForURL(`**/tickets/${replied.id}`);
    await page.getByText('Still jamming', { exact: false }).first().waitFor();
    for (let i = 0; (await listed(replied.id)).unread; i++) {
      if (i > 50) throw new Error('the ticket stayed unread after opening it');
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goBack();
    await rowOf(replied.id).waitFor();
    await page.waitForFunction(
      (id) => document.querySelector(`[role="row"][data-ticket-id="${id}"]`)?.getAttribute('data-unread') === null,
      replied.id,
    );
    // Still waiting on us: the customer wrote last.
    await expect(rowOf(replied.id).getByTestId('customer-replied').count()).resolves.toBe(1);
  });

  it('opens the ticket of a number typed in the search box, with or without #', async () => {
    const search = page.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill(`#${answered.number}`);
    await search.press('Enter');
    await page.waitForURL(`**/tickets/${answered.id}`);
    await page.goto(OPEN_VIEW);
    await search.fill(String(replied.number));
    await search.press('Enter');
    await page.waitForURL(`**/tickets/${replied.id}`);
  });

  it("lists a customer's tickets for their address, and qualifiers narrow them", async () => {
    await page.goto(OPEN_VIEW);
    const search = page.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill('dana.customer@example.org');
    await search.press('Enter');
    await page.waitForURL(/q=dana.customer/);
    // The previous list stays on screen until the search answers: wait for the other ticket to go.
    await rowOf(answered.id).waitFor({ state: 'detached' });
    await rowOf(replied.id).waitFor();
    await expect(page.locator('[role="row"][data-ticket-id]').count()).resolves.toBe(1);

    await search.fill('requester:erin.customer status:open invoice');
    await search.press('Enter');
    await rowOf(replied.id).waitFor({ state: 'detached' });
    await rowOf(answered.id).waitFor();
    await expect(page.locator('[role="row"][data-ticket-id]').count()).resolves.toBe(1);
    await screenshot(page, 'triage-search');
  });
});
