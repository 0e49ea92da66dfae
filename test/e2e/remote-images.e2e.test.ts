import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  collectCspViolations,
  eventually,
  launchChromium,
  newContext,
  screenshot,
  signInThroughForm,
} from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * Remote images in mail (issue 18) in Chromium against `npm start`: a newsletter's
 * images stay blocked, the agent's browser sends nothing to the sender's server; "Load
 * images (2)" shows them, fetched by the api (the image server sees the api, never the
 * agent's cookie), under the app's strict CSP.
 */
describe('remote images in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let images: Server;
  let imageOrigin: string;
  const served: { path: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    images = createServer((req, res) => {
      served.push({ path: req.url!, headers: req.headers });
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', () => r()));
    imageOrigin = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    [instance, browser] = await Promise.all([
      startInstance({ HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS: imageOrigin }),
      launchChromium(),
    ]);
    admin = await instance.login(instance.admin);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
    await new Promise<void>((r) => (images ? images.close(() => r()) : r()));
  });

  it('blocks remote images until "Load images", then shows them through the api', async () => {
    expect(
      await instance.sendMail({
        from: 'Nora Newsletter <nora@example.org>',
        subject: 'Spring catalogue with pictures',
        text: 'Our spring catalogue',
        html: `<p>Our spring catalogue</p><img src="${imageOrigin}/tracker.png" alt="pixel"><img src="${imageOrigin}/shoe.png" alt="shoe">`,
      }),
    ).toMatch(/^250 /);
    let ticketId = 0;
    await eventually(
      async () => (await admin.request<{ items: { id: number }[] }>('GET', '/api/v1/tickets?q=catalogue')).body.items,
      (items) => {
        expect(items.length).toBe(1);
        ticketId = items[0].id;
      },
      60000,
    );

    const csp = collectCspViolations(page);
    const toImageHost: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(imageOrigin)) toImageHost.push(r.url());
    });
    await page.goto(`/tickets/${ticketId}`);
    const load = page.getByRole('button', { name: 'Load images (2)' });
    await load.waitFor({ timeout: 30000 });
    const frame = page.frameLocator('iframe[title^="Conversation"]');
    await frame.getByText('Our spring catalogue').waitFor();
    const shown = () =>
      frame
        .locator('img')
        .evaluateAll((imgs) =>
          imgs.map((i) => ({ src: i.getAttribute('src'), loaded: (i as HTMLImageElement).naturalWidth > 0 })),
        );
    expect(await shown()).toEqual([
      { src: null, loaded: false },
      { src: null, loaded: false },
    ]);
    expect(toImageHost).toEqual([]);
    expect(served).toEqual([]);

    await load.click();
    await eventually(shown, (imgs) =>
      expect(imgs).toEqual([
        {
          src: expect.stringMatching(new RegExp(`^/api/v1/tickets/${ticketId}/messages/\\d+/remote-images/0$`)),
          loaded: true,
        },
        { src: expect.stringMatching(/\/remote-images\/1$/), loaded: true },
      ]),
    );
    await screenshot(page, 'remote-images-loaded');
    expect(toImageHost).toEqual([]); // still nothing from the browser to the image host
    expect(served.map((s) => s.path).sort()).toEqual(['/shoe.png', '/tracker.png']);
    expect(served.every((s) => s.headers.cookie === undefined && s.headers.referer === undefined)).toBe(true);
    expect(csp).toEqual([]);
  });
});
