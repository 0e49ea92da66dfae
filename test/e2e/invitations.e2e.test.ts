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
import { Instance, startInstance } from './support/instance';
import { startRelay, TestRelay } from './support/relay';

/**
 * Invitations, "forgot password" and one's own password (issue 18, "Phone and admin") in
 * Chromium against `npm start`, with a real SMTP server as the relay: the mails are sent,
 * and their links are what the agent opens. An admin invites an agent from Admin › Users;
 * the invitation's link sets a password once; "forgot password" answers the same for any
 * address and mails only real accounts a link that replaces the old password; the account
 * page changes the password (current one checked) and name, and signs the other sessions out.
 */
describe('invitations and passwords in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let relay: TestRelay;
  let adminCtx: BrowserContext;
  const agent = { email: 'riley@northwind.test', name: 'Riley Chen', password: '' };

  /** The newest mail to `to` with this subject, once the relay has it. */
  const mailTo = async (to: string, subject: string, after = 0): Promise<ParsedMail> => {
    let found: ParsedMail | undefined;
    await eventually(
      async () =>
        (found = relay.received.slice(after).find((m) => m.subject === subject && recipients(m).includes(to))),
      (m) => expect(m).toBeDefined(),
      20000,
    );
    return found!;
  };
  const recipients = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
  const linkIn = (m: ParsedMail) => {
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(m.text ?? '')?.[0];
    expect(link).toBeDefined();
    return link!;
  };

  /** Opens a set-password link in `page` and submits `password` twice. */
  const setPassword = async (page: Page, link: string, password: string) => {
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('New password').fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Set password' }).click();
  };

  /** A fresh browser (no cookies) at `path`. */
  const freshPage = async (path: string) => {
    const ctx = await newContext(browser, instance.baseURL);
    const page = await ctx.newPage();
    await page.goto(path);
    return page;
  };

  beforeAll(async () => {
    relay = await startRelay();
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    const admin = await instance.login(instance.admin);
    expect((await admin.request('PUT', '/api/v1/settings/relay', { url: relay.url })).status).toBe(200);
    adminCtx = await newContext(browser, instance.baseURL);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
    await relay?.close();
  });

  it('an admin invites an agent by mail; the link sets a password once', async () => {
    const page = await adminCtx.newPage();
    await page.goto('/admin/users');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(agent.email);
    await dialog.getByLabel('Name').fill(agent.name);
    // An invitation asks for no password: the agent chooses it.
    expect(await dialog.getByRole('checkbox', { name: /Send an invitation/ }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Password (10+ characters)').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: agent.email }).waitFor();

    const invitation = await mailTo(agent.email, 'You are invited to the help desk');
    expect(invitation.text).toContain(`Hello ${agent.name}`);
    expect(invitation.text).toContain('expires in 7 days');
    const link = linkIn(invitation);
    expect(link.startsWith(`${instance.baseURL}/reset-password?token=`)).toBe(true);

    const invited = await freshPage(link);
    await invited.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await seriousA11yViolationsLightAndDark(invited, 'set-password')).toEqual([]);
    // Too short: the form says so (the browser's check of the field's minimum) and sends nothing.
    const newPassword = invited.getByLabel('New password');
    await newPassword.fill('short');
    await invited.getByLabel('Repeat the password').fill('short');
    await invited.getByRole('button', { name: 'Set password' }).click();
    expect(await newPassword.evaluate((el: HTMLInputElement) => el.validationMessage)).toMatch(/10 characters/);
    expect(new URL(invited.url()).pathname).toBe('/reset-password');
    // Two different passwords: said on the second field.
    await newPassword.fill('a-long-enough-password');
    await invited.getByLabel('Repeat the password').fill('a-different-password');
    await invited.getByRole('button', { name: 'Set password' }).click();
    await invited.getByText('The passwords differ').waitFor();
    await screenshot(invited, 'set-password-mismatch');

    agent.password = 'riley-first-password';
    await setPassword(invited, link, agent.password);
    await invited.waitForURL(/\/login\?passwordSet=1$/);
    await invited.getByRole('status').filter({ hasText: 'Your password is set. Sign in with it.' }).waitFor();
    await signInThroughForm(invited, agent.email, agent.password);
    expect(await invited.getByTestId('account-menu').innerText()).toBe(agent.name);

    // The link worked once: opened again, it is refused in words, and the password stays.
    const again = await freshPage('/');
    await setPassword(again, link, 'someone-elses-password');
    const refused = again.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('This link has already been used.');
    await screenshot(again, 'set-password-used-link');
    expect((await instance.login({ email: agent.email, password: agent.password })).userId).toBeGreaterThan(0);
    await invited.context().close();
    await again.context().close();
  });

  it('"forgot password" answers the same for any address and mails a real account a single-use link', async () => {
    const page = await freshPage('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(await seriousA11yViolationsLightAndDark(page, 'forgot-password')).toEqual([]);
    const ask = async (email: string) => {
      await page.goto('/forgot-password');
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send link' }).click();
      const answer = page.getByRole('status');
      await answer.waitFor();
      return answer.textContent();
    };

    const before = relay.received.length;
    const stranger = 'nobody@northwind.test';
    const toStranger = await ask(stranger);
    const toAgent = await ask(agent.email);
    expect(toAgent).toContain('If this address has an account that signs in with a password, a link is on its way.');
    expect(toStranger).toBe(toAgent);
    await screenshot(page, 'forgot-password-sent');
    const reset = await mailTo(agent.email, 'Reset your help desk password', before);
    expect(reset.text).toContain('expires in 1 hour');
    // Asked for first, the unknown address would have been mailed by now: it is not.
    expect(relay.received.slice(before).flatMap(recipients)).not.toContain(stranger);

    const old = agent.password;
    agent.password = 'riley-reset-password';
    await setPassword(page, linkIn(reset), agent.password);
    await page.waitForURL(/\/login\?passwordSet=1$/);
    await page.getByLabel('Email').fill(agent.email);
    await page.locator('input[autocomplete="current-password"]').fill(old);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await page.locator('input[autocomplete="current-password"]').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.context().close();
  });

  it('an agent changes their password and name; their other session is signed out', async () => {
    const mine = await freshPage('/account');
    await signInThroughForm(mine, agent.email, agent.password);
    const other = await freshPage('/');
    await signInThroughForm(other, agent.email, agent.password);
    await mine.waitForURL('**/account');

    const current = mine.getByLabel('Current password');
    const renewed = 'riley-changed-password';
    await current.fill('not-my-password');
    await mine.getByLabel('New password (10+ characters)').fill(renewed);
    await mine.getByRole('button', { name: 'Change password' }).click();
    await mine.getByText('This is not your current password.').waitFor();
    // Said on the field itself: its description (what a screen reader reads with it) is the refusal.
    expect(
      await current.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      ),
    ).toContain('This is not your current password.');
    expect(await seriousA11yViolationsLightAndDark(mine, 'account-wrong-password')).toEqual([]);
    // The refusal is no end of the session: the page stays.
    expect(new URL(mine.url()).pathname).toBe('/account');
    // The other session still works while the password is unchanged.
    expect(await other.getByTestId('account-menu').isVisible()).toBe(true);

    await current.fill(agent.password);
    await mine.getByRole('button', { name: 'Change password' }).click();
    await mine.getByText('Password changed. Your other sessions were signed out.').waitFor();
    agent.password = renewed;

    const newName = 'Riley Chen-Okafor';
    await mine.getByLabel(/^Name/).fill(newName);
    await mine
      .locator('form')
      .filter({ has: mine.getByLabel('Job title') })
      .getByRole('button', { name: 'Save' })
      .click();
    const menu = mine.getByTestId('account-menu');
    await eventually(
      async () => menu.innerText(),
      (v) => expect(v).toBe(newName),
    );
    expect(await menu.getAttribute('aria-label')).toBe(`${newName} (${agent.email})`);
    await menu.click();
    await mine.getByRole('menu').getByText(agent.email).waitFor();
    await screenshot(mine, 'account-renamed');
    await mine.keyboard.press('Escape');
    // This session stays signed in: a reload still shows the agent, by the new name.
    await mine.reload();
    expect(await mine.getByTestId('account-menu').innerText()).toBe(newName);

    // The other session, left alone on the inbox, notices by itself and goes to sign-in, saying why.
    await other.waitForURL(/\/login\?/, { timeout: 45000 });
    await other.getByText('Your session has ended.', { exact: false }).waitFor();
    await screenshot(other, 'account-other-session-ended');
    await signInThroughForm(other, agent.email, agent.password);
    expect(await other.getByTestId('account-menu').innerText()).toBe(newName);
  });
});
