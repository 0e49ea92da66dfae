import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import {
  eventually,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolationsLightAndDark,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

/**
 * The notifications bell (issue 18) in Chromium against `npm start`: an agent is assigned a
 * ticket and mentioned on another by an admin (over the API); the bell's badge counts both
 * live, without a reload, the list names both, and opening one goes to its ticket and reads it.
 */
describe('the notifications bell in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  const dana = { email: 'dana@example.com', password: 'dana-password-1' };
  let danaId: number;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const created = await admin.request<{ id: number }>('POST', '/api/v1/users', {
      ...dana,
      name: 'Dana Agent',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    danaId = created.body.id;
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    page.on('websocket', (ws) => sockets.push(ws));
    await page.goto('/');
    await signInThroughForm(page, dana.email, dana.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const newTicket = async (subject: string) => {
    const res = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject,
      body: 'Hello',
      requester: { email: 'gina@example.org' },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const bell = () => page.getByRole('button', { name: 'Notifications', exact: true });
  const badge = () => page.getByTestId('notifications-count');

  it('counts an assignment and a mention live, and names both', async () => {
    await bell().waitFor();
    expect(await badge().count()).toBe(0);
    // The socket must be up before the events, or the bell learns of them only by polling.
    await eventually(
      async () => sockets.some((ws) => ws.url().includes('/socket.io/') && !ws.isClosed()),
      (open) => expect(open).toBe(true),
    );
    const printer = await newTicket('Printer on fire');
    const invoice = await newTicket('Invoice question');
    expect((await admin.request('PATCH', `/api/v1/tickets/${printer.id}`, { assigneeId: danaId })).status).toBe(200);
    expect(
      (
        await admin.request('POST', `/api/v1/tickets/${invoice.id}/messages`, {
          body: '@Dana please check',
          internal: true,
          mentions: [danaId],
        })
      ).status,
    ).toBe(201);
    // Well within the 10 s fallback poll: the live event did it.
    await eventually(
      () => badge().textContent(),
      (text) => expect(text).toBe('2'),
      8000,
    );
    await bell().click();
    const items = page.getByTestId('notification');
    await items.first().waitFor();
    expect(await items.allTextContents()).toEqual([
      expect.stringContaining(`mentioned you on #${invoice.number} Invoice question`),
      expect.stringContaining(`assigned #${printer.number} Printer on fire to you`),
    ]);
    await screenshot(page, 'notifications-bell');
    expect(await seriousA11yViolationsLightAndDark(page, 'notifications-bell')).toEqual([]);
  });

  it('opens the ticket of a notification and the count drops', async () => {
    const items = page.getByTestId('notification');
    if (!(await items.first().isVisible())) await bell().click();
    await items.filter({ hasText: 'Printer on fire' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    await page
      .getByRole('heading', { name: /Printer on fire/ })
      .first()
      .waitFor();
    await eventually(
      () => badge().textContent(),
      (text) => expect(text).toBe('1'),
    );
    expect(await seriousA11yViolationsLightAndDark(page, 'notifications-ticket')).toEqual([]);
  });
});
