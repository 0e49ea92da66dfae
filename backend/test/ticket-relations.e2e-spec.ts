import { TicketTokens } from '../src/mail/ticket-tokens';
import { PortalLinks } from '../src/portal/portal-links';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Organizations, merge, split, links, followers and mentions (issue 15) on the real
 * application with its SMTP receiver, its worker and a relay sink: mail in over SMTP,
 * notifications out through the relay.
 */
describe('organizations, merge, split, links, followers, mentions', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tokens: TicketTokens;
  let n = 0;
  const unique = () => `r${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
      },
    });
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const ticket = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body;
  /** The ticket whose subject holds `token`, once the worker has made it from mail. */
  const mailTicket = (token: string) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      return list.body.items.length ? ticket(list.body.items[0].id) : undefined;
    });
  /** The ticket once it has `count` messages. */
  const withMessages = (id: number, count: number) =>
    eventually(async () => {
      const tk = await ticket(id);
      return tk.messages.length >= count ? tk : undefined;
    });
  const apiTicket = async (email: string, extra: Record<string, unknown> = {}) =>
    (
      await t.admin.post('/api/v1/tickets', {
        subject: `Question ${unique()}`,
        body: 'Hello?',
        requester: { email },
        ...extra,
      })
    ).body;
  const audit = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}/events?limit=200`)).body.items;

  describe('organizations', () => {
    it('takes in customers by domain (API, ticket, contact form, mail, existing ones) and lets agents move people', async () => {
      const domain = `${unique()}.example.com`;
      const existing = (await t.admin.post('/api/v1/customers', { email: `old@${domain}` })).body;
      expect(existing.organizationId).toBeNull();
      const org = await t.admin.post('/api/v1/organizations', {
        name: `Acme ${domain}`,
        domains: [`@${domain.toUpperCase()}`],
        notes: 'Key account',
        tags: ['VIP'],
      });
      expect(org.status).toBe(201);
      expect(org.body).toMatchObject({ domains: [domain], tags: ['vip'], notes: 'Key account', sharedTickets: false });
      const orgId = org.body.id;
      // A customer of the domain who belonged nowhere joins when the domain is added.
      expect((await t.admin.get(`/api/v1/customers/${existing.id}`)).body.organizationId).toBe(orgId);

      const viaApi = (await t.admin.post('/api/v1/customers', { email: `ann@${domain}` })).body;
      expect(viaApi.organizationId).toBe(orgId);
      const elsewhere = (await t.admin.post('/api/v1/customers', { email: `bob@${domain}`, organizationId: null }))
        .body;
      expect(elsewhere.organizationId).toBeNull();
      const byTicket = await apiTicket(`cara@${domain}`);
      expect(byTicket.organizationId).toBe(orgId);
      const contact = await t.http.post('/api/v1/public/contact', {
        name: 'Dee',
        email: `dee@${domain}`,
        subject: 'Contact form',
        message: 'Hi',
      });
      const fromForm = (await t.admin.get(`/api/v1/tickets?organizationId=${orgId}`)).body.items.find(
        (x: { number: number }) => x.number === contact.body.ticketNumber,
      );
      expect(fromForm).toBeDefined();
      const token = unique();
      await sendMail(t, { from: `eve@${domain}`, to: 'support@acme.test', subject: `Mail ${token}`, text: 'Hi' });
      const byMail = await mailTicket(token);
      expect(byMail.organizationId).toBe(orgId);
      expect((await t.admin.get(`/api/v1/customers/${byMail.requesterId}`)).body.organizationId).toBe(orgId);

      const members = await t.admin.get(`/api/v1/customers?organizationId=${orgId}&limit=200`);
      expect(members.body.items.map((c: { email: string }) => c.email).sort()).toEqual(
        [`ann@${domain}`, `cara@${domain}`, `dee@${domain}`, `eve@${domain}`, `old@${domain}`].sort(),
      );

      // A domain belongs to one organization.
      const clash = await t.admin.post('/api/v1/organizations', { name: `Other ${domain}`, domains: [domain] });
      expect(clash.status).toBe(409);
      expect(clash.body.message).toMatch(/belongs to/);

      // An agent moves a person: their tickets keep the organization they were opened under.
      const other = (await t.admin.post('/api/v1/organizations', { name: `Other ${domain}` })).body;
      const agent = await t.newUser('agent');
      const moved = await agent.patch(`/api/v1/customers/${byTicket.requesterId}`, { organizationId: other.id });
      expect(moved.body.organizationId).toBe(other.id);
      expect((await ticket(byTicket.id)).organizationId).toBe(orgId);
      const later = await apiTicket(`cara@${domain}`);
      expect(later.organizationId).toBe(other.id);
      expect((await agent.patch(`/api/v1/customers/${viaApi.id}`, { organizationId: 999999 })).status).toBe(400);
      // The ticket's own organization is a field agents may change, in the audit trail.
      const retagged = await t.admin.patch(`/api/v1/tickets/${byTicket.id}`, { organizationId: other.id });
      expect(retagged.body.organizationId).toBe(other.id);
      expect((await audit(byTicket.id)).at(-1)).toMatchObject({
        field: 'organizationId',
        before: orgId,
        after: other.id,
      });

      const listed = await t.admin.get(`/api/v1/tickets?organizationId=${other.id}`);
      expect(listed.body.items.map((x: { id: number }) => x.id).sort()).toEqual([byTicket.id, later.id].sort());
      expect(
        (await t.admin.get(`/api/v1/organizations?q=other`)).body.items.map((o: { id: number }) => o.id),
      ).toContain(other.id);
      expect(
        (await t.admin.get(`/api/v1/organizations?q=${domain}`)).body.items.map((o: { id: number }) => o.id),
      ).toEqual([orgId]);

      // Deleting: admins only, and never an organization tickets name.
      expect((await agent.delete(`/api/v1/organizations/${other.id}`)).status).toBe(403);
      expect((await t.admin.delete(`/api/v1/organizations/${other.id}`)).status).toBe(409);
      const empty = (await t.admin.post('/api/v1/organizations', { name: `Empty ${domain}` })).body;
      expect((await t.admin.delete(`/api/v1/organizations/${empty.id}`)).status).toBe(204);
    });

    it('lets members see and answer each other’s tickets on the portal only while the organization shares them', async () => {
      const domain = `${unique()}.example.com`;
      const org = (await t.admin.post('/api/v1/organizations', { name: `Share ${domain}`, domains: [domain] })).body;
      const mine = await apiTicket(`me@${domain}`, { subject: 'My printer' });
      const theirs = await apiTicket(`colleague@${domain}`, { subject: 'Their scanner' });
      const stranger = await apiTicket(`someone@${unique()}.example.org`, { subject: 'Not ours' });
      const link = (await t.admin.get(`/api/v1/tickets/${mine.id}/portal-link`)).body.url as string;
      const token = link.split('/portal/')[1];
      const page = async () => (await t.http.get(`/api/v1/public/tickets/${token}`)).body;
      expect((await page()).organizationTickets).toEqual([]);

      await t.admin.patch(`/api/v1/organizations/${org.id}`, { sharedTickets: true });
      const shared = (await page()).organizationTickets;
      expect(shared.map((x: { subject: string }) => x.subject)).toEqual(['Their scanner']);
      expect(shared[0]).toMatchObject({ number: theirs.number, status: 'new', requesterName: 'Customer' });
      expect(JSON.stringify(shared)).not.toContain('colleague@');
      const theirToken = (shared[0].url as string).split('/portal/')[1];
      const opened = await t.http.get(`/api/v1/public/tickets/${theirToken}`);
      expect(opened.status).toBe(200);
      expect(opened.body.ticket.subject).toBe('Their scanner');
      const answered = await t.http.post(`/api/v1/public/tickets/${theirToken}/messages`, { body: 'Same here.' });
      expect(answered.status).toBe(201);
      expect((await ticket(theirs.id)).messages.at(-1)).toMatchObject({
        bodyText: 'Same here.',
        author: { type: 'customer', email: `me@${domain}` },
      });

      // A genuine link of the member's for a ticket outside the organization opens nothing.
      const outside = t.app.get(PortalLinks).mint({ ticketId: stranger.id, customerId: mine.requesterId }).token;
      expect((await t.http.get(`/api/v1/public/tickets/${outside}`)).status).toBe(404);
      // Turning sharing off closes the colleague's ticket to the member again.
      await t.admin.patch(`/api/v1/organizations/${org.id}`, { sharedTickets: false });
      expect((await t.http.get(`/api/v1/public/tickets/${theirToken}`)).status).toBe(404);
      expect((await t.http.get(`/api/v1/public/tickets/${token}`)).status).toBe(200);
    });
  });

  describe('merge', () => {
    it('moves messages, files, followers and tags, closes the source with a note, and threads its later mail to the target', async () => {
      const token = unique();
      const customer = `mia-${token}@example.org`;
      await sendMail(t, {
        from: `"Mia" <${customer}>`,
        to: 'support@acme.test',
        subject: `Invoice wrong ${token}`,
        text: 'The invoice is wrong.',
        messageId: `<m1-${token}@mail.example.org>`,
        attachments: [{ filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 test') }],
      });
      const source = await mailTicket(`Invoice wrong ${token}`.split(' ').at(-1)!);
      const target = await apiTicket(customer, { subject: `Billing ${token}`, tags: ['billing'] });
      await t.admin.patch(`/api/v1/tickets/${source.id}`, { tags: ['invoice'] });
      await t.admin.post(`/api/v1/tickets/${source.id}/followers`, { email: `boss-${token}@example.org` });
      const agent = await t.newUser('agent');
      await agent.post(`/api/v1/tickets/${source.id}/followers`, {});
      const sourceReply = (
        await t.admin.post(`/api/v1/tickets/${source.id}/messages`, { body: 'We are checking the invoice.' })
      ).body;
      const ourMail = (await sink.received(customer, 2)).find(
        (m) => m.mail.messageId === tokens.messageId(source.id, sourceReply.id),
      )!;
      expect(ourMail).toBeDefined();

      expect((await t.admin.post(`/api/v1/tickets/${target.id}/merge`, { sourceIds: [target.id] })).status).toBe(400);
      expect((await t.admin.post(`/api/v1/tickets/${target.id}/merge`, { sourceIds: [99999999] })).status).toBe(404);
      const merged = await agent.post(`/api/v1/tickets/${target.id}/merge`, { sourceIds: [source.id] });
      expect(merged.status).toBe(200);
      expect(merged.body.tags).toEqual(['billing', 'invoice']);
      const moved = merged.body.messages.filter((m: { bodyText: string }) =>
        ['The invoice is wrong.', 'We are checking the invoice.'].includes(m.bodyText),
      );
      expect(moved).toHaveLength(2);
      expect(moved[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['invoice.pdf']);
      expect((await agent.get(moved[0].attachments[0].url)).status).toBe(200);
      expect(merged.body.messages.at(-1)).toMatchObject({
        internal: true,
        bodyText: `Merged into this ticket: #${source.number}`,
      });
      expect(merged.body.followers.users.map((u: { id: number }) => u.id)).toEqual([agent.user.id]);
      expect(merged.body.followers.customers.map((c: { email: string }) => c.email)).toEqual([
        `boss-${token}@example.org`,
      ]);
      expect(merged.body.links).toEqual([
        {
          kind: 'merged_into',
          direction: 'incoming',
          ticket: { id: source.id, number: source.number, subject: source.subject, status: 'closed' },
        },
      ]);

      const closed = await ticket(source.id);
      expect(closed).toMatchObject({ status: 'closed', mergedIntoId: target.id, messageCount: 1 });
      expect(closed.messages).toEqual([
        expect.objectContaining({ internal: true, bodyText: `Merged into #${target.number}: ${target.subject}` }),
      ]);
      expect((await audit(source.id)).filter((e: { action: string }) => e.action === 'updated')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'status',
            after: 'closed',
            actor: expect.objectContaining({ id: agent.user.id }),
          }),
          expect.objectContaining({ field: 'mergedIntoId', before: null, after: target.id }),
        ]),
      );
      expect((await audit(target.id)).at(-1)).toMatchObject({
        field: 'mergedTicketIds',
        before: [],
        after: [source.id],
      });
      expect((await t.admin.post(`/api/v1/tickets/${target.id}/merge`, { sourceIds: [source.id] })).status).toBe(409);
      // Search finds the moved conversation on the target.
      const found = await t.admin.get(`/api/v1/tickets?q=invoice&status=new,open`);
      expect(found.body.items.map((x: { id: number }) => x.id)).toContain(target.id);

      const count = (await ticket(target.id)).messages.length;
      // 1. An answer to our reply on the source (its signed Message-ID, and its Reply-To token).
      await sendMail(t, {
        from: `"Mia" <${customer}>`,
        to: ourMail.mail.replyTo!.value[0].address!,
        subject: `Re: ${ourMail.mail.subject}`,
        inReplyTo: ourMail.mail.messageId,
        references: [ourMail.mail.messageId!],
        text: 'Any news?',
      });
      // 2. Mail naming only the source's number, from its requester.
      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        subject: `About [#${source.number}]`,
        text: 'Me again.',
      });
      // 3. A reply to the customer's own first mail (now on the target).
      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        subject: 'Re: Invoice wrong',
        inReplyTo: `<m1-${token}@mail.example.org>`,
        text: 'Forgot one thing.',
      });
      const after = await withMessages(target.id, count + 3);
      expect(
        after.messages
          .slice(-3)
          .map((m: { bodyText: string }) => m.bodyText)
          .sort(),
      ).toEqual(['Any news?', 'Forgot one thing.', 'Me again.'].sort());
      expect((await ticket(source.id)).messages).toHaveLength(1);
      // None of them started a follow-up of the closed source.
      expect((await ticket(target.id)).links.filter((l: { kind: string }) => l.kind === 'follow_up')).toEqual([]);
      expect((await t.admin.get(`/api/v1/tickets/${source.id}/links`)).body).toEqual([
        expect.objectContaining({ kind: 'merged_into', direction: 'outgoing' }),
      ]);
      // The source requester's old portal link opens the target.
      const link = (await t.admin.get(`/api/v1/tickets/${source.id}/portal-link`)).body.url.split('/portal/')[1];
      expect((await t.http.get(`/api/v1/public/tickets/${link}`)).body.ticket.number).toBe(target.number);
    });

    it('merges several tickets into one, one transaction, and refuses closed ones', async () => {
      const customer = `multi-${unique()}@example.org`;
      const [a, b, c] = [await apiTicket(customer), await apiTicket(customer), await apiTicket(customer)];
      await t.admin.patch(`/api/v1/tickets/${c.id}`, { status: 'closed' });
      const refused = await t.admin.post(`/api/v1/tickets/${a.id}/merge`, { sourceIds: [b.id, c.id] });
      expect(refused.status).toBe(409);
      expect((await ticket(b.id)).status).toBe('new');
      const d = await apiTicket(`other-${unique()}@example.org`);
      const ok = await t.admin.post(`/api/v1/tickets/${a.id}/merge`, { sourceIds: [d.id, b.id] });
      expect(ok.status).toBe(200);
      expect(ok.body.messages.filter((m: { internal: boolean }) => !m.internal)).toHaveLength(3);
      // The other requester now follows the target (they get its replies).
      expect(ok.body.followers.customers.map((x: { id: number }) => x.id)).toEqual([d.requesterId]);
      expect((await audit(a.id)).at(-1)).toMatchObject({
        field: 'mergedTicketIds',
        after: [b.id, d.id].sort((x, y) => x - y),
      });
    });
  });

  describe('split', () => {
    it('moves a message into a new linked ticket, and a reply to that message lands there', async () => {
      const token = unique();
      const customer = `sam-${token}@example.org`;
      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        subject: `Two problems ${token}`,
        text: 'First problem.',
        messageId: `<s1-${token}@mail.example.org>`,
      });
      const original = await mailTicket(token);
      const colleague = `pat-${token}@example.org`;
      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        cc: colleague,
        subject: `Re: Two problems ${token}`,
        inReplyTo: `<s1-${token}@mail.example.org>`,
        text: 'Second, unrelated problem.',
        messageId: `<s2-${token}@mail.example.org>`,
      });
      const both = await withMessages(original.id, 2);
      const second = both.messages[1];
      const refused = await t.admin.post(`/api/v1/tickets/${original.id}/messages/999999/split`, {});
      expect(refused.status).toBe(404);
      const split = await t.admin.post(`/api/v1/tickets/${original.id}/messages/${second.id}/split`, {
        subject: `Second problem ${token}`,
      });
      expect(split.status).toBe(201);
      expect(split.body).toMatchObject({
        subject: `Second problem ${token}`,
        requesterId: original.requesterId,
        messages: [expect.objectContaining({ id: second.id, bodyText: 'Second, unrelated problem.' })],
        links: [{ kind: 'related', direction: 'outgoing', ticket: expect.objectContaining({ id: original.id }) }],
      });
      const left = await ticket(original.id);
      expect(left.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual([
        'First problem.',
        `Message split off into #${split.body.number}`,
      ]);
      expect(left.links).toEqual([
        { kind: 'related', direction: 'incoming', ticket: expect.objectContaining({ id: split.body.id }) },
      ]);
      expect((await audit(original.id)).at(-1)).toMatchObject({ field: 'links', before: [] });
      const only = await t.admin.post(`/api/v1/tickets/${split.body.id}/messages/${second.id}/split`, {});
      expect(only.status).toBe(409);

      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        subject: 'Re: Second, unrelated problem',
        inReplyTo: `<s2-${token}@mail.example.org>`,
        text: 'More on the second problem.',
      });
      const answered = await withMessages(split.body.id, 2);
      expect(answered.messages[1].bodyText).toBe('More on the second problem.');
      expect((await ticket(original.id)).messages).toHaveLength(2);
    });
  });

  describe('links', () => {
    it('adds, reads and removes links in both tickets, audited; one link per pair; a merge stays', async () => {
      const customer = `link-${unique()}@example.org`;
      const [a, b] = [await apiTicket(customer), await apiTicket(customer)];
      const added = await t.admin.post(`/api/v1/tickets/${a.id}/links`, { ticketId: b.id, kind: 'duplicate_of' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual([
        {
          kind: 'duplicate_of',
          direction: 'outgoing',
          ticket: { id: b.id, number: b.number, subject: b.subject, status: 'new' },
        },
      ]);
      expect((await t.admin.get(`/api/v1/tickets/${b.id}/links`)).body).toEqual([
        expect.objectContaining({ kind: 'duplicate_of', direction: 'incoming' }),
      ]);
      // The same again changes nothing; another kind between the two is a conflict.
      expect(
        (await t.admin.post(`/api/v1/tickets/${a.id}/links`, { ticketId: b.id, kind: 'duplicate_of' })).status,
      ).toBe(201);
      expect((await t.admin.post(`/api/v1/tickets/${b.id}/links`, { ticketId: a.id, kind: 'related' })).status).toBe(
        409,
      );
      expect((await t.admin.post(`/api/v1/tickets/${a.id}/links`, { ticketId: a.id, kind: 'related' })).status).toBe(
        400,
      );
      expect(
        (await t.admin.post(`/api/v1/tickets/${a.id}/links`, { ticketId: b.id, kind: 'merged_into' })).status,
      ).toBe(400);
      for (const id of [a.id, b.id])
        expect((await audit(id)).filter((e: { field: string }) => e.field === 'links')).toHaveLength(1);

      expect((await t.admin.delete(`/api/v1/tickets/${b.id}/links/${a.id}`)).status).toBe(204);
      expect((await t.admin.get(`/api/v1/tickets/${a.id}/links`)).body).toEqual([]);
      expect((await t.admin.delete(`/api/v1/tickets/${b.id}/links/${a.id}`)).status).toBe(404);

      const c = await apiTicket(customer);
      await t.admin.post(`/api/v1/tickets/${a.id}/merge`, { sourceIds: [c.id] });
      expect((await t.admin.delete(`/api/v1/tickets/${a.id}/links/${c.id}`)).status).toBe(409);
    });
  });

  describe('followers and mentions', () => {
    it('lets agents follow; CC’d customers are followers agents add and remove', async () => {
      const customer = `fol-${unique()}@example.org`;
      const tk = await apiTicket(customer);
      const agent = await t.newUser('agent');
      const me = await agent.post(`/api/v1/tickets/${tk.id}/followers`, {});
      expect(me.status).toBe(201);
      expect(me.body.users).toEqual([{ id: agent.user.id, name: agent.user.name, email: agent.user.email }]);
      const cc = await agent.post(`/api/v1/tickets/${tk.id}/followers`, { email: 'Cc.Person@Example.org', name: 'Cc' });
      expect(cc.body.customers).toEqual([expect.objectContaining({ email: 'cc.person@example.org', name: 'Cc' })]);
      expect((await agent.post(`/api/v1/tickets/${tk.id}/followers`, { customerId: tk.requesterId })).status).toBe(400);
      expect((await agent.post(`/api/v1/tickets/${tk.id}/followers`, { email: agent.user.email })).status).toBe(400);
      expect((await agent.post(`/api/v1/tickets/${tk.id}/followers`, { userId: 99999999 })).status).toBe(400);
      expect((await ticket(tk.id)).followers).toEqual({ users: me.body.users, customers: cc.body.customers });
      expect(
        (await audit(tk.id))
          .filter((e: { field: string }) => e.field === 'followers')
          .map((e: { after: unknown }) => e.after),
      ).toEqual([
        { users: [agent.user.id], customers: [] },
        { users: [agent.user.id], customers: [cc.body.customers[0].id] },
      ]);
      const list = await t.admin.get(`/api/v1/tickets?followedBy=${agent.user.id}`);
      expect(list.body.items.map((x: { id: number }) => x.id)).toEqual([tk.id]);
      expect((await agent.get('/api/v1/tickets?followedBy=me')).body.items.map((x: { id: number }) => x.id)).toEqual([
        tk.id,
      ]);

      const removed = await agent.delete(`/api/v1/tickets/${tk.id}/followers?customerId=${cc.body.customers[0].id}`);
      expect(removed.body.customers).toEqual([]);
      const gone = await agent.delete(`/api/v1/tickets/${tk.id}/followers`);
      expect(gone.body.users).toEqual([]);
      // Public replies are no longer copied to them: the reply goes to the requester alone.
      const reply = (await t.admin.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'Done' })).body;
      const sent = await eventually(
        async () =>
          (await t.sql.query(`SELECT cc_addresses FROM outbound_messages WHERE message_id = $1`, [reply.id])).rows[0],
      );
      expect(sent.cc_addresses).toEqual([]);
    });

    it('tells following agents of customer replies (mail and portal) through the relay, the assignee once', async () => {
      const token = unique();
      const customer = `nora-${token}@example.org`;
      await sendMail(t, { from: customer, to: 'support@acme.test', subject: `Follow me ${token}`, text: 'Hi' });
      const tk = await mailTicket(token);
      const follower = await t.newUser('agent');
      const assignee = await t.newUser('agent');
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { assigneeId: assignee.user.id });
      await follower.post(`/api/v1/tickets/${tk.id}/followers`, {});
      await assignee.post(`/api/v1/tickets/${tk.id}/followers`, {});
      const ours = (await t.admin.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'Which model?' })).body;
      const ourMail = (await sink.received(customer, 2)).find(
        (m) => m.mail.messageId === tokens.messageId(tk.id, ours.id),
      )!;
      await sendMail(t, {
        from: customer,
        to: ourMail.mail.replyTo!.value[0].address!,
        subject: `Re: ${ourMail.mail.subject}`,
        inReplyTo: ourMail.mail.messageId,
        text: 'Model 7.',
      });
      const [note] = await sink.received(follower.user.email);
      expect(note.mail.subject).toContain(`replied on ticket #${tk.number}`);
      expect(note.mail.text).toContain('which you follow');
      expect(note.mail.text).toContain('Model 7.');
      expect(note.mail.headers.get('auto-submitted')).toBe('auto-generated');
      const forAssignee = await sink.received(assignee.user.email);
      await new Promise((r) => setTimeout(r, 500));
      // The assignee got one mail for the reply (as assignee), not a second as a follower.
      const replies = sink.to(assignee.user.email).filter((m) => m.mail.subject?.includes('replied'));
      expect(replies).toHaveLength(1);
      expect(forAssignee.find((m) => m.mail.subject?.includes('replied'))!.mail.text).toContain(
        'which is assigned to you',
      );

      // On the portal too.
      const link = (await t.admin.get(`/api/v1/tickets/${tk.id}/portal-link`)).body.url.split('/portal/')[1];
      await t.http.post(`/api/v1/public/tickets/${link}/messages`, { body: 'Also model 8.' });
      const both = await sink.received(follower.user.email, 2);
      expect(both[1].mail.text).toContain('Also model 8.');
    });

    it('mentions in an internal note mail the agent and fill their mentions inbox', async () => {
      const tk = await apiTicket(`men-${unique()}@example.org`);
      const dana = await t.newUser('agent');
      const author = await t.newUser('agent');
      const note = await author.post(`/api/v1/tickets/${tk.id}/messages`, {
        body: `@${dana.user.name} can you check this?`,
        internal: true,
        mentions: [dana.user.id],
      });
      expect(note.status).toBe(201);
      const [mail] = await sink.received(dana.user.email);
      expect(mail.mail.subject).toContain(`${author.user.name} mentioned you on ticket #${tk.number}`);
      expect(mail.mail.text).toContain('can you check this?');

      expect((await dana.get('/api/v1/mentions/unread')).body).toEqual({ unread: 1 });
      const inbox = await dana.get('/api/v1/mentions');
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          ticket: { id: tk.id, number: tk.number, subject: tk.subject, status: 'new' },
          messageId: note.body.id,
          internal: true,
          excerpt: `@${dana.user.name} can you check this?`,
          author: { id: author.user.id, name: author.user.name },
          readAt: null,
        }),
      ]);
      // Every agent sees their own mentions only.
      expect((await author.get('/api/v1/mentions')).body.items).toEqual([]);
      expect((await dana.post('/api/v1/mentions/read', { ticketId: tk.id })).body).toEqual({ unread: 0 });
      expect((await dana.get('/api/v1/mentions?unread=true')).body.items).toEqual([]);
      expect((await dana.get('/api/v1/mentions')).body.items[0].readAt).not.toBeNull();
      // Mentioning someone who is not an active user is refused, and nothing is written.
      const bad = await author.post(`/api/v1/tickets/${tk.id}/messages`, {
        body: 'x',
        internal: true,
        mentions: [9999999],
      });
      expect(bad.status).toBe(400);
    });
  });
});
