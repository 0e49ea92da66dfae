import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, seriousA11yViolations, signInThroughForm } from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The business rules' admin pages (issue 16) in Chromium against `npm start`: testing a
 * trigger against a ticket number, deleting one only after confirming, the failed runs
 * list, a group's round-robin cap, and an agent setting themselves away.
 */
describe('business rules admin in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let admin: ApiClient;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/admin/triggers');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  it('tests a trigger against a ticket number, and deletes it only after confirming', async () => {
    const tk = await admin.request<{ number: number }>('POST', '/api/v1/tickets', {
      subject: 'Urgent printer',
      body: 'It is on fire',
      requester: { email: 'pat@example.org' },
      priority: 'urgent',
    });
    expect(tk.status).toBe(201);
    const created = await admin.request<{ id: number }>('POST', '/api/v1/triggers', {
      title: 'Escalate urgent',
      active: false,
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
      actions: [{ field: 'add_tags', value: ['escalated'] }],
    });
    expect(created.status).toBe(201);
    const exists = async () =>
      (await admin.request<{ id: number }[]>('GET', '/api/v1/triggers')).body.some((r) => r.id === created.body.id);

    await page.goto('/admin/triggers');
    const row = page.getByTestId('rule-row').filter({ hasText: 'Escalate urgent' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit Escalate urgent' });
    await editor.getByLabel('Test against ticket number').fill(String(tk.body.number));
    await editor.getByRole('button', { name: 'Test', exact: true }).click();
    const outcome = editor.getByTestId('rule-test');
    await outcome.getByText('Matches').waitFor();
    expect(await outcome.innerText()).toContain('tags: [] → ["escalated"]');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete trigger “Escalate urgent”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await exists()).toBe(true);
    await row.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete trigger' }).click();
    await waitUntil(async () => !(await exists()));
    await row.waitFor({ state: 'detached' });
  });

  it('lists failed trigger runs under the triggers (none yet), accessibly', async () => {
    await page.goto('/admin/triggers');
    await page.getByTestId('failed-runs').getByText('No trigger run has failed').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("saves a group's round-robin cap from the group editor", async () => {
    const group = await admin.request<{ id: number }>('POST', '/api/v1/groups', { name: 'Billing', memberIds: [] });
    expect(group.status).toBe(201);
    const cap = async () =>
      (await admin.request<{ maxOpenPerAgent: number | null }>('GET', `/api/v1/groups/${group.body.id}/round-robin`))
        .body.maxOpenPerAgent;
    expect(await cap()).toBeNull();
    await page.goto('/admin/groups');
    await page.getByRole('row').filter({ hasText: 'Billing' }).getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit Billing' });
    await editor.getByLabel('Round-robin: most new and open tickets per agent').fill('3');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    await waitUntil(async () => (await cap()) === 3);
    // Reopened, the editor shows the stored cap; emptied, there is none.
    await page.getByRole('row').filter({ hasText: 'Billing' }).getByRole('button', { name: 'Edit' }).click();
    const input = editor.getByLabel('Round-robin: most new and open tickets per agent');
    await waitUntil(async () => (await input.inputValue()) === '3');
    await input.fill('');
    await editor.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => (await cap()) === null);
  });

  it('lets an agent set themselves away from the account menu, and back', async () => {
    const away = async () =>
      (await admin.request<{ userId: number; away: boolean }[]>('GET', '/api/v1/availability')).body.find(
        (a) => a.userId === admin.userId,
      )?.away;
    expect(await away()).toBe(false);
    await page.goto('/');
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Set yourself away (no tickets by round-robin)' }).click();
    await waitUntil(async () => (await away()) === true);
    // The menu stays open and now offers the way back.
    await page.getByRole('menuitem', { name: 'Back from away' }).click();
    await waitUntil(async () => (await away()) === false);
  });
});
