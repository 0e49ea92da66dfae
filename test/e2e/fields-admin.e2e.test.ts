import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  eventually,
  launchChromium,
  newContext,
  seriousA11yViolationsLightAndDark,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

interface FieldJson {
  id: number;
  key: string;
  type: string;
  options: { value: string; label: string; active: boolean }[];
  active: boolean;
}
interface FormJson {
  id: number;
  name: string;
  fieldIds: number[];
  visibleToCustomers: boolean;
}
interface TicketJson {
  id: number;
  formId: number | null;
  fields: Record<string, unknown>;
}

/**
 * The admin pages of custom fields and ticket forms (issue 15) in Chromium against `npm start`:
 * an admin adds a dropdown field (after the API refused a bad key, shown in the dialog) and a
 * form with it, ordered by buttons; an agent then sets that form and field on a ticket from the
 * side panel, and a customer picks the form on the contact form. Checked through the API.
 */
describe('custom fields and ticket forms admin in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let ticketId: number;
  let seatsId: number;

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const seats = await admin.request<FieldJson>('POST', '/api/v1/ticket-fields', {
      key: 'seats',
      label: 'Seats',
      type: 'number',
    });
    expect(seats.status).toBe(201);
    seatsId = seats.body.id;
    const made = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject: 'The widget broke',
      body: 'It stopped working this morning.',
      requester: { email: 'pat@example.org', name: 'Pat' },
    });
    expect(made.status).toBe(201);
    ticketId = made.body.id;
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/admin/fields');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const fields = async () => (await admin.request<{ items: FieldJson[] }>('GET', '/api/v1/ticket-fields')).body.items;
  const forms = async () => (await admin.request<{ items: FormJson[] }>('GET', '/api/v1/ticket-forms')).body.items;

  it('adds a dropdown field with its options, after showing why the API refused its key', async () => {
    await page.goto('/admin/fields');
    await page.getByRole('row').filter({ hasText: 'seats' }).waitFor();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add' });
    await dialog.getByLabel('Key').fill('Product Line');
    await dialog.getByLabel(/^Label/).fill('Product');
    await dialog.getByLabel(/^Type/).click();
    await page.getByRole('option', { name: 'Dropdown' }).click();
    await dialog.getByRole('button', { name: 'Add option' }).click();
    await dialog.getByLabel('Option 1: Value').fill('widget');
    await dialog.getByLabel('Option 1: Label').fill('Widget');
    await dialog.getByRole('button', { name: 'Add option' }).click();
    await dialog.getByLabel('Option 2: Value').fill('gadget');
    await dialog.getByLabel('Option 2: Label').fill('Gadget');
    // Gadget first, with the keyboard.
    await dialog.getByRole('button', { name: 'Move Option 2 (Gadget) up' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Save' }).click();

    const refusal = dialog.getByRole('alert');
    await refusal.getByText(/key must be lower-case letters/).waitFor();
    expect(await dialog.getByLabel('Key').getAttribute('aria-invalid')).toBe('true');
    expect((await fields()).map((f) => f.key)).toEqual(['seats']);
    expect(await seriousA11yViolationsLightAndDark(page)).toEqual([]);

    await dialog.getByLabel('Key').fill('product');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Gadget, Widget' }).waitFor();
    const product = (await fields()).find((f) => f.key === 'product');
    expect(product).toMatchObject({
      type: 'dropdown',
      active: true,
      options: [
        { value: 'gadget', label: 'Gadget', active: true },
        { value: 'widget', label: 'Widget', active: true },
      ],
    });
    // Shown to customers, so the contact form can offer it.
    await page.getByRole('row').filter({ hasText: 'product' }).getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit Product' });
    await editor.getByLabel('Visible to customers').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    await eventually(fields, (all) =>
      expect(all.find((f) => f.key === 'product')).toMatchObject({ visibleToCustomers: true }),
    );
  });

  it('adds a form with the field, its fields ordered with the keyboard, and offers it to customers', async () => {
    await page.goto('/admin/forms');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add' });
    await dialog.getByLabel('Name').fill('Hardware');
    const add = dialog.getByLabel('Add a field');
    for (const name of ['Seats (seats)', 'Product (product)']) {
      await add.click();
      await page.getByRole('option', { name }).click();
    }
    await dialog.getByRole('button', { name: 'Move Product up' }).focus();
    await page.keyboard.press('Enter');
    expect(await dialog.getByTestId('form-field').allInnerTexts()).toEqual([
      expect.stringContaining('Product'),
      expect.stringContaining('Seats'),
    ]);
    await dialog.getByLabel('Offered on the contact form').check();
    expect(await seriousA11yViolationsLightAndDark(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Product, Seats' }).waitFor();

    const product = (await fields()).find((f) => f.key === 'product')!;
    expect(await forms()).toEqual([
      expect.objectContaining({ name: 'Hardware', fieldIds: [product.id, seatsId], visibleToCustomers: true }),
    ]);
  });

  it("sets the ticket's form and the dropdown from the side panel", async () => {
    const read = async () => (await admin.request<TicketJson>('GET', `/api/v1/tickets/${ticketId}`)).body;
    const [form] = await forms();
    await page.goto(`/tickets/${ticketId}`);
    const section = page.getByTestId('fields-section');
    await section.getByTestId('field-form').click();
    await page.getByRole('option', { name: 'Hardware' }).click();
    await eventually(read, (t) => expect(t.formId).toBe(form.id));

    await section.locator('input[data-field=product]').focus();
    await page.keyboard.type('Gad');
    await page.getByRole('option', { name: 'Gadget' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(read, (t) => expect(t.fields).toEqual({ product: 'gadget' }));
  });

  it('lets a customer pick the form on the contact form and choose the dropdown', async () => {
    const customer = await browser.newPage({ baseURL: instance.baseURL });
    try {
      await customer.goto('/contact');
      await customer.getByLabel('Your name').fill('Quinn');
      await customer.getByLabel('Your email').fill('quinn@example.org');
      await customer.getByRole('combobox', { name: 'What is it about?' }).click();
      await customer.getByRole('option', { name: 'Hardware' }).click();
      await customer.getByLabel('Subject').fill('Gadget rattles');
      await customer.getByLabel('How can we help?').fill('It makes a noise.');
      // Seats is not visible to customers: only Product is offered.
      expect(await customer.getByLabel('Seats').count()).toBe(0);
      await customer.getByRole('combobox', { name: 'Product' }).click();
      await customer.getByRole('option', { name: 'Gadget' }).click();
      expect(await seriousA11yViolationsLightAndDark(customer)).toEqual([]);
      await customer.getByRole('button', { name: 'Send' }).click();
      const done = await customer.getByTestId('contact-done').innerText();
      const number = Number(/#(\d+)/.exec(done)![1]);
      const list = await admin.request<{ items: { id: number; number: number }[] }>('GET', '/api/v1/tickets');
      const { id } = list.body.items.find((t) => t.number === number)!;
      const made = (await admin.request<TicketJson>('GET', `/api/v1/tickets/${id}`)).body;
      const [form] = await forms();
      expect(made).toMatchObject({ formId: form.id, fields: { product: 'gadget' } });
    } finally {
      await customer.close();
    }
  });
});
