import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  eventually,
  launchChromium,
  newContext,
  seriousA11yViolationsLightAndDark,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

interface TicketJson {
  id: number;
  number: number;
  subject: string;
  formId: number | null;
  organizationId: number | null;
  fields: Record<string, unknown>;
}
interface OrganizationJson {
  id: number;
  name: string;
  domains: string[];
  notes: string;
  tags: string[];
}
interface CustomerJson {
  id: number;
  email: string;
  organizationId: number | null;
}

/**
 * The ticket model in the agent UI (issue 15), in Chromium against `npm start`: a ticket's
 * form and custom fields edited from the side panel with the keyboard alone; an
 * organization's page (details, members moved in and out, its tickets), reached from the
 * ticket's side panel; links, merge and split from the side panel and the conversation;
 * following, and an @-mention picked in a note reaching the agent's mentions inbox. What
 * the UI saved is read back through the API.
 */
describe('the ticket model in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let acme: OrganizationJson;
  let ticket: TicketJson;
  let form: { id: number };

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const field = async (body: Record<string, unknown>) => {
      const res = await admin.request<{ id: number }>('POST', '/api/v1/ticket-fields', body);
      expect([body.key, res.status]).toEqual([body.key, 201]);
      return res.body.id;
    };
    const ids = [
      await field({
        key: 'plan',
        label: 'Plan',
        type: 'dropdown',
        options: [
          { value: 'free', label: 'Free' },
          { value: 'pro', label: 'Pro' },
          { value: 'enterprise', label: 'Enterprise' },
        ],
      }),
      await field({ key: 'seats', label: 'Seats', type: 'number' }),
      await field({ key: 'invoice', label: 'Invoice', type: 'regex', pattern: 'INV-[0-9]{4}' }),
      await field({ key: 'vip', label: 'VIP', type: 'checkbox' }),
    ];
    // A field outside the form: not shown on a ticket with the form until it holds a value.
    await field({ key: 'internal_ref', label: 'Internal reference', type: 'text' });
    const formRes = await admin.request<{ id: number }>('POST', '/api/v1/ticket-forms', {
      name: 'Billing question',
      fieldIds: ids,
    });
    expect(formRes.status).toBe(201);
    form = formRes.body;

    const org = await admin.request<OrganizationJson>('POST', '/api/v1/organizations', {
      name: 'Acme Corp',
      domains: ['acme.example'],
      tags: ['enterprise'],
    });
    expect(org.status).toBe(201);
    acme = org.body;
    // The requester's domain puts them (and so the ticket) in Acme.
    const made = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject: 'Invoice for March is wrong',
      body: 'We were billed twice.',
      requester: { email: 'buyer@acme.example', name: 'Bea Buyer' },
    });
    expect(made.status).toBe(201);
    ticket = made.body;
    expect(ticket.organizationId).toBe(acme.id);
    const other = await admin.request('POST', '/api/v1/tickets', {
      subject: 'Another Acme request',
      body: 'Second one.',
      requester: { email: 'ops@acme.example', name: 'Otto Ops' },
    });
    expect(other.status).toBe(201);

    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const read = async () => (await admin.request<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`)).body;

  it('edits the form and each field type from the side panel with the keyboard, and refuses a value off the pattern', async () => {
    await page.goto(`/tickets/${ticket.id}`);
    const section = page.getByTestId('fields-section');
    await section.waitFor();

    // The form: a select, chosen with the arrows and Enter.
    const formSelect = section.getByTestId('field-form');
    await formSelect.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Billing question' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await read()).formId,
      (v) => expect(v).toBe(form.id),
    );
    // Without a value, the field outside the form is not offered.
    await section.getByLabel('Seats').waitFor();
    expect(await section.getByLabel('Internal reference').count()).toBe(0);

    // A dropdown: typed to filter, picked with Enter.
    await section.locator('input[data-field=plan]').focus();
    await page.keyboard.type('Pro');
    await page.getByRole('option', { name: 'Pro' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await read()).fields.plan,
      (v) => expect(v).toBe('pro'),
    );

    // A number: saved on Enter, as a number.
    await section.getByLabel('Seats').focus();
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await read()).fields.seats,
      (v) => expect(v).toBe(25),
    );

    // A pattern: a value off it is flagged and not sent; a matching one is saved on Enter.
    const invoice = section.getByLabel('Invoice');
    await invoice.focus();
    await page.keyboard.type('INV-12');
    await page.keyboard.press('Enter');
    await section.getByText('INV-[0-9]{4}').waitFor();
    await page.keyboard.type('34');
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await read()).fields.invoice,
      (v) => expect(v).toBe('INV-1234'),
    );

    // A checkbox: Space.
    await section.getByLabel('VIP').focus();
    await page.keyboard.press('Space');
    await eventually(
      async () => (await read()).fields.vip,
      (v) => expect(v).toBe(true),
    );

    // Cleared by emptying it: the value is gone, not stored as an empty string.
    await section.getByLabel('Seats').fill('');
    await section.getByLabel('Seats').press('Enter');
    await eventually(
      async () => (await read()).fields.seats,
      (v) => expect(v).toBeUndefined(),
    );

    // A reload shows what was saved.
    await page.reload();
    await section.waitFor();
    expect(await section.locator('input[data-field=plan]').inputValue()).toBe('Pro');
    expect(await section.getByLabel('Invoice').inputValue()).toBe('INV-1234');
    expect(await section.getByLabel('VIP').isChecked()).toBe(true);
    expect(await seriousA11yViolationsLightAndDark(page, 'ticket-model-fields')).toEqual([]);
  });

  it("shows the ticket's organization and its other tickets, and its page edits details and members", async () => {
    await page.goto(`/tickets/${ticket.id}`);
    const orgSection = page.getByTestId('organization-section');
    await orgSection.getByText('Another Acme request').waitFor();
    await orgSection.getByRole('link', { name: 'Acme Corp' }).click();
    await page.waitForURL(`**/organizations/${acme.id}`);
    await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();

    // Both Acme tickets, and both people whose address is at its domain.
    const tickets = page.getByRole('region', { name: 'Tickets' });
    await tickets.getByText('Invoice for March is wrong').waitFor();
    await tickets.getByText('Another Acme request').waitFor();
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByText('buyer@acme.example').waitFor();
    await members.getByText('ops@acme.example').waitFor();
    expect(await seriousA11yViolationsLightAndDark(page, 'ticket-model-organization')).toEqual([]);

    // Details: a second domain and notes, saved together.
    const domains = page.getByRole('combobox', { name: 'Email domains' });
    await domains.focus();
    await page.keyboard.type('acme-corp.example');
    await page.keyboard.press('Enter');
    await page.getByLabel('Notes').fill('Pays yearly; billing contact is Bea.');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(
      async () => (await admin.request<OrganizationJson>('GET', `/api/v1/organizations/${acme.id}`)).body,
      (v) =>
        expect({ ...v, domains: [...v.domains].sort() }).toMatchObject({
          domains: ['acme-corp.example', 'acme.example'],
          notes: 'Pays yearly; billing contact is Bea.',
        }),
    );

    // Members: one moved out, someone from elsewhere moved in.
    const customer = async (email: string) =>
      (await admin.request<{ items: CustomerJson[] }>('GET', `/api/v1/customers?q=${encodeURIComponent(email)}`)).body
        .items[0];
    await members.getByRole('button', { name: 'Remove Otto Ops from the organization' }).click();
    await eventually(
      async () => (await customer('ops@acme.example')).organizationId,
      (v) => expect(v).toBeNull(),
    );
    await eventually(
      () => members.getByText('ops@acme.example').count(),
      (v) => expect(v).toBe(0),
    );

    const outsider = await admin.request('POST', '/api/v1/tickets', {
      subject: 'From a personal address',
      body: 'Hello',
      requester: { email: 'carla@elsewhere.example', name: 'Carla Contractor' },
    });
    expect(outsider.status).toBe(201);
    expect((await customer('carla@elsewhere.example')).organizationId).toBeNull();
    await members.getByRole('combobox', { name: 'Move a customer here' }).fill('carla');
    await page.getByRole('option', { name: /carla@elsewhere\.example/ }).click();
    await eventually(
      async () => (await customer('carla@elsewhere.example')).organizationId,
      (v) => expect(v).toBe(acme.id),
    );
    await members.getByText('carla@elsewhere.example').waitFor();
  });

  it('lists organizations by name or domain, and creates one', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Organizations' }).click();
    await page.waitForURL('**/organizations');
    await page.getByRole('link', { name: 'Acme Corp' }).waitFor();
    await page.getByLabel('Search by name or domain').fill('acme-corp.example');
    await page.getByRole('link', { name: 'Acme Corp' }).waitFor();
    await page.getByLabel('Search by name or domain').fill('Globex');
    await eventually(
      () => page.getByRole('link', { name: 'Acme Corp' }).count(),
      (v) => expect(v).toBe(0),
    );

    await page.getByLabel('New organization').fill('Globex');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('heading', { name: 'Globex' }).waitFor();
    const list = await admin.request<{ items: OrganizationJson[] }>('GET', '/api/v1/organizations?q=Globex');
    expect(list.body.items.map((o) => o.name)).toEqual(['Globex']);
    expect(page.url()).toMatch(new RegExp(`/organizations/${list.body.items[0].id}$`));
  });
  const newTicket = async (subject: string) => {
    const res = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
      subject,
      body: `First message of ${subject}`,
      requester: { email: `${subject.toLowerCase().replace(/\W+/g, '-')}@example.org` },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const detail = async (id: number) =>
    (
      await admin.request<
        TicketJson & {
          status: string;
          links: { kind: string; direction: string; ticket: { id: number } }[];
          followers: { users: { id: number }[] };
          messages: { bodyText: string }[];
        }
      >('GET', `/api/v1/tickets/${id}`)
    ).body;
  /** Finds a ticket in the open picker by its number and chooses it with the keyboard (Space on its radio). */
  const pick = async (ticketNumber: number) => {
    await page.getByTestId('ticket-picker-search').fill(`#${ticketNumber}`);
    const radio = page.getByRole('radio', { name: new RegExp(`^#${ticketNumber} `) });
    await radio.focus();
    await page.keyboard.press('Space');
  };

  it('links a ticket and removes the link, merges a ticket into another, and splits a message off', async () => {
    const printer = await newTicket('Printer jams on tray 2');
    const again = await newTicket('Printer still jamming');
    const toner = await newTicket('Toner order');

    // Link: related to the toner order, shown on both sides, then removed.
    await page.goto(`/tickets/${printer.id}`);
    const links = page.getByTestId('links-section');
    await links.getByRole('button', { name: 'Link a ticket' }).click();
    await pick(toner.number);
    await page.getByRole('dialog').getByRole('button', { name: 'Link' }).click();
    await links.getByRole('link', { name: `#${toner.number} Toner order` }).waitFor();
    expect((await detail(toner.id)).links).toEqual([
      expect.objectContaining({ kind: 'related', ticket: expect.objectContaining({ id: printer.id }) }),
    ]);
    await links.getByRole('button', { name: `Remove link to #${toner.number}` }).click();
    await eventually(
      async () => (await detail(toner.id)).links,
      (v) => expect(v).toEqual([]),
    );

    // Merge: the second report goes into the first; its message moves and it closes.
    await page.goto(`/tickets/${again.id}`);
    await page.getByRole('button', { name: 'Merge into another ticket…' }).click();
    await pick(printer.number);
    await page.getByRole('button', { name: `Merge into #${printer.number}` }).click();
    await page.waitForURL(`**/tickets/${printer.id}`);
    await page.locator('article').filter({ hasText: 'First message of Printer still jamming' }).waitFor();
    const source = await detail(again.id);
    expect(source.status).toBe('closed');
    expect((await detail(printer.id)).messages.map((m) => m.bodyText)).toContain(
      'First message of Printer still jamming',
    );

    // Split: that message leaves again, into a new ticket linked to this one.
    const moved = page.locator('article').filter({ hasText: 'First message of Printer still jamming' });
    await moved.getByRole('button', { name: 'Split off this message into a new ticket' }).click();
    await page.getByRole('dialog').getByLabel('Subject').fill('Tray 3 is jamming too');
    await page.getByRole('dialog').getByRole('button', { name: 'Split off', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/tickets/${printer.id}`));
    const splitId = Number(page.url().split('/').pop());
    const split = await detail(splitId);
    expect(split.subject).toBe('Tray 3 is jamming too');
    expect(split.messages.map((m) => m.bodyText)).toEqual(['First message of Printer still jamming']);
    expect(split.links.map((l) => l.ticket.id)).toContain(printer.id);
    expect((await detail(printer.id)).messages.map((m) => m.bodyText)).not.toContain(
      'First message of Printer still jamming',
    );
  });

  it('follows a ticket, and an @-mention picked from the suggestions in a note reaches the agent', async () => {
    const made = await admin.request<{ id: number }>('POST', '/api/v1/users', {
      email: 'dana@example.com',
      password: 'dana-password-1',
      name: 'Dana Smith',
      role: 'agent',
    });
    expect(made.status).toBe(201);
    const dana = await instance.login({ email: 'dana@example.com', password: 'dana-password-1' });
    const t = await newTicket('Refund for order 991');

    await page.goto(`/tickets/${t.id}`);
    await page.getByTestId('followers-section').getByRole('button', { name: 'Follow' }).click();
    await eventually(
      async () => (await detail(t.id)).followers.users.map((u) => u.id),
      (v) => expect(v).toContain(admin.userId),
    );

    await page.locator('.composer').getByText('Internal note', { exact: true }).click();
    const box = page.locator('#composer-body');
    await box.focus();
    await page.keyboard.type('Can you approve this, @Da');
    await page.getByRole('option', { name: /Dana Smith/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('? Thanks');
    expect(await box.innerText()).toBe('Can you approve this, @Dana Smith ? Thanks');
    await page.keyboard.press('Control+Enter');
    await eventually(
      async () =>
        (await dana.request<{ items: { ticket: { id: number }; internal: boolean }[] }>('GET', '/api/v1/mentions')).body
          .items,
      (v) =>
        expect(v).toEqual([expect.objectContaining({ ticket: expect.objectContaining({ id: t.id }), internal: true })]),
    );

    // Dana's side: the sidebar counts the unread mention, the mentions inbox lists it, and
    // opening the ticket from there reads it.
    const danaCtx = await newContext(browser, instance.baseURL);
    try {
      const danaPage = await danaCtx.newPage();
      await danaPage.goto('/');
      await signInThroughForm(danaPage, 'dana@example.com', 'dana-password-1');
      expect(await danaPage.getByTestId('count-mentions').textContent()).toBe('1');
      await danaPage.getByRole('link', { name: /^Mentions/ }).click();
      const item = danaPage.getByRole('listitem', { name: `Administrator mentioned you on #${t.number}` });
      await item.getByText('Unread').waitFor();
      expect(await item.textContent()).toContain('Can you approve this, @Dana Smith ? Thanks');
      expect(await seriousA11yViolationsLightAndDark(danaPage, 'mentions-inbox')).toEqual([]);
      await item.getByRole('link', { name: `#${t.number} Refund for order 991` }).click();
      await danaPage.waitForURL(`**/tickets/${t.id}`);
      await eventually(
        async () => (await dana.request<{ unread: number }>('GET', '/api/v1/mentions/unread')).body.unread,
        (v) => expect(v).toBe(0),
      );
      await danaPage.getByTestId('count-mentions').waitFor({ state: 'detached' });
    } finally {
      await danaCtx.close();
    }
  });

  it('filters the inbox by a custom field from a chip, and removes the chip', async () => {
    const made = async (subject: string, plan: string) => {
      const res = await admin.request<TicketJson>('POST', '/api/v1/tickets', {
        subject,
        body: 'About our plan',
        requester: { email: 'planner@example.org' },
        fields: { plan },
      });
      expect(res.status).toBe(201);
    };
    await made('Upgrade path for the Pro plan', 'pro');
    await made('Question about the Free plan', 'free');
    await page.goto('/?status=new,open');
    const rows = page.getByRole('table', { name: 'Inbox' });
    await rows.getByText('Question about the Free plan').waitFor();

    await page.getByRole('button', { name: '+ Field' }).click();
    // Mantine labels a select's option list with the select's label too: the input is the one to click.
    await page.getByLabel('Field', { exact: true }).and(page.locator('input')).click();
    await page.getByRole('option', { name: 'Plan' }).click();
    // The options of a dropdown field, by keyboard: focus the picker and open its list.
    await page.getByRole('combobox', { name: 'Any of' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Pro' }).click();
    // Away from the picker (Escape would close the whole popover).
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();

    await page.waitForURL(/field\.plan=pro/);
    const chips = page.getByRole('group', { name: 'Custom field filters' });
    await chips.getByText('Plan: Pro').waitFor();
    await rows.getByText('Upgrade path for the Pro plan').waitFor();
    await rows.getByText('Question about the Free plan').waitFor({ state: 'detached' });

    await chips.getByRole('button', { name: 'Remove the Plan filter' }).click();
    await rows.getByText('Question about the Free plan').waitFor();
    expect(page.url()).not.toContain('field.plan');
  });
});
