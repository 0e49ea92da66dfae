import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { launchChromium, newContext, screenshot, seriousA11yViolations, signInThroughForm } from './support/browser';
import { ApiClient, Instance, startInstance } from './support/instance';

/** Waits until the composer holds exactly `text` (a macro's reply lands there as a draft). */
const draftIs = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => (document.querySelector('#composer-body') as HTMLElement | null)?.innerText.trim() === t,
    text,
  );

/**
 * Needs the UI backend (Socket.IO gateway with presence, public contact form and
 * magic-link API; branch ui-api): live events over the socket, who else views and
 * types, and the customer-facing pages.
 */
describe('live collaboration and customer pages in Chromium', () => {
  let instance: Instance;
  let browser: Browser;
  let admin: ApiClient;
  const dana = { email: 'dana@example.com', password: 'dana-password-1' };

  beforeAll(async () => {
    [instance, browser] = await Promise.all([startInstance(), launchChromium()]);
    admin = await instance.login(instance.admin);
    expect((await admin.request('POST', '/api/v1/users', { ...dana, name: 'Dana Agent', role: 'agent' })).status).toBe(
      201,
    );
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await instance?.stop();
  });

  const signedIn = async (
    who: { email: string; password: string },
    path: string,
  ): Promise<{ ctx: BrowserContext; page: Page; sockets: WebSocket[] }> => {
    const ctx = await newContext(browser, instance.baseURL);
    const page = await ctx.newPage();
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    await page.goto(path);
    await signInThroughForm(page, who.email, who.password);
    return { ctx, page, sockets };
  };

  it('pushes new tickets over the Socket.IO connection', async () => {
    const { ctx, page, sockets } = await signedIn(instance.admin, '/?status=new,open,pending,on_hold');
    await page.getByText('No tickets here.').waitFor();
    const frames: string[] = [];
    await waitUntil(async () => sockets.some((ws) => ws.url().includes('/socket.io/')));
    for (const ws of sockets) ws.on('framereceived', (f) => frames.push(String(f.payload)));

    await instance.sendMail({ from: 'erin@example.org', subject: 'Arrives over the socket', text: 'hello' });
    await page.getByRole('row').filter({ hasText: 'Arrives over the socket' }).waitFor({ timeout: 20000 });
    expect(frames.some((f) => f.includes('ticket.created'))).toBe(true);
    await ctx.close();
  });

  // The socket connects once the first screen has painted; what changed before it connected
  // sent no event to this page, so the first connection refetches what it shows.
  it('catches up on a change made before the live connection opened', async () => {
    const ctx = await newContext(browser, instance.baseURL);
    const page = await ctx.newPage();
    let tried!: () => void;
    const attempted = new Promise<void>((r) => (tried = r));
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    // The page's WebSocket reaches the server only once the test lets it.
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      tried();
      await opened;
      ws.connectToServer();
    });
    await page.goto('/?status=new,open,pending,on_hold');
    await signInThroughForm(page, instance.admin.email, instance.admin.password);
    await page.getByRole('row').filter({ hasText: 'Arrives over the socket' }).waitFor();
    await attempted;
    expect(
      (
        await admin.request('POST', '/api/v1/tickets', {
          subject: 'Made before the connection',
          body: 'While the page was not yet live.',
          requester: { email: 'frank@example.org' },
        })
      ).status,
    ).toBe(201);
    open();
    // Well before the next poll (every 10 s while not live): the connection brought it.
    await page.getByRole('row').filter({ hasText: 'Made before the connection' }).waitFor({ timeout: 5000 });
    await ctx.close();
  });

  it("shows a second agent's presence and typing on the same ticket", async () => {
    const created = await admin.request<{ id: number }>('POST', '/api/v1/tickets', {
      subject: 'Shared ticket',
      body: 'help',
      requester: { email: 'f@example.org' },
    });
    const path = `/tickets/${created.body.id}`;
    const a = await signedIn(instance.admin, path);
    const b = await signedIn(dana, path);
    await a.page.getByRole('heading', { name: /Shared ticket/ }).waitFor();
    await b.page.getByRole('heading', { name: /Shared ticket/ }).waitFor();

    const presence = a.page.getByTestId('presence');
    await presence.filter({ hasText: 'Dana Agent' }).waitFor();
    await b.page.locator('#composer-body').fill('Typing an answer');
    await presence.filter({ hasText: 'typing' }).waitFor();
    await screenshot(a.page, 'ticket-presence');

    await b.page.close();
    await a.page.getByTestId('presence').waitFor({ state: 'detached' });
    await a.ctx.close();
    await b.ctx.close();
  });

  it('saves a filter combination as a view in the sidebar, with its count', async () => {
    await admin.request('POST', '/api/v1/tickets', {
      subject: 'Urgent VIP',
      body: 'x',
      requester: { email: 'v@example.org' },
      priority: 'urgent',
    });
    const { ctx, page } = await signedIn(instance.admin, '/?status=new,open&priority=urgent');
    await page.getByRole('row').filter({ hasText: 'Urgent VIP' }).waitFor();
    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Urgent new');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const link = page.getByRole('link', { name: /Urgent new/ });
    await link.waitFor();
    expect(await link.textContent()).toContain('1');
    const views = (await admin.request<{ name: string; filters: Record<string, string> }[]>('GET', '/api/v1/views'))
      .body;
    expect(views.find((v) => v.name === 'Urgent new')?.filters).toEqual({ status: 'new,open', priority: 'urgent' });
    await ctx.close();
  });

  it('inserts a canned response with the placeholders filled in', async () => {
    expect(
      (
        await admin.request('POST', '/api/v1/canned-responses', {
          title: 'Greeting',
          body: 'Hi {{customer.firstName}}, about #{{ticket.number}}. {{agent.name}}',
        })
      ).status,
    ).toBe(201);
    const t = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'Canned',
      body: 'x',
      requester: { email: 'h@example.org', name: 'Hanna Jones' },
    });
    const { ctx, page } = await signedIn(dana, `/tickets/${t.body.id}`);
    await page.getByRole('button', { name: 'Macros' }).click();
    await page.getByRole('option', { name: 'Greeting' }).click();
    await page.getByRole('button', { name: 'Apply macro' }).click();
    await draftIs(page, `Hi Hanna, about #${t.body.number}. Dana Agent`);
    await ctx.close();
  });

  it('applies a macro from the composer by keyboard search: preview, apply, reply drafted, audit names the agent', async () => {
    const macro = await admin.request<{ id: number }>('POST', '/api/v1/macros', {
      title: 'Refund approved',
      shared: true,
      actions: [
        { field: 'add_tags', value: ['refund'] },
        { field: 'status', value: 'pending' },
      ],
      replyText: 'Hello {{customer.firstName}}, your refund for #{{ticket.number}} is on its way.',
    });
    expect(macro.status).toBe(201);
    const t = await admin.request<{ id: number; number: number }>('POST', '/api/v1/tickets', {
      subject: 'Refund please',
      body: 'x',
      requester: { email: 'ivy@example.org', name: 'Ivy Stone' },
    });
    const { ctx, page } = await signedIn(dana, `/tickets/${t.body.id}`);
    await page.getByRole('button', { name: 'Macros' }).click();
    await page.getByLabel('Search macros').fill('refund');
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('macro-preview');
    await preview.getByText('status: new → pending').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'macro-preview');
    await page.getByRole('button', { name: 'Apply macro' }).click();
    await draftIs(page, `Hello Ivy, your refund for #${t.body.number} is on its way.`);
    const after = (await admin.request<{ status: string; tags: string[] }>('GET', `/api/v1/tickets/${t.body.id}`)).body;
    expect(after).toMatchObject({ status: 'pending', tags: ['refund'] });
    await ctx.close();
  });

  it('takes a request through the contact form and lets the customer follow and answer it by magic link', async () => {
    const ctx = await newContext(browser, instance.baseURL);
    const page = await ctx.newPage();
    await page.goto('/contact');
    await page.getByRole('heading', { name: 'Contact support' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Your name').fill('Gina Customer');
    await page.getByLabel('Your email').fill('gina@example.org');
    await page.getByLabel('Subject').fill('Invoice question');
    await page.getByLabel('How can we help?').fill('Why was I charged twice?');
    await screenshot(page, 'contact');
    await page.getByRole('button', { name: 'Send' }).click();
    const done = page.getByTestId('contact-done');
    await done.waitFor();
    const number = Number(/#(\d+)/.exec((await done.textContent()) ?? '')?.[1]);
    expect(number).toBeGreaterThan(0);

    const list = (
      await admin.request<{ items: { id: number; number: number; subject: string }[] }>(
        'GET',
        '/api/v1/tickets?q=invoice',
      )
    ).body;
    const t = list.items.find((x) => x.number === number)!;
    expect(t.subject).toBe('Invoice question');
    await admin.request('POST', `/api/v1/tickets/${t.id}/messages`, {
      body: 'Agents only: refund approved',
      internal: true,
    });
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('%PDF-1.4 credit note')], { type: 'application/pdf' }),
      'credit-note.pdf',
    );
    const file = (await admin.request<{ id: number }>('POST', '/api/v1/attachments', form)).body;
    await admin.request('POST', `/api/v1/tickets/${t.id}/messages`, {
      body: 'We refunded the second charge.',
      attachmentIds: [file.id],
    });

    await page.getByRole('link', { name: 'Follow your request here' }).click();
    await page.waitForURL(/\/portal\//);
    const conversation = page.getByTestId('portal-conversation');
    await conversation.filter({ hasText: 'We refunded the second charge.' }).waitFor();
    expect(await conversation.textContent()).not.toContain('refund approved');
    // The reply's file, downloadable with the customer's link.
    const link = conversation.getByRole('link', { name: 'credit-note.pdf' });
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect([download.status(), await download.text()]).toEqual([200, '%PDF-1.4 credit note']);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Add a reply').fill('Thank you!');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await conversation.filter({ hasText: 'Thank you!' }).waitFor();
    await screenshot(page, 'portal');
    const ticket = (
      await admin.request<{ messages: { bodyText: string; author: { type: string } }[] }>(
        'GET',
        `/api/v1/tickets/${t.id}`,
      )
    ).body;
    expect(ticket.messages.at(-1)).toMatchObject({ bodyText: 'Thank you!', author: { type: 'customer' } });
    await ctx.close();
  });
});

async function waitUntil(check: () => Promise<boolean>, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
