import { createTransport } from 'nodemailer';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startOidcProvider, TestOidcProvider } from '../../backend/test/support/oidc';
import { freePort } from '../support/processes';
import {
  collectCspViolations,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

/** The authenticator app: the code `steps` 30-second steps from now. */
const code = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

/**
 * Identity in a real browser against `npm start` (the built UI under its CSP): single
 * sign-on through a real OpenID Provider (npm oidc-provider on a loopback port), enrolling
 * in two-factor with the QR code and signing in with a code, one's sessions, and the
 * audit log under Admin. No page may report a CSP violation.
 */
describe('identity in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let idp: TestOidcProvider;
  let admin: ApiClient;
  let providerId: number;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  async function freshPage(): Promise<Page> {
    const ctx = await newContext(browser, instance.baseURL);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const seen = collectCspViolations(page);
    page.on('close', () => violations.push(...seen));
    return page;
  }

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    const port = await freePort();
    const created = await admin.request<{ id: number }>('POST', '/api/v1/auth/providers', {
      name: 'Acme ID',
      issuer: `http://127.0.0.1:${port}`,
      clientId: 'helpdesk',
      clientSecret: 'e2e-client-secret',
      allowedDomains: ['example.com'],
      autoCreateAgents: true,
    });
    expect(created.status).toBe(201);
    providerId = created.body.id;
    idp = await startOidcProvider({
      port,
      clients: [
        {
          client_id: 'helpdesk',
          client_secret: 'e2e-client-secret',
          redirect_uris: [`${instance.baseURL}/api/v1/auth/oidc/${providerId}/callback`],
        },
      ],
      accounts: { 'olga@example.com': { email: 'olga@example.com', email_verified: true, name: 'Olga SSO' } },
    });
  }, 120000);

  afterAll(async () => {
    for (const ctx of contexts) await ctx.close().catch(() => undefined);
    await browser?.close();
    await idp?.stop();
    await instance?.stop();
  });

  it('signs a new agent in with "Sign in with Acme ID" through the provider, created just in time', async () => {
    const page = await freshPage();
    await page.goto('/?status=open');
    await page.waitForURL(/\/login\?from=/);
    await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
    // The provider's own sign-in page.
    await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill('olga@example.com');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('account-menu').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/?status=open');
    const users = await admin.request<{ items: { email: string; role: string; name: string }[] }>(
      'GET',
      '/api/v1/users',
    );
    expect(users.body.items.find((u) => u.email === 'olga@example.com')).toMatchObject({
      role: 'agent',
      name: 'Olga SSO',
    });
    await screenshot(page, 'sso-signed-in');
    await page.close();
  });

  it('enrols in two-factor with the QR code, keeps the recovery codes, and then signs in with a code', async () => {
    const dana = { email: 'dana@example.com', password: 'dana-password-1' };
    expect((await admin.request('POST', '/api/v1/users', { ...dana, name: 'Dana', role: 'agent' })).status).toBe(201);
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, dana.email, dana.password);
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Account security' }).click();
    await page.getByRole('heading', { name: 'Account security' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    const qr = page.getByAltText('QR code for your authenticator app');
    await qr.waitFor();
    // The QR code is a real image the browser decoded (an SVG data: URL, allowed by img-src).
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'two-factor-enrol');

    await page.getByLabel('Code').fill(code(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('code').count()).toBe(10);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/^On since/).waitFor();

    // Sessions: this browser is listed as such.
    await page.getByTestId('session-row').filter({ hasText: 'This browser' }).waitFor();

    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(dana.email);
    await page.locator('input[autocomplete="current-password"]').fill(dana.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByLabel('Code').fill(code(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.close();
  });

  it('shows the admin audit log under Admin', async () => {
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.goto('/admin/audit');
    const row = page.getByTestId('audit-row').filter({ hasText: 'sso_provider.create' });
    await row.waitFor();
    expect(await row.textContent()).toContain('***'); // the client secret, masked
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/v1/audit-log/export');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'audit-log');
    await page.close();
  });

  it('hands a customer their data as a zip and erases them under Admin, the address typed back first', async () => {
    const made = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'My home address is 12 Elm Street',
      body: 'Please send the parcel to 12 Elm Street.',
      requester: { email: 'erin.private@customer.test', name: 'Erin Private' },
    });
    expect(made.status).toBe(201);
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.goto('/admin/customers');
    await page.getByLabel('Email or name').fill('erin.private');
    const exportLink = page.getByRole('link', { name: 'Export data of erin.private@customer.test' });
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Erase erin.private@customer.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase erin.private@customer.test?' });
    const confirm = dialog.getByRole('button', { name: 'Erase', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type erin.private@customer.test to confirm').fill('erin.private@customer.test');
    await confirm.click();
    await page.getByRole('status').getByText('erin.private@customer.test erased').waitFor();
    const after = await admin.request<{ subject: string; messages: { bodyText: string }[] }>(
      'GET',
      `/api/v1/tickets/${made.body.id}`,
    );
    expect(after.body.subject).not.toContain('Elm Street');
    expect(JSON.stringify(after.body.messages)).not.toContain('Elm Street');
    await screenshot(page, 'customer-erased');
    await page.close();
  });

  it('lets an admin add, edit and delete a single sign-on provider under Admin, the secret write-only', async () => {
    interface Provider {
      id: number;
      name: string;
      clientSecretSet: boolean;
      emailClaim: string;
      allowedDomains: string[];
      autoCreateAgents: boolean;
      enforced: boolean;
    }
    const providers = async () =>
      (await admin.request<{ items: Provider[] }>('GET', '/api/v1/auth/providers')).body.items;
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.goto('/admin/sign-in');
    const acmeRow = page.getByTestId('sso-provider-row').filter({ hasText: 'Acme ID' });
    await acmeRow.waitFor();
    expect(await acmeRow.getByText('set', { exact: true }).count()).toBe(1);

    // Add: a confidential client with its secret, one allowed domain, agents created just in time.
    await page.getByRole('button', { name: 'Add' }).click();
    const form = page.getByRole('dialog', { name: 'Add' });
    await form.getByRole('textbox', { name: /^Name/ }).fill('Globex ID');
    await form.getByLabel('Issuer URL').fill('https://login.globex.example');
    await form.getByLabel('Client ID').fill('helpdesk-globex');
    await form.getByLabel('Client secret').fill('globex-client-secret');
    await form.getByLabel('Email claim').fill('preferred_username');
    await form.getByLabel('Allowed email domains').fill('globex.example');
    await form.getByLabel('Allowed email domains').press('Enter');
    await form.getByRole('switch', { name: /^Create agents on first sign-in/ }).check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sso-provider-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const globexRow = page.getByTestId('sso-provider-row').filter({ hasText: 'Globex ID' });
    await globexRow.getByText('globex.example', { exact: true }).waitFor();
    let globex = (await providers()).find((p) => p.name === 'Globex ID')!;
    expect(globex).toMatchObject({
      clientSecretSet: true,
      emailClaim: 'preferred_username',
      allowedDomains: ['globex.example'],
      autoCreateAgents: true,
      enforced: false,
    });
    // Write-only: the secret is in no answer and on no page.
    expect(await page.content()).not.toContain('globex-client-secret');
    await screenshot(page, 'sso-providers');

    // Edit: the form says a secret is set without showing it; removing it and enforcing the provider.
    await globexRow.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Globex ID' });
    await edit.getByText(/^Stored: set\./).waitFor();
    expect(await edit.getByLabel('Client secret').inputValue()).toBe('');
    expect(await edit.getByLabel('Redirect URI').inputValue()).toBe(
      `${instance.baseURL}/api/v1/auth/oidc/${globex.id}/callback`,
    );
    await edit.getByLabel('Remove the stored secret').check();
    await edit.getByRole('switch', { name: /^Enforced: the only way in for agents/ }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await globexRow.getByText('not set', { exact: true }).waitFor();
    globex = (await providers()).find((p) => p.name === 'Globex ID')!;
    expect(globex).toMatchObject({ clientSecretSet: false, enforced: true, autoCreateAgents: true });

    // Enforced: the sign-in page leads with it, and an agent's password is refused.
    const visitor = await freshPage();
    await visitor.goto('/login');
    await visitor.getByRole('link', { name: 'Sign in with Globex ID' }).waitFor();
    const agentLogin = await fetch(`${instance.baseURL}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: instance.baseURL },
      body: JSON.stringify({ email: 'dana@example.com', password: 'dana-password-1' }),
    });
    expect(agentLogin.status).toBe(403);
    await visitor.close();

    // Delete: asked first, naming the provider and what goes with it; Cancel keeps it.
    await globexRow.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Globex ID?' });
    await confirm.waitFor();
    const said = await confirm.textContent();
    expect(said).toContain('stored client secret are lost');
    expect(said).toContain('nobody can sign in with Globex ID');
    expect(said).toContain('agents sign in with a password again');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await providers()).map((p) => p.name)).toContain('Globex ID');
    await globexRow.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete Globex ID' }).click();
    await globexRow.waitFor({ state: 'detached' });
    expect((await providers()).map((p) => p.name)).toEqual(['Acme ID']);
    await page.close();
  });

  it('lets an admin require two-factor for every password sign-in, confirmed, and people without it enrol first', async () => {
    const policy = async () =>
      (await admin.request<{ required: boolean }>('GET', '/api/v1/settings/two-factor')).body.required;
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.goto('/admin/sign-in');
    const toggle = page.getByRole('switch', { name: /^Require two-factor for every password sign-in/ });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);

    await toggle.click();
    const turnOn = page.getByRole('dialog', { name: 'Require two-factor sign-in?' });
    await turnOn.waitFor();
    expect(await turnOn.textContent()).toContain('must set it up before anything else');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await policy()).toBe(false); // nothing changes until confirmed
    await turnOn.getByRole('button', { name: 'Require it' }).click();
    await turnOn.waitFor({ state: 'detached' });
    expect(await policy()).toBe(true);
    expect(await toggle.isChecked()).toBe(true);

    // This admin has no second factor either: the session open here stays, but the next password
    // sign-in (another browser) leads to the enrolment and nothing else.
    const elsewhere = await freshPage();
    await elsewhere.goto('/login');
    await elsewhere.getByLabel('Email').fill(instance.admin.email);
    await elsewhere.locator('input[autocomplete="current-password"]').fill(instance.admin.password);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await elsewhere.getByText('Your administrators require two-factor sign-in').waitFor();
    await elsewhere.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    expect(await elsewhere.getByTestId('account-menu').count()).toBe(0);
    expect(await seriousA11yViolations(elsewhere)).toEqual([]);
    await elsewhere.close();
    await page.reload();
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);

    // Turning it off says what is lost, and waits for a confirmation too.
    await toggle.click();
    const turnOff = page.getByRole('dialog', { name: 'Stop requiring two-factor sign-in?' });
    await turnOff.waitFor();
    expect(await turnOff.textContent()).toContain('a password alone will again sign in');
    await turnOff.getByRole('button', { name: 'Stop requiring it' }).click();
    await turnOff.waitFor({ state: 'detached' });
    expect(await policy()).toBe(false);
    await page.close();
  });

  it('shows mail HTML in its sandboxed frame under the CSP, inline styles applied', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: instance.smtpPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        from: 'Hana Html <hana@example.org>',
        to: 'support@localhost',
        subject: 'Styled mail',
        html: '<p style="color: rgb(200, 0, 0)">Styled <b>bold</b> words</p>',
      });
    } finally {
      transport.close();
    }
    let ticketId: number | undefined;
    for (let i = 0; i < 150 && !ticketId; i++) {
      const list = await admin.request<{ items: { id: number; subject: string }[] }>('GET', '/api/v1/tickets?q=Styled');
      ticketId = list.body.items.find((x) => x.subject === 'Styled mail')?.id;
      if (!ticketId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ticketId).toBeDefined();
    const page = await freshPage();
    await page.goto('/login');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.goto(`/tickets/${ticketId}`);
    const frame = page.frameLocator('article iframe').first();
    const styled = frame.getByText('Styled');
    await styled.waitFor();
    expect(await styled.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(200, 0, 0)');
    await page.close();
  });

  it('ran every page under the CSP without a violation', () => {
    expect(violations).toEqual([]);
  });
});
