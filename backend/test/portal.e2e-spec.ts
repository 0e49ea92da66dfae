import { PortalLinks } from '../src/portal/portal-links';
import { connectSocket, eventually, record } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];
const DAY = 86_400_000;

describe('customer-facing pages: contact form and magic links', () => {
  let t: TestApp;
  let agent: Client;
  const contact = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http.request(
      'POST',
      '/api/v1/public/contact',
      { name: 'Carla Customer', email: 'carla@example.com', subject: 'Broken', message: 'It broke.', ...body },
      headers,
    );
  const tokenOf = (portalUrl: string) => new URL(portalUrl).pathname.replace('/portal/', '');
  const newContact = async (body: Record<string, unknown> = {}) => {
    const res = await contact(body);
    expect(res.status).toBe(202);
    const [ticket] = (await t.sql.query(`SELECT id FROM tickets WHERE number = $1`, [res.body.ticketNumber])).rows;
    return { ...res.body, token: tokenOf(res.body.portalUrl), ticketId: ticket.id as number };
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        HELPDESK_CONTACT_LIMIT_PER_IP: '1000',
        HELPDESK_CONTACT_LIMIT_PER_EMAIL: '1000',
        HELPDESK_PORTAL_LIMIT_PER_IP: '1000',
      },
    });
    agent = await t.newUser('agent');
  });
  afterAll(() => t.close());

  describe('contact form', () => {
    it('creates the customer and a ticket as an email to the first mailbox would, live for agents, and answers with a portal link', async () => {
      const group = (await t.admin.post('/api/v1/groups', { name: 'Front line' })).body;
      await t.sql.query(`INSERT INTO mailboxes (address, default_group_id) VALUES ('help@example.com', $1)`, [
        group.id,
      ]);
      const socket = await connectSocket(t.url, { cookie: agent.cookie });
      const created = record<{ ticketId: number }>(socket, 'ticket.created');

      const res = await contact({
        name: ' Dana Doe ',
        email: 'Dana@Example.COM',
        subject: 'Cannot log in',
        message: 'Help me please.',
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        ticketNumber: expect.any(Number),
        portalUrl: expect.stringMatching(new RegExp(`^${t.url}/portal/[0-9a-z-]+$`)),
      });

      const list = (await agent.get('/api/v1/tickets?q=log')).body.items;
      expect(list).toHaveLength(1);
      const ticket = (await agent.get(`/api/v1/tickets/${list[0].id}`)).body;
      expect(ticket).toMatchObject({
        number: res.body.ticketNumber,
        subject: 'Cannot log in',
        status: 'new',
        groupId: group.id,
        requester: { email: 'dana@example.com', name: 'Dana Doe' },
      });
      expect(ticket.mailboxId).toEqual(expect.any(Number));
      expect(ticket.messages).toEqual([
        expect.objectContaining({
          bodyText: 'Help me please.',
          channel: 'web',
          internal: false,
          author: expect.objectContaining({ type: 'customer' }),
        }),
      ]);
      const audit = (await agent.get(`/api/v1/tickets/${ticket.id}/events`)).body.items;
      expect(audit[0]).toMatchObject({ action: 'created', actor: { type: 'customer', id: ticket.requester.id } });
      await eventually(() => created.some((e) => e.ticketId === ticket.id));
      socket.close();
    });

    it('answers a filled honeypot with a quiet 202 and creates nothing', async () => {
      const before = (
        await t.sql.query(`SELECT (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM customers)::int AS c`)
      ).rows[0];
      const res = await contact({ email: 'bot@spam.example', website: 'http://cheap-pills.example' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ ticketNumber: null, portalUrl: null });
      const after = (
        await t.sql.query(`SELECT (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM customers)::int AS c`)
      ).rows[0];
      expect(after).toEqual(before);
    });

    it('names each bad field', async () => {
      const res = await contact({ name: '', email: 'nope', subject: '', message: '', extra: 1 });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'extra', 'message', 'name', 'subject']);
    });

    it('is not blocked by CSRF checks even when the browser carries an agent session', async () => {
      const res = await agent.request(
        'POST',
        '/api/v1/public/contact',
        { name: 'A', email: 'agent-as-customer@example.com', subject: 'S', message: 'M' },
        { 'x-csrf-token': 'wrong' },
      );
      expect(res.status).toBe(202);
    });
  });

  describe('magic link conversation', () => {
    it('shows the public conversation only, with sanitised HTML and names instead of addresses', async () => {
      const c = await newContact({ subject: 'Conversation', message: 'First words' });
      await agent.post(`/api/v1/tickets/${c.ticketId}/messages`, {
        body: 'Internal: customer is grumpy',
        internal: true,
      });
      await agent.post(`/api/v1/tickets/${c.ticketId}/messages`, { body: 'We are on it' });
      const {
        rows: [follower],
      } = await t.sql.query(`INSERT INTO customers (email, name) VALUES ('cc@example.com', '') RETURNING id`);
      await t.sql.query(
        `INSERT INTO messages (ticket_id, author_customer_id, visibility, channel, body_text, body_html) VALUES ($1, $2, 'public', 'email', 'html one', $3)`,
        [
          c.ticketId,
          follower.id,
          '<p onclick="steal()">Hi<script>alert(1)</script><img src="/api/v1/attachments/1"><a href="javascript:x()">x</a></p>',
        ],
      );
      // Automatic mail of every kind, from anyone, is never on the customer's page.
      for (const flags of ['{auto_reply}', '{bounce}', '{list}'])
        await t.sql.query(
          `INSERT INTO messages (ticket_id, author_customer_id, visibility, channel, body_text, mail_flags) VALUES ($1, $2, 'public', 'email', $3, $4)`,
          [c.ticketId, follower.id, `automatic ${flags}`, flags],
        );

      const res = await t.http.get(`/api/v1/public/tickets/${c.token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.ticket).toEqual({
        number: c.ticketNumber,
        subject: 'Conversation',
        status: 'open',
        createdAt: expect.any(String),
      });
      expect(res.body.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual([
        'First words',
        'We are on it',
        'html one',
      ]);
      const [first, reply, html] = res.body.messages;
      expect(first.author).toEqual({ name: 'Carla Customer', kind: 'customer' });
      expect(reply.author).toEqual({ name: agent.user.name, kind: 'agent' });
      expect(html.author).toEqual({ name: 'Customer', kind: 'customer' });
      expect(html.bodyHtml).toContain('Hi');
      expect(html.bodyHtml).not.toMatch(/script|onclick|javascript:|\/api\/v1\/attachments/);
      expect(JSON.stringify(res.body)).not.toMatch(/cc@example\.com|grumpy/);
    });

    it("lists the files of public messages and serves them with the same link; never a note's, never to another link", async () => {
      const c = await newContact({ subject: 'Files', message: 'Need the invoice' });
      const upload = async (name: string, type: string, body: string) => {
        const form = new FormData();
        form.append('file', new Blob([Buffer.from(body)], { type }), name);
        return (await agent.postForm('/api/v1/attachments', form)).body.id as number;
      };
      const invoice = await upload('invoice.pdf', 'application/pdf', '%PDF-1.4 the invoice');
      const logo = await upload('logo.png', 'image/png', '\x89PNG fake');
      await agent.post(`/api/v1/tickets/${c.ticketId}/messages`, {
        body: 'Here you are',
        attachmentIds: [invoice, logo],
      });
      // A file on an internal note, and an inline image of a mail's HTML: neither is the customer's to see.
      const note = (
        await agent.post(`/api/v1/tickets/${c.ticketId}/messages`, { body: 'Internal copy', internal: true })
      ).body;
      const {
        rows: [secret],
      } = await t.sql.query(
        `INSERT INTO attachments (message_id, filename, content_type, size, data, inline) VALUES ($1, 'secret.txt', 'text/plain', 6, 'secret', false),
                ($1, 'cid.png', 'image/png', 3, 'png', true) RETURNING id`,
        [note.id],
      );

      const res = await t.http.get(`/api/v1/public/tickets/${c.token}`);
      const files = res.body.messages.find((m: { bodyText: string }) => m.bodyText === 'Here you are').attachments;
      expect(files).toEqual([
        {
          id: invoice,
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          size: 20,
          url: `/api/v1/public/tickets/${c.token}/attachments/${invoice}`,
        },
        {
          id: logo,
          filename: 'logo.png',
          contentType: 'image/png',
          size: 10,
          url: `/api/v1/public/tickets/${c.token}/attachments/${logo}`,
        },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/secret\.txt|cid\.png/);

      const pdf = await fetch(`${t.url}${files[0].url}`);
      expect([pdf.status, pdf.headers.get('content-type'), pdf.headers.get('content-disposition')]).toEqual([
        200,
        'application/octet-stream',
        "attachment; filename*=UTF-8''invoice.pdf",
      ]);
      expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await pdf.text()).toBe('%PDF-1.4 the invoice');
      const png = await fetch(`${t.url}${files[1].url}`);
      expect([png.status, png.headers.get('content-type'), png.headers.get('content-disposition')]).toEqual([
        200,
        'image/png',
        "inline; filename*=UTF-8''logo.png",
      ]);

      expect((await t.http.get(`/api/v1/public/tickets/${c.token}/attachments/${secret.id}`)).status).toBe(404);
      const other = await newContact({ subject: 'Someone else', message: 'Mine' });
      expect((await t.http.get(`/api/v1/public/tickets/${other.token}/attachments/${invoice}`)).status).toBe(404);
      expect((await t.http.get(`/api/v1/public/tickets/${c.token.slice(0, -2)}xx/attachments/${invoice}`)).status).toBe(
        404,
      );
    });

    it("takes the requester's reply as a customer message and reopens a solved ticket like a mail reply", async () => {
      const c = await newContact({ subject: 'Reopen me' });
      await agent.patch(`/api/v1/tickets/${c.ticketId}`, { status: 'solved' });
      const socket = await connectSocket(t.url, { cookie: agent.cookie });
      const updates = record<{ ticketId: number; fields: string[] }>(socket, 'ticket.updated');
      const messages = record<{ ticketId: number; messageId: number; internal: boolean }>(socket, 'message.created');

      const res = await t.http.post(`/api/v1/public/tickets/${c.token}/messages`, { body: 'Still broken!' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        bodyText: 'Still broken!',
        author: { name: 'Carla Customer', kind: 'customer' },
        followUp: null,
      });

      const ticket = (await agent.get(`/api/v1/tickets/${c.ticketId}`)).body;
      expect(ticket.status).toBe('open');
      expect(ticket.solvedAt).toBeNull();
      expect(ticket.messages.at(-1)).toMatchObject({
        id: res.body.id,
        bodyText: 'Still broken!',
        channel: 'web',
        author: { type: 'customer', id: ticket.requester.id },
      });
      const audit = (await agent.get(`/api/v1/tickets/${c.ticketId}/events`)).body.items;
      expect(audit.at(-1)).toMatchObject({
        field: 'status',
        before: 'solved',
        after: 'open',
        actor: { type: 'customer' },
      });
      await eventually(
        () =>
          messages.some((m) => m.messageId === res.body.id) &&
          updates.some((u) => u.ticketId === c.ticketId && u.fields.includes('status')),
      );
      socket.close();

      // An open ticket stays as it is.
      await t.http.post(`/api/v1/public/tickets/${c.token}/messages`, { body: 'Any news?' });
      expect((await agent.get(`/api/v1/tickets/${c.ticketId}`)).body.status).toBe('open');
    });

    it('starts a linked follow-up ticket when the ticket is closed, with its own link', async () => {
      const c = await newContact({ subject: 'Closed one' });
      await agent.patch(`/api/v1/tickets/${c.ticketId}`, { status: 'closed' });
      const res = await t.http.post(`/api/v1/public/tickets/${c.token}/messages`, { body: 'One more thing' });
      expect(res.status).toBe(201);
      expect(res.body.followUp).toEqual({
        ticketNumber: expect.any(Number),
        portalUrl: expect.stringContaining('/portal/'),
      });
      expect(res.body.followUp.ticketNumber).not.toBe(c.ticketNumber);
      const {
        rows: [link],
      } = await t.sql.query(
        `SELECT l.kind, t.subject, t.status FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.linked_ticket_id = $1`,
        [c.ticketId],
      );
      expect(link).toEqual({ kind: 'follow_up', subject: 'Closed one', status: 'new' });
      const followUp = await t.http.get(`/api/v1/public/tickets/${tokenOf(res.body.followUp.portalUrl)}`);
      expect(followUp.body.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(['One more thing']);
      expect((await agent.get(`/api/v1/tickets/${c.ticketId}`)).body.messageCount).toBe(1);
    });

    it('refuses forged, tampered, retired and expired links', async () => {
      const c = await newContact({ subject: 'Tokens' });
      const [ticketId, customerId, expiry, mac] = c.token.split('-');
      const flipped = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
      for (const bad of [
        `${ticketId}-${customerId}-${expiry}-${flipped}`,
        `${Number(ticketId) + 1}-${customerId}-${expiry}-${mac}`,
        'garbage',
        `${c.token}0`,
      ]) {
        const res = await t.http.get(`/api/v1/public/tickets/${bad}`);
        expect([bad, res.status]).toEqual([bad, 404]);
        expect((await t.http.post(`/api/v1/public/tickets/${bad}/messages`, { body: 'x' })).status).toBe(404);
      }

      const links = t.app.get(PortalLinks);
      const old = links.mint({ ticketId: c.ticketId, customerId: Number(customerId) }, Date.now() - 91 * DAY);
      const expired = await t.http.get(`/api/v1/public/tickets/${old.token}`);
      expect(expired.status).toBe(410);
      expect(expired.body.message).toMatch(/expired/);
      const fresh = links.mint({ ticketId: c.ticketId, customerId: Number(customerId) }, Date.now() - 89 * DAY);
      expect((await t.http.get(`/api/v1/public/tickets/${fresh.token}`)).status).toBe(200);
      // Outside a request (a mail job) and without HELPDESK_PUBLIC_URL there is no address to link to.
      expect(links.url(fresh.token)).toBeNull();

      // A new requester retires the old requester's links.
      const {
        rows: [other],
      } = await t.sql.query(`INSERT INTO customers (email) VALUES ('new-owner@example.com') RETURNING id`);
      await t.sql.query(`UPDATE tickets SET requester_id = $2 WHERE id = $1`, [c.ticketId, other.id]);
      expect((await t.http.get(`/api/v1/public/tickets/${c.token}`)).status).toBe(404);
    });

    it('gives agents a fresh link for any ticket', async () => {
      const created = (
        await agent.post('/api/v1/tickets', {
          subject: 'Phone call',
          body: 'Called in',
          requester: { email: 'phone@example.com', name: 'Phil' },
        })
      ).body;
      const res = await agent.get(`/api/v1/tickets/${created.id}/portal-link`);
      expect(res.status).toBe(200);
      expect(res.body.url).toMatch(new RegExp(`^${t.url}/portal/${created.id}-${created.requester.id}-`));
      expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 89 * DAY);
      const page = await t.http.get(`/api/v1/public/tickets/${tokenOf(res.body.url)}`);
      expect(page.body.messages).toEqual([
        expect.objectContaining({ bodyText: 'Called in', author: { name: 'Phil', kind: 'customer' } }),
      ]);
      expect((await agent.get('/api/v1/tickets/987654/portal-link')).status).toBe(404);
      expect((await t.http.get(`/api/v1/tickets/${created.id}/portal-link`)).status).toBe(401);
    });

    it('serves the portal page itself from the SPA (the token does not look like a file name)', async () => {
      const c = await newContact({ subject: 'Page' });
      const page = await t.http.get(new URL(c.portalUrl).pathname);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    });
  });
});

describe('customer-facing limits and settings', () => {
  let t: TestApp;
  const from = (ip: string, body: Record<string, unknown>) =>
    t.http.request(
      'POST',
      '/api/v1/public/contact',
      { name: 'N', subject: 'S', message: 'M', ...body },
      { 'x-forwarded-for': ip },
    );

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        HELPDESK_TRUST_PROXY: 'true',
        HELPDESK_PUBLIC_URL: 'https://help.example.com/desk/',
        HELPDESK_CONTACT_LIMIT_PER_IP: '4',
        HELPDESK_CONTACT_LIMIT_PER_EMAIL: '2',
        HELPDESK_PORTAL_LIMIT_PER_IP: '3',
      },
    });
  });
  afterAll(() => t.close());

  it('limits contact submissions per client IP (bots and bad input count too) and per email address, with Retry-After', async () => {
    expect((await from('203.0.113.1', { email: 'a@example.com' })).status).toBe(202);
    expect((await from('203.0.113.1', { email: 'a@example.com', website: 'x' })).status).toBe(202);
    expect((await from('203.0.113.1', { email: 'not-an-email' })).status).toBe(400);
    expect((await from('203.0.113.1', { email: 'b@example.com' })).status).toBe(202);
    const byIp = await from('203.0.113.1', { email: 'c@example.com' });
    expect(byIp.status).toBe(429);
    expect(Number(byIp.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(byIp.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });

    expect((await from('203.0.113.2', { email: 'a@example.com' })).status).toBe(202);
    const byEmail = await from('203.0.113.3', { email: 'A@example.com' });
    expect(byEmail.status).toBe(429);
    expect(byEmail.body.message).toMatch(/this address/);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n).toBe(3);
  });

  it('builds portal links on HELPDESK_PUBLIC_URL and limits portal requests per client IP', async () => {
    const res = await from('198.51.100.7', { email: 'p@example.com' });
    expect(res.body.portalUrl).toMatch(/^https:\/\/help\.example\.com\/desk\/portal\/[0-9a-z-]+$/);
    expect(t.app.get(PortalLinks).url('abc')).toBe('https://help.example.com/desk/portal/abc');
    const path = `/api/v1/public/tickets/${res.body.portalUrl.split('/portal/')[1]}`;
    for (let i = 0; i < 3; i++)
      expect((await t.http.request('GET', path, undefined, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    const limited = await t.http.request('GET', path, undefined, { 'x-forwarded-for': '198.51.100.8' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await t.http.request('GET', path, undefined, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
  });
});
