import { simpleParser, type ParsedMail } from 'mailparser';
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
import { startRelay, TestRelay } from './support/relay';

/** An 8×8 red PNG, as a screenshot pasted from the clipboard would arrive. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC';

/**
 * Rich-text replies (issue 18) in Chromium against `npm start`: the composer's editor makes a
 * word bold with Ctrl+B, a bulleted list from the toolbar, a link, and takes a pasted image and
 * a dropped one (uploaded as inline images); the relay receives HTML with all of it, each image
 * as a cid: related part, beside the text alternative; the ticket shows the formatted reply
 * with its images.
 */
describe('rich-text replies in Chromium', () => {
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
    expect((await admin.request('PUT', '/api/v1/settings/relay', { url: relay.url })).status).toBe(200);
    const boxes = await admin.request<{ items: { id: number; active: boolean }[] } | { id: number; active: boolean }[]>(
      'GET',
      '/api/v1/mailboxes',
    );
    const list = Array.isArray(boxes.body) ? boxes.body : boxes.body.items;
    if (!list.some((m) => m.active))
      expect((await admin.request('POST', '/api/v1/mailboxes', { address: 'help@rich.test' })).status).toBe(201);
    ctx = await newContext(browser, instance.baseURL);
    page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept('https://help.example.org/restart'));
    await page.goto('/');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
    await relay?.close();
  });

  it('sends bold, a list, a link and pasted and dropped images as HTML with a text alternative, and shows it formatted', async () => {
    const made = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'Screen flickers',
      body: 'My screen flickers since the update.',
      requester: { email: 'paula@customer.test', name: 'Paula' },
    });
    expect(made.status).toBe(201);
    await page.goto(`/tickets/${made.body.id}`);
    await page.getByRole('heading', { name: /Screen flickers/ }).waitFor();

    const box = page.locator('#composer-body');
    expect(await box.getAttribute('role')).toBe('textbox');
    expect(await box.getAttribute('aria-multiline')).toBe('true');
    expect(await box.getAttribute('aria-label')).toBe('Reply to the customer');
    await box.focus();
    await page.keyboard.type('Please ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('restart');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' it:');
    await page.keyboard.press('Enter');

    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    const bullets = toolbar.getByRole('button', { name: 'Bulleted list' });
    expect(await bullets.getAttribute('aria-pressed')).toBe('false');
    await bullets.click();
    expect(await bullets.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('hold the power button');
    await page.keyboard.press('Enter');
    await page.keyboard.type('wait ten seconds');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await bullets.getAttribute('aria-pressed')).toBe('false');

    // A link over selected words: the prompt (answered above) takes its address.
    await page.keyboard.type('See the guide.');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'the guide'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await toolbar.getByRole('button', { name: 'Link' }).click();
    await box.locator('a[href="https://help.example.org/restart"]', { hasText: 'the guide' }).waitFor();
    await page.keyboard.press('End');

    // A screenshot pasted from the clipboard: uploaded inline, shown in the editor by its URL.
    await box.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'flicker.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG_BASE64);
    const pasted = box.locator('img[src^="/api/v1/attachments/"]');
    await pasted.waitFor();
    await eventually(
      () => pasted.evaluate((img) => (img as HTMLImageElement).naturalWidth),
      (w) => expect(w).toBe(8),
    );
    // A file dropped onto the editor likewise (a second image; where it lands is where it was dropped).
    await box.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      // Where the agent sees it: the editor scrolls, so bring its last paragraph into view first.
      el.lastElementChild!.scrollIntoView({ block: 'end' });
      const r = el.lastElementChild!.getBoundingClientRect();
      const at = { clientX: r.right - 2, clientY: r.top + r.height / 2 };
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, ...at }));
    }, PNG_BASE64);
    await box.locator('img[alt="dropped.png"][src^="/api/v1/attachments/"]').waitFor();
    expect(await box.locator('strong').textContent()).toBe('restart');
    expect(await box.locator('ul > li').count()).toBe(2);
    expect(await seriousA11yViolationsLightAndDark(page, 'rich-text-composer')).toEqual([]);

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    let mail: ParsedMail | undefined;
    let raw = '';
    await eventually(
      async () => {
        const i = relay.received.findIndex((m) => m.subject?.includes('Screen flickers'));
        mail = relay.received[i];
        raw = relay.raw[i] ?? '';
        return mail;
      },
      (m) => expect(m).toBeDefined(),
      20000,
    );
    // multipart/alternative: the text from the same content, the HTML with its formatting.
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: multipart\/related/i);
    const text = mail!.text ?? '';
    expect(text).toContain(
      'Please restart it:\n\n- hold the power button\n- wait ten seconds\n\nSee the guide <https://help.example.org/restart>.',
    );
    expect(text).toContain('[image: flicker.png]');
    expect(text).toContain('[image: dropped.png]');
    const html = mail!.html || '';
    expect(html).toContain('<strong>restart</strong>');
    expect(html).toMatch(/<ul><li><p>hold the power button<\/p><\/li><li><p>wait ten seconds<\/p><\/li><\/ul>/);
    expect(html).toMatch(/<a [^>]*href="https:\/\/help\.example\.org\/restart"[^>]*>the guide<\/a>/);
    expect(html).not.toContain('/api/v1/attachments/');
    // Each image travels as a related part; the HTML names it by its Content-ID (cid: in the source).
    const asSent = await simpleParser(raw, { keepCidLinks: true });
    expect(mail!.attachments.map((a) => a.filename).sort()).toEqual(['dropped.png', 'flicker.png']);
    for (const image of mail!.attachments) {
      expect(image).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', related: true });
      expect(asSent.html).toContain(`src="cid:${image.cid}"`);
    }

    // The ticket shows the reply formatted, the image displayed (from the help desk itself).
    const reply = page.locator('article[data-kind="reply"]');
    await reply.waitFor();
    const frame = reply.frameLocator('iframe');
    expect(await frame.locator('strong').textContent()).toBe('restart');
    expect(await frame.locator('ul > li').count()).toBe(2);
    const shown = frame.locator('img[src^="/api/v1/attachments/"]');
    await eventually(
      () => shown.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)),
      (w) => expect(w).toEqual([8, 8]),
    );
    // Sent: the composer is empty again.
    expect((await box.textContent())?.trim()).toBe('');
    expect(await seriousA11yViolationsLightAndDark(page, 'rich-text-reply')).toEqual([]);
    await screenshot(page, 'rich-text-sent');
  });
});
