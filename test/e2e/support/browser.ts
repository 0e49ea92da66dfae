import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ROOT } from '../../support/processes';

export const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const AXE = require.resolve('axe-core/axe.min.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches of this test file, until closeBrowsers() has seen them. */
const launches = new Set<Promise<Browser>>();

/**
 * Closes every browser this test file launched and left open. A beforeAll that fails after
 * starting a launch (`Promise.all([startInstance(), launchChromium()])` rejects at once when
 * the instance fails) never gets to close it, and its open connection keeps jest from
 * exiting: CI saw the e2e step run into its 25-minute limit that way. Run after each file
 * (close-browsers.ts).
 */
export async function closeBrowsers(): Promise<void> {
  const pending = [...launches];
  launches.clear();
  await Promise.all(
    pending.map(async (launch) => {
      const browser = await launch.catch(() => null);
      if (browser?.isConnected()) await browser.close();
    }),
  );
}

/** Debian's Chromium, headless, without anything that would phone home. */
export function launchChromium(): Promise<Browser> {
  const launch = chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  launches.add(launch);
  return launch;
}

export async function newContext(
  browser: Browser,
  baseURL: string,
  opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  ctx.setDefaultTimeout(15000);
  return ctx;
}

/** Signs in through the form; resolves once the agent UI shows the account menu. */
export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('account-menu').waitFor();
}

/**
 * Collects Content-Security-Policy violations the page reports (a blocked script, style,
 * frame, connection...), so a test can assert the app runs under its own CSP.
 */
export function collectCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core inside the page; returns serious and critical violations (with where). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Colours fade (between themes; dialogs and notifications fade in): measure contrast once they stopped.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'),
  );
  // Evaluated over the DevTools protocol: a <script> tag would be (rightly) refused by the app's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations: AxeViolation[] = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return res.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/**
 * axe in the light and the dark theme (the UI follows the system's scheme): serious and critical
 * violations of both, each prefixed with its scheme. Leaves the page in the context's own scheme.
 */
export async function seriousA11yViolationsLightAndDark(page: Page, screenshotName?: string): Promise<string[]> {
  const found: string[] = [];
  const before = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.getAttribute('data-mantine-color-scheme') === s, scheme);
    found.push(...(await seriousA11yViolations(page)).map((v) => `${scheme}: ${v}`));
    if (screenshotName) await screenshot(page, `${screenshotName}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: before });
  return found;
}

/**
 * Reads `read()` until `check` (jest expectations on the value) passes, every 100 ms for
 * up to `ms`; then throws the last failed expectation, so the report shows what was seen.
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check(await read());
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
