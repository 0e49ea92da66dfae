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

const OPEN_VIEW = '/?status=new,open,pending,on_hold&automatic=false';
const SUBJECT = 'Scanner jams on every page';
const TEXT = 'Half a note: the scanner rollers were replaced in May';

/**
 * Drafts (issue 18) in Chromium against `npm start`: what an agent types in a ticket's
 * composer (text, note mode, an attached file) is kept on the server as their draft. Leaving asks first and says it is kept;
 * the inbox row says "Draft"; reopening, reloading and another device (a second browser
 * context signed in as the same agent) bring the text back; sending it removes the draft
 * from the list and the composer.
 */
describe('drafts in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let other: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let ticketId: number;

  const rowOf = (p: Page) => p.getByRole('row').filter({ hasText: SUBJECT });
  const composer = (p: Page) => p.locator('#composer-body');
  /** The composer's text (the rich-text editor's, without its trailing line break). */
  const composerText = async (p: Page) => (await composer(p).innerText()).trim();
  const draftStatus = async () => (await admin.request('GET', `/api/v1/tickets/${ticketId}/draft`)).status as number;
  /** Reloads, confirming the browser's "leave site?" question the unsent text raises. */
  const reload = async (p: Page) => {
    const confirm = (d: { accept(): Promise<void> }) => void d.accept();
    p.on('dialog', confirm);
    await p.reload();
    p.off('dialog', confirm);
  };

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const made = await admin.request<{ id: number }>('POST', '/api/v1/tickets', {
      subject: SUBJECT,
      body: 'Our office scanner jams on every page since Monday.',
      requester: { email: 'olivia@customer.test', name: 'Olivia' },
    });
    expect(made.status).toBe(201);
    ticketId = made.body.id;
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  it('keeps what was typed as a draft on leaving, and marks the row "Draft"', async () => {
    await page.goto(OPEN_VIEW);
    await rowOf(page).getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { name: new RegExp(SUBJECT) }).waitFor();
    await page.locator('.composer').getByText('Internal note', { exact: true }).click();
    await composer(page).click();
    await page.keyboard.type(TEXT);
    await page.locator('.composer input[type=file]').setInputFiles({
      name: 'scanner-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('E-203 paper jam, tray 2\n'),
    });
    await page.locator('.composer').getByText('scanner-log.txt').waitFor();

    // Leaving at once (before the 1.5 s save): the dialog says the text is kept, and it is.
    await page.getByRole('link', { name: /Back to inbox/ }).click();
    const ask = page.getByRole('dialog', { name: 'Leave without sending?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('It is kept as a draft');
    await screenshot(page, 'drafts-leave');
    await ask.getByRole('button', { name: 'Leave, keep the draft' }).click();

    await rowOf(page).getByTestId('draft-mark').waitFor();
    expect(await rowOf(page).getByTestId('draft-mark').textContent()).toBe('Draft');
    expect(await draftStatus()).toBe(200);
    expect(await seriousA11yViolationsLightAndDark(page, 'drafts-inbox')).toEqual([]);
  });

  it('restores it on reopening and after a reload, note mode included', async () => {
    await rowOf(page).getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { name: new RegExp(SUBJECT) }).waitFor();
    await eventually(
      () => composerText(page),
      (v) => expect(v).toBe(TEXT),
    );
    expect(await page.locator('.composer').getAttribute('data-mode')).toBe('note');
    await page
      .locator('.composer')
      .getByText(/scanner-log\.txt/)
      .waitFor();

    // An edit is saved 1.5 s after the last key, without leaving.
    await composer(page).press('End');
    await page.keyboard.type(' and again in October.');
    await eventually(
      async () => (await admin.request<{ body: string }>('GET', `/api/v1/tickets/${ticketId}/draft`)).body.body,
      (b) => expect(b).toBe(`${TEXT} and again in October.`),
    );

    await reload(page);
    await page.getByRole('heading', { name: new RegExp(SUBJECT) }).waitFor();
    await eventually(
      () => composerText(page),
      (v) => expect(v).toBe(`${TEXT} and again in October.`),
    );
    expect(await page.locator('.composer').getAttribute('data-mode')).toBe('note');
    await page
      .locator('.composer')
      .getByText(/scanner-log\.txt/)
      .waitFor();
    await screenshot(page, 'drafts-restored');
  });

  it('follows the agent to another device', async () => {
    other = await newContext(browser, instance.baseURL);
    const second = await other.newPage();
    await second.goto(OPEN_VIEW);
    await signInThroughForm(second, instance.admin.email, instance.admin.password);
    await rowOf(second).getByTestId('draft-mark').waitFor();
    await second.goto(`/tickets/${ticketId}`);
    await eventually(
      () => composerText(second),
      (v) => expect(v).toBe(`${TEXT} and again in October.`),
    );
    await second
      .locator('.composer')
      .getByText(/scanner-log\.txt/)
      .waitFor();
    await other.close();
  });

  it('sending it removes the draft from the composer and the list', async () => {
    await page.getByRole('button', { name: 'Add note', exact: true }).click();
    await page.getByText(`${TEXT} and again in October.`).first().waitFor();
    await eventually(
      () => composerText(page),
      (v) => expect(v).toBe(''),
    );
    expect(await draftStatus()).toBe(404);
    // The file went with the note.
    expect(
      await page
        .locator('.composer')
        .getByText(/scanner-log\.txt/)
        .count(),
    ).toBe(0);

    // Leaving asks nothing now, and the row no longer says Draft.
    await page.getByRole('link', { name: /Back to inbox/ }).click();
    await rowOf(page).waitFor();
    expect(await rowOf(page).getByTestId('draft-mark').count()).toBe(0);
    // Nor after a fresh load, nor does the ticket bring the text back.
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { name: new RegExp(SUBJECT) }).waitFor();
    await page.waitForTimeout(500);
    expect(await composerText(page)).toBe('');
    await screenshot(page, 'drafts-sent');
  });
});
