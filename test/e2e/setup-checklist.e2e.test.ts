import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  eventually,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';
import { startRelay, TestRelay } from './support/relay';

/**
 * "Nothing goes out unseen" (issue 18) in Chromium against `npm start`: with no relay the
 * ticket page says replies cannot be emailed and how many wait; the admin area shows the
 * setup checklist, whose "Fix" leads to the relay page; a relay saved there and its test
 * mail (received by a real SMTP server) clear the checklist and the banner.
 */
describe('setup checklist in Chromium', () => {
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

  it('warns while replies cannot go out, and the checklist leads to a relay that works', async () => {
    const made = await admin.request<{ id: number }>('POST', '/api/v1/tickets', {
      subject: 'Is anyone there?',
      body: 'Hello?',
      requester: { email: 'waiting@customer.test' },
    });
    expect(made.status).toBe(201);
    expect(
      (await admin.request('POST', `/api/v1/tickets/${made.body.id}/messages`, { body: 'We are here.' })).status,
    ).toBe(201);

    await page.goto(`/tickets/${made.body.id}`);
    const banner = page.getByTestId('mail-out-banner');
    await banner.waitFor();
    const said = (await banner.textContent()) ?? '';
    expect(said).toContain('no outbound relay is configured');
    expect(said).toMatch(/\d+ mails? waits? in the outbox \(1 reply\)/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'mail-out-banner');

    await page.goto('/admin/users');
    const checklist = page.getByTestId('setup-checklist');
    await checklist.waitFor();
    const outgoing = page.getByTestId('setup-step-outgoing');
    expect(await outgoing.textContent()).toContain('to do');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'setup-checklist');
    await outgoing.getByRole('link', { name: 'Fix' }).click();
    await page.waitForURL('**/admin/relay');

    const relayUrl = relay.url;
    await page.getByLabel('Relay URL (smtp://user:pass@host:587)').fill(relayUrl);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByLabel('To', { exact: true }).fill('it@northwind.test');
    await page.getByRole('button', { name: 'Send test mail' }).click();
    const result = page.getByTestId('relay-test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/The relay took it: 250/);
    await eventually(
      async () => relay.received.find((m) => m.subject === 'Test mail from your help desk'),
      (m) => expect(m?.to && 'text' in m.to ? m.to.text : '').toContain('it@northwind.test'),
    );
    // Ready now: the checklist goes away, and the waiting reply goes out.
    await checklist.waitFor({ state: 'detached' });
    await eventually(
      async () => relay.received.some((m) => m.subject?.includes('Is anyone there?')),
      (sent) => expect(sent).toBe(true),
      20000,
    );
    await page.goto(`/tickets/${made.body.id}`);
    await page.getByText('We are here.').first().waitFor();
    await eventually(
      async () => page.getByTestId('mail-out-banner').count(),
      (n) => expect(n).toBe(0),
    );
    await screenshot(page, 'setup-done');
  });
});
