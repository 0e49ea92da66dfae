import type { ParsedMail } from 'mailparser';
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
import { startRelay, TestRelay } from './support/relay';

/**
 * Reply signatures (issue 17) in Chromium against `npm start`: an agent writes their job
 * title and signature on their account page; the composer shows what a reply will be
 * signed with (theirs above the mailbox's, placeholders filled in) and nothing for an
 * internal note; the reply the relay receives carries exactly that signature.
 */
describe('reply signatures in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startRelay();
    const relayUrl = relay.url;
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    expect((await admin.request('PUT', '/api/v1/settings/relay', { url: relayUrl })).status).toBe(200);
    // The mailbox a ticket written in through the API replies from: the first active one.
    const boxes = await admin.request<{ items: { id: number; active: boolean }[] } | { id: number; active: boolean }[]>(
      'GET',
      '/api/v1/mailboxes',
    );
    const list = Array.isArray(boxes.body) ? boxes.body : boxes.body.items;
    let mailboxId = list.filter((m) => m.active).sort((a, b) => a.id - b.id)[0]?.id;
    if (mailboxId === undefined) {
      const made = await admin.request<{ id: number }>('POST', '/api/v1/mailboxes', { address: 'help@northwind.test' });
      expect(made.status).toBe(201);
      mailboxId = made.body.id;
    }
    const edited = await admin.request('PATCH', `/api/v1/mailboxes/${mailboxId}`, {
      displayName: 'Northwind Help',
      signature: '{{agent.name}}, {{agent.title}}\n{{mailbox.name}} · support team',
    });
    expect(edited.status).toBe(200);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
    await relay?.close();
  });

  it('shows the signature a reply will carry, none on a note, and the relay gets it', async () => {
    await page.goto('/account');
    await page.getByLabel('Job title').fill('Support lead');
    await page.getByLabel('Signature', { exact: true }).fill('Kind regards, and thanks for your patience');
    await page
      .locator('form')
      .filter({ has: page.getByLabel('Job title') })
      .getByRole('button', { name: 'Save' })
      .click();
    await eventually(
      async () => (await admin.request<{ title: string }>('GET', `/api/v1/users/${admin.userId}`)).body.title,
      (v) => expect(v).toBe('Support lead'),
    );

    const customer = 'olivia@customer.test';
    const made = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'Where is my order?',
      body: 'It was due on Monday.',
      requester: { email: customer, name: 'Olivia' },
    });
    expect(made.status).toBe(201);
    await page.goto(`/tickets/${made.body.id}`);
    const preview = page.getByTestId('reply-signature');
    await preview.waitFor();
    const shown = (await preview.textContent()) ?? '';
    expect(shown).toContain('Kind regards, and thanks for your patience');
    expect(shown).toContain('Administrator, Support lead');
    expect(shown).toContain('Northwind Help · support team');
    expect(shown.indexOf('Kind regards')).toBeLessThan(shown.indexOf('Administrator, Support lead'));
    expect(await seriousA11yViolationsLightAndDark(page, 'reply-signature')).toEqual([]);

    // An internal note goes to nobody outside: no signature.
    await page.locator('.composer').getByText('Internal note', { exact: true }).click();
    await preview.waitFor({ state: 'detached' });
    await page.locator('.composer').getByText('Public reply', { exact: true }).click();
    await preview.waitFor();

    await page.locator('#composer-body').fill('It left our warehouse this morning.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    let mail: ParsedMail | undefined;
    await eventually(
      async () => (mail = relay.received.find((m) => m.subject?.includes('Where is my order?'))),
      (m) => expect(m).toBeDefined(),
      20000,
    );
    const text = mail!.text ?? '';
    expect(text).toContain('It left our warehouse this morning.');
    expect(text).toContain('Kind regards, and thanks for your patience');
    expect(text).toContain('Administrator, Support lead');
    expect(text).toContain('Northwind Help · support team');
    expect(text).not.toContain('{{');
    await screenshot(page, 'reply-signature-sent');
  });
});
