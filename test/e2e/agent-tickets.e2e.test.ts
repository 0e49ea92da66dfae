import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, launchChromium, newContext, screenshot, signInThroughForm } from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

interface TicketJson {
  id: number;
  number: number;
  subject: string;
  requesterId: number;
  requester: { email: string; name: string };
  messages: { bodyText: string; internal: boolean; author: { type: string } }[];
}
interface EventJson {
  action: string;
  field: string | null;
}

/**
 * Tickets agents write in themselves (issue 18), in Chromium against `npm start`: a phone
 * call from a new customer through the "New ticket" dialog, moving the ticket to another
 * requester from the side panel, and finding a customer and an organization through the
 * inbox search box's suggestions.
 */
describe('agent-written tickets in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let dana: { id: number };

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const org = await admin.request<{ id: number }>('POST', '/api/v1/organizations', {
      name: 'Quokka Logistics',
      domains: ['quokka.example'],
    });
    expect(org.status).toBe(201);
    const created = await admin.request<{ id: number; organizationId: number }>('POST', '/api/v1/customers', {
      email: 'dana.scully@quokka.example',
      name: 'Dana Scully',
    });
    expect(created.status).toBe(201);
    expect(created.body.organizationId).toBe(org.body.id);
    dana = created.body;
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/?status=new,open,pending,on_hold');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const ticket = async (id: number) => (await admin.request<TicketJson>('GET', `/api/v1/tickets/${id}`)).body;
  let phoneTicketId = 0;

  it('creates a phone ticket for a new customer from the New ticket dialog (shortcut c) and opens it', async () => {
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'New ticket' });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: /Requester/ }).fill('walter.bishop@example.org');
    await dialog.getByLabel('Name of the new customer').fill('Walter Bishop');
    await dialog.getByRole('textbox', { name: /Subject/ }).fill('Phone: invoice sent twice');
    await expect(dialog.getByRole('radio', { name: 'Phone call: the customer’s words' }).isChecked()).resolves.toBe(
      true,
    );
    await dialog.getByRole('textbox', { name: /Message/ }).fill('I was billed twice for March.');
    await dialog.getByLabel('Priority', { exact: true }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await screenshot(page, 'agent-tickets-new-ticket-dialog');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();

    await page.waitForURL(/\/tickets\/\d+$/);
    phoneTicketId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: /Phone: invoice sent twice/ }).waitFor();
    await page.getByTestId('requester').getByText('Walter Bishop').waitFor();
    const t = await ticket(phoneTicketId);
    expect(t.requester).toMatchObject({ email: 'walter.bishop@example.org', name: 'Walter Bishop' });
    expect(t.messages).toEqual([
      expect.objectContaining({
        bodyText: 'I was billed twice for March.',
        internal: false,
        author: expect.objectContaining({ type: 'customer' }),
      }),
    ]);
  });

  it('changes the requester to an existing customer found by name, with an audit entry', async () => {
    const panel = page.getByRole('complementary', { name: 'Details' });
    await panel.getByRole('button', { name: 'Change requester' }).click();
    await panel.getByRole('combobox', { name: /New requester/ }).fill('Dana');
    await page.getByRole('option', { name: 'Dana Scully <dana.scully@quokka.example>' }).click();
    await panel.getByText('Existing customer: Dana Scully').waitFor();
    await panel.getByRole('button', { name: 'Save requester' }).click();
    await page.getByTestId('requester').getByText('Dana Scully').waitFor();
    await page.getByTestId('organization-section').getByText('Quokka Logistics').waitFor();
    await screenshot(page, 'agent-tickets-requester-changed');
    expect((await ticket(phoneTicketId)).requesterId).toBe(dana.id);
    await eventually(
      async () =>
        (await admin.request<{ items: EventJson[] }>('GET', `/api/v1/tickets/${phoneTicketId}/events`)).body.items,
      (events) =>
        expect(events.filter((e) => e.action === 'updated').map((e) => e.field)).toEqual([
          'requesterId',
          'organizationId',
        ]),
    );
  });

  it('finds the customer and the organization through the search suggestions', async () => {
    await page.goto('/?status=new,open,pending,on_hold');
    const search = page.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill('dana');
    await page.getByRole('option', { name: 'Dana Scully <dana.scully@quokka.example>' }).click();
    await page.waitForURL(new RegExp(`requesterId=${dana.id}`));
    await page.getByRole('row').filter({ hasText: 'Phone: invoice sent twice' }).waitFor();
    await screenshot(page, 'agent-tickets-customer-suggestion');

    await search.fill('quokka');
    await page.getByRole('option', { name: 'Quokka Logistics' }).click();
    await page.waitForURL(/organizationId=\d+/);
    await page.getByRole('row').filter({ hasText: 'Phone: invoice sent twice' }).waitFor();
  });
});
