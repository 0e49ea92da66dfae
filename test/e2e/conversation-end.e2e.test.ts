import { createTransport } from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, launchChromium, newContext, screenshot, signInThroughForm } from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

/** A 1×1 PNG, drawn at the size the mail gives it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
/** How long the inline images take to arrive: well past the frames in which the page settles after opening. */
const IMAGE_DELAY_MS = 2000;

/**
 * A thread opens at its newest message (issue 18), and keeps it there when that message grows
 * after opening: a mail frame takes its content's height only once its inline images arrived,
 * which on a slow network is long after the page has laid out. A newest mail that fits the
 * conversation stays in view whole (its end is not pushed below the composer); one that grows
 * taller than the conversation keeps its start in view.
 */
describe('the newest mail stays in view as its frame grows, in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let ctx: BrowserContext;
  let pageOfAll: Page;
  let admin: ApiClient;

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    // Tall enough for the small mail (header, text, image, attachment) to fit the conversation whole.
    ctx = await newContext(browser, instance.baseURL, { height: 1000 });
    pageOfAll = await ctx.newPage();
    await pageOfAll.goto('/');
    await signInThroughForm(pageOfAll, instance.admin.email, instance.admin.password);
    // Inline images (attachments) arrive late; the rest of the page as fast as ever.
    await ctx.route('**/api/v1/attachments/**', async (route) => {
      await new Promise((r) => setTimeout(r, IMAGE_DELAY_MS));
      await route.continue();
    });
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  /** A ticket with a dozen replies, then the customer's HTML mail with an inline image `imageWidth` px wide and tall. */
  const threadEndingInMail = async (subject: string, imageWidth: number) => {
    const customer = `${subject.toLowerCase().replace(/\W+/g, '-')}@example.org`;
    const made = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject,
      body: 'The first message.',
      requester: { email: customer, name: 'Carla Chart' },
    });
    expect(made.status).toBe(201);
    for (let i = 2; i <= 12; i++)
      expect(
        (
          await admin.request('POST', `/api/v1/tickets/${made.body.id}/messages`, {
            body: `Reply ${i}: ${'a line of the conversation '.repeat(6)}`,
          })
        ).status,
      ).toBe(201);
    const transport = createTransport({ host: '127.0.0.1', port: instance.smtpPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        from: `Carla Chart <${customer}>`,
        to: 'support@localhost',
        subject: `Re: [#${made.body.number}] ${subject}`,
        text: 'The newest mail, with a chart.',
        html: `<p>The newest mail, with a chart:</p><img src="cid:chart@example.org" width="${imageWidth}" alt=""><p>Regards, Carla</p>`,
        attachments: [{ filename: 'chart.png', content: PNG, contentType: 'image/png', cid: 'chart@example.org' }],
      });
    } finally {
      transport.close();
    }
    // The mail joins the ticket in the worker: wait for it there, not in the page.
    await eventually(
      async () =>
        (await admin.request<{ messages: { bodyHtml: string | null }[] }>('GET', `/api/v1/tickets/${made.body.id}`))
          .body.messages,
      (messages) => expect(messages.at(-1)?.bodyHtml).toContain('/api/v1/attachments/'),
      60000,
    );
    return made.body.id;
  };

  /** Opens the ticket and waits until the newest mail's image has arrived and its frame has grown to fit it. */
  const openUntilImageShown = async (id: number, imageWidth: number, page = pageOfAll) => {
    await page.goto(`/tickets/${id}`);
    await page.waitForFunction(
      (width) => {
        const frame = document.querySelector<HTMLIFrameElement>('[data-testid=conversation] > :last-child iframe');
        const img = frame?.contentDocument?.querySelector('img');
        return !!img?.complete && img.naturalWidth > 0 && frame!.clientHeight > width;
      },
      imageWidth,
      { timeout: 20000 },
    );
    // Past the frame in which it grew: what the agent looks at from now on.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return page.evaluate(() => {
      const list = document.querySelector('[data-testid=conversation]')!;
      const box = (el: Element) => {
        const r = el.getBoundingClientRect();
        return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
      };
      return { view: box(list), newest: box(list.lastElementChild!), windowHeight: innerHeight };
    });
  };

  it('keeps a newest mail that fits in view whole when its image arrives late', async () => {
    const id = await threadEndingInMail('A small chart arrives late', 100);
    const { view, newest } = await openUntilImageShown(id, 100);
    expect(newest.bottom - newest.top).toBeLessThan(view.bottom - view.top);
    expect(newest.top).toBeGreaterThanOrEqual(view.top - 1);
    expect(newest.bottom).toBeLessThanOrEqual(view.bottom + 1);
    await screenshot(pageOfAll, 'conversation-end-late-image');
  });

  it('keeps the start of a newest mail that grows taller than the conversation in view', async () => {
    const id = await threadEndingInMail('A big chart arrives late', 700);
    const { view, newest } = await openUntilImageShown(id, 700);
    expect(newest.bottom - newest.top).toBeGreaterThan(view.bottom - view.top);
    expect(newest.top).toBeGreaterThanOrEqual(view.top - 1);
    expect(newest.top).toBeLessThan(view.bottom);
  });

  // The first half second after opening, messages take their real height and the page re-lays
  // out; a key pressed then (say `r` for reply) ends the settling at once. The conversation must
  // still follow its end through those layouts, and the late image after them.
  it('keeps the newest mail in view when a key is pressed the moment the ticket opens', async () => {
    const id = await threadEndingInMail('A key pressed on opening', 100);
    const page = await ctx.newPage();
    try {
      // Pressed as soon as the conversation is in the page: before any frame has been drawn.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-testid=conversation] > :nth-child(13)')) return;
          observer.disconnect();
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift', bubbles: true }));
        }).observe(document, { childList: true, subtree: true });
      });
      const { view, newest } = await openUntilImageShown(id, 100, page);
      expect(newest.bottom - newest.top).toBeLessThan(view.bottom - view.top);
      expect(newest.top).toBeGreaterThanOrEqual(view.top - 1);
      expect(newest.bottom).toBeLessThanOrEqual(view.bottom + 1);
    } finally {
      await page.close();
    }
  });
});
