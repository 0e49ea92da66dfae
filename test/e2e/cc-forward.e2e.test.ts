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

const addresses = (field: ParsedMail['cc']) => [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

/**
 * CC and forward from the composer (issue 18) in Chromium against `npm start`: an agent
 * puts someone on Cc of a reply (the relay gets the Cc header, the conversation shows it),
 * and forwards the customer's message to a vendor from that message's Forward action (the
 * relay gets the agent's text with the message quoted; the conversation shows "Forwarded
 * to …" as an internal message). axe stays clean in light and dark mode.
 */
describe('CC and forward in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startRelay();
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    expect((await admin.request('PUT', '/api/v1/settings/relay', { url: relay.url })).status).toBe(200);
    const boxes = await admin.request<{ items: { id: number; active: boolean }[] }>('GET', '/api/v1/mailboxes');
    if (!boxes.body.items.some((m) => m.active))
      expect(
        (await admin.request('POST', '/api/v1/mailboxes', { address: 'help@northwind.test', displayName: 'Northwind' }))
          .status,
      ).toBe(201);
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

  it('sends a reply with Cc and forwards the customer’s message to a vendor', async () => {
    const made = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'Cracked display',
      body: 'The display arrived cracked in two places.',
      requester: { email: 'olivia@customer.test', name: 'Olivia' },
    });
    expect(made.status).toBe(201);
    await page.goto(`/tickets/${made.body.id}`);
    const composer = page.locator('.composer');

    // Cc on the reply.
    await composer.getByRole('button', { name: 'Cc: add or remove people copied on this reply' }).click();
    const cc = composer.getByLabel('Cc', { exact: true });
    await cc.fill('manager@customer.test');
    await cc.press('Enter');
    await page.locator('#composer-body').fill('We are sending a replacement today.');
    await screenshot(page, 'cc-reply-composer');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    let reply: ParsedMail | undefined;
    await eventually(
      async () => (reply = relay.received.find((m) => m.text?.includes('We are sending a replacement today.'))),
      (m) => expect(m).toBeDefined(),
      20000,
    );
    expect(addresses(reply!.cc)).toEqual(['manager@customer.test']);
    expect(addresses(reply!.to)).toEqual(['olivia@customer.test']);
    await page.getByTestId('message-cc').filter({ hasText: 'Cc: manager@customer.test' }).waitFor();

    // Forward the customer's message from its own Forward action.
    await page.getByRole('button', { name: 'Forward the message of Olivia' }).click();
    const dialog = page.getByRole('dialog', { name: `Forward from ticket #${made.body.number}` });
    await dialog.waitFor();
    const to = dialog.getByLabel('To', { exact: false }).first();
    await to.fill('parts@vendor.test');
    await to.press('Enter');
    await dialog.getByLabel('Your text').fill('Please ship a replacement display for this customer.');
    expect(await dialog.getByRole('checkbox', { checked: true }).count()).toBe(1);
    expect(await seriousA11yViolationsLightAndDark(page, 'forward-dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    let forwarded: ParsedMail | undefined;
    await eventually(
      async () => (forwarded = relay.received.find((m) => addresses(m.to).includes('parts@vendor.test'))),
      (m) => expect(m).toBeDefined(),
      20000,
    );
    expect(forwarded!.subject).toBe(`Fwd: Cracked display [#${made.body.number}]`);
    expect(forwarded!.text).toContain('Please ship a replacement display for this customer.');
    expect(forwarded!.text).toContain('---------- Forwarded message ----------');
    expect(forwarded!.text).toContain('The display arrived cracked in two places.');
    // The customer got the reply only.
    expect(relay.received.filter((m) => addresses(m.to).includes('olivia@customer.test'))).toHaveLength(1);

    // The conversation shows both: the Cc on the reply, the forward as an internal message.
    const forward = page.getByTestId('forwarded-to').filter({ hasText: 'Forwarded to parts@vendor.test' });
    await forward.waitFor();
    expect(await page.locator('article', { has: forward }).getAttribute('data-kind')).toBe('note');
    await page.getByTestId('message-cc').first().waitFor();
    expect(await seriousA11yViolationsLightAndDark(page, 'cc-forward-conversation')).toEqual([]);
    await screenshot(page, 'cc-forward-conversation');
  });
});
