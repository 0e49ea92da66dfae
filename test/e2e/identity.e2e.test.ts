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
