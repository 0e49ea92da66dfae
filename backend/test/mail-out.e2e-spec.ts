import { Transactions } from '../src/database/transactions';
import { TicketTokens } from '../src/mail/ticket-tokens';
import { OutboxRepository } from '../src/mail-out/outbox/outbox.repository';
import { OutboxService } from '../src/mail-out/outbox/outbox.service';
import { OutboundSender } from '../src/mail-out/sending/outbound-sender.service';
import { OutboundWorker } from '../src/mail-out/sending/outbound-worker.service';
import { SmtpReceiver } from '../src/mail-in/smtp/smtp-receiver.service';
import { eventually, sendMail, smtpSession } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

describe('email out', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let outbox: OutboxService;
  let tokens: TicketTokens;
  let n = 0;
  const unique = () => `o${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_OUTBOUND_ATTEMPTS: '4',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
      },
    });
    outbox = t.app.get(OutboxService);
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  /** A ticket through the API, requested by `email`. */
  const apiTicket = async (email: string, subject = `Question ${unique()}`) =>
    (await t.admin.post('/api/v1/tickets', { subject, body: 'Hello?', requester: { email } })).body;
  /** The ticket whose subject contains `token`, once the worker has made it from mail. */
  const mailTicket = (token: string) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      return list.body.items.length ? (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body : undefined;
    });
  const outboundRows = async (ticketId: number) =>
    (await t.sql.query(`SELECT * FROM outbound_messages WHERE ticket_id = $1 ORDER BY id`, [ticketId])).rows;
  /** The delivery of a message, once it reaches one of `statuses`. */
  const delivery = (ticketId: number, messageId: number, statuses: string[], ms = 10000) =>
    eventually(async () => {
      const ticket = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      const d = ticket.messages.find((m: { id: number }) => m.id === messageId)?.delivery;
      return d && statuses.includes(d.status) ? d : undefined;
    }, ms);
  const reply = async (ticketId: number, body: string, extra: Record<string, unknown> = {}) => {
    const res = await t.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('keeps mail in the outbox while no relay is configured, and sends it once an admin sets one', async () => {
    const customer = `wait-${unique()}@example.org`;
    const ticket = await apiTicket(customer);
    const message = await reply(ticket.id, 'We are on it.');
    expect(message.delivery).toMatchObject({
      outboundId: expect.any(Number),
      status: 'queued',
      reason: 'no relay configured',
      attempts: 0,
    });
    const waiting = message.delivery;
    const listed = await t.admin.get('/api/v1/outbound?status=queued');
    expect(listed.body.items.find((o: { id: number }) => o.id === waiting.outboundId)).toMatchObject({
      status: 'queued',
      reason: 'no relay configured',
      to: [customer],
    });
    expect(sink.to(customer)).toHaveLength(0);

    expect((await t.admin.get('/api/v1/settings/relay')).body).toEqual({ url: null, source: null });
    const bad = await t.admin.put('/api/v1/settings/relay', { url: 'http://relay.example.com' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.url).toBeDefined();
    const saved = await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      url: `smtp://relay-user:****@127.0.0.1:${sink.port}?tls.rejectUnauthorized=false`,
      source: 'settings',
    });

    const [sent] = await sink.received(customer);
    expect(sent).toMatchObject({ secure: true, user: 'relay-user' });
    expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({
      status: 'sent',
      reason: null,
      attempts: 1,
    });
    expect((await t.admin.get(`/api/v1/outbound?status=sent`)).body.items[0]).toMatchObject({
      relayResponse: expect.stringMatching(/^250 /),
    });

    // Removing the relay: mail waits again.
    expect((await t.admin.put('/api/v1/settings/relay', { url: null })).body).toEqual({ url: null, source: null });
    const later = await reply(ticket.id, 'And one more thing.');
    expect(later.delivery).toMatchObject({ status: 'queued', reason: 'no relay configured' });
  });

  describe('through a relay', () => {
    // Set by the test above too; set here so these tests also run on their own.
    beforeAll(() => t.admin.put('/api/v1/settings/relay', { url: sink.url }));

    it('emails a reply threaded into the customer’s conversation, with the headers that stop loops', async () => {
      const token = unique();
      const customer = `carol-${token}@example.org`;
      await sendMail(t, {
        from: `"Carol" <${customer}>`,
        to: 'support@acme.test',
        cc: `friend-${token}@example.org`,
        subject: `Printer jam ${token}`,
        text: 'It jams on page 2.',
        messageId: `<first-${token}@example.org>`,
      });
      const ticket = await mailTicket(token);
      const message = await reply(ticket.id, 'Please try <tray 2> & tell us.');
      await delivery(ticket.id, message.id, ['sent']);
      const mail = (await sink.received(customer)).find((m) => !m.mail.headers.get('auto-submitted'))!;

      expect(mail.mail.from!.value[0]).toEqual({ address: 'support@acme.test', name: 'ACME Support' });
      expect(mail.envelope).toEqual({ from: 'support@acme.test', to: [customer, `friend-${token}@example.org`] });
      expect(mail.mail.cc).toMatchObject({ value: [{ address: `friend-${token}@example.org` }] });
      expect(mail.mail.subject).toBe(`Re: Printer jam ${token} [#${ticket.number}]`);
      expect(mail.mail.messageId).toBe(tokens.messageId(ticket.id, message.id));
      expect(tokens.ticketOfMessageId(mail.mail.messageId!)).toBe(ticket.id);
      expect(mail.mail.inReplyTo).toBe(`<first-${token}@example.org>`);
      expect([mail.mail.references].flat()).toEqual([`<first-${token}@example.org>`]);
      expect(mail.mail.replyTo!.value[0].address).toBe(tokens.replyAddress('support@acme.test', ticket.id));
      expect(mail.mail.headers.get('x-auto-response-suppress')).toBe('All');
      expect(mail.mail.headers.get('x-helpdesk-loop')).toMatch(/^[0-9a-f]{16}$/);
      expect(mail.mail.headers.get('auto-submitted')).toBeUndefined();
      expect(mail.mail.text).toContain('Please try <tray 2> & tell us.');
      expect(mail.mail.text).toMatch(/Carol wrote:\n> It jams on page 2\./);
      expect(mail.mail.html).toContain('Please try &lt;tray 2&gt; &amp; tell us.');
      expect(mail.mail.html).toContain('<blockquote');

      // The ticket shows the mail: its Message-ID and addresses on the message, and the delivery.
      const after = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      const shown = after.messages.find((m: { id: number }) => m.id === message.id);
      expect(shown.mail).toMatchObject({
        messageId: mail.mail.messageId,
        from: 'support@acme.test',
        to: [customer],
        cc: [`friend-${token}@example.org`],
      });
      expect(shown.delivery).toMatchObject({ status: 'sent', attempts: 1 });
      // Internal notes are never emailed.
      const note = await reply(ticket.id, 'internal thoughts', { internal: true });
      expect(note.delivery).toBeNull();
    });

    it('acknowledges a new ticket from a person, never an auto-reply, a bounce or list mail', async () => {
      const token = unique();
      const customer = `dave-${token}@example.org`;
      await sendMail(t, {
        from: customer,
        to: 'support@acme.test',
        subject: `Refund ${token}`,
        text: 'Where is it?',
        messageId: `<ask-${token}@example.org>`,
      });
      const ticket = await mailTicket(token);
      const [ack] = await sink.received(customer);
      expect(ack.mail.subject).toBe(`We received your request: Refund ${token} [#${ticket.number}]`);
      expect(ack.mail.headers.get('auto-submitted')).toBe('auto-replied');
      expect(ack.mail.headers.get('x-auto-response-suppress')).toBe('All');
      expect(ack.mail.inReplyTo).toBe(`<ask-${token}@example.org>`);
      expect(tokens.ticketOfMessageId(ack.mail.messageId!)).toBe(ticket.id);
      expect(ack.mail.text).toContain(`Your request is ticket #${ticket.number}`);

      for (const [kind, headers] of [
        ['auto', { 'Auto-Submitted': 'auto-replied' }],
        ['list', { 'List-Id': '<news.example.org>' }],
      ] as const) {
        const other = `${kind}-${token}@example.org`;
        await sendMail(t, {
          from: other,
          to: 'support@acme.test',
          subject: `Noise ${kind} ${token}`,
          text: 'hi',
          headers,
        });
        const noisy = await eventually(async () => {
          const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
          return list.body.items.find((x: { subject: string }) => x.subject === `Noise ${kind} ${token}`);
        });
        expect(await outboundRows(noisy.id)).toEqual([]);
      }
    });

    it('retries a 451 with backoff and delivers on the next attempt', async () => {
      const customer = `slow-${unique()}@example.org`;
      sink.answers.set(customer, [451]);
      const ticket = await apiTicket(customer);
      const message = await reply(ticket.id, 'Retry me');
      expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({
        status: 'sent',
        attempts: 2,
        reason: null,
      });
      expect(sink.to(customer)).toHaveLength(1);
    });

    it('stops at a 5xx with the relay’s reason, and an agent can retry', async () => {
      const customer = `gone-${unique()}@example.org`;
      sink.answers.set(customer, [550]);
      const ticket = await apiTicket(customer);
      const message = await reply(ticket.id, 'Hello?');
      const failed = await delivery(ticket.id, message.id, ['failed']);
      expect(failed).toMatchObject({ attempts: 1, reason: expect.stringContaining('550') });
      await new Promise((r) => setTimeout(r, 800)); // several backoff periods: no further attempt
      expect((await outboundRows(ticket.id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(sink.to(customer)).toHaveLength(0);

      const agent = await t.newUser('agent');
      const retried = await agent.post(`/api/v1/outbound/${failed.outboundId}/retry`);
      expect(retried.status).toBe(202);
      expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({ attempts: 2, reason: null });
      expect(sink.to(customer)).toHaveLength(1);
      expect((await agent.post(`/api/v1/outbound/${failed.outboundId}/retry`)).status).toBe(409);
    });

    it('never sends a second copy when a job runs again after the relay accepted the mail', async () => {
      const customer = `once-${unique()}@example.org`;
      sink.delayMs = 1500; // a slow relay: the first attempt is still waiting for its 250
      try {
        const ticket = await apiTicket(customer);
        const message = await reply(ticket.id, 'Exactly once');
        const { outboundId } = await delivery(ticket.id, message.id, ['sending']);
        // Another worker picks the same mail up meanwhile (a stalled job handed out again).
        expect(await t.app.get(OutboundSender).send(outboundId, false)).toMatchObject({
          status: 'sending',
          retry: true,
        });
        await delivery(ticket.id, message.id, ['sent']);
        // A job for it run again after the 250 was recorded: nothing is sent.
        expect(await t.app.get(OutboundSender).send(outboundId, false)).toEqual({
          status: 'skipped',
          reason: 'already sent',
        });
        const job = await outbox.queue.bull.add('send', { outboundId }, { jobId: `again-${outboundId}` });
        await eventually(async () =>
          (await job.getState()) === 'completed' || !(await outbox.queue.bull.getJob(job.id!)) ? true : undefined,
        );
        await new Promise((r) => setTimeout(r, 300));
        expect(sink.to(customer)).toHaveLength(1);
        expect((await outboundRows(ticket.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
      } finally {
        sink.delayMs = 0;
      }
    });

    it('sends, well within the lease, a mail whose claim the database ran only after the worker gave up on it', async () => {
      // A frozen server resumes the statements it had received: the claim times out on our
      // side, the worker gives it back, and then the claim lands. Left alone, the row would
      // stay `sending` (in flight) until the 10-minute lease passed.
      const repo = t.app.get(OutboxRepository);
      const [realClaim, realRelease] = [repo.claim.bind(repo), repo.releaseClaim.bind(repo)];
      let late: Parameters<typeof realClaim> | undefined;
      jest.spyOn(repo, 'claim').mockImplementationOnce(async (...args) => {
        late = args;
        throw new Error('Query read timeout');
      });
      const claimed = new Promise<void>((landed) =>
        jest.spyOn(repo, 'releaseClaim').mockImplementationOnce(async (...args) => {
          const released = await realRelease(...args);
          await realClaim(...late!); // the claim the server ran after this release
          landed();
          return released;
        }),
      );
      const customer = `late-claim-${unique()}@example.org`;
      const ticket = await apiTicket(customer);
      const message = await reply(ticket.id, 'Claimed late');
      await claimed;
      expect(await delivery(ticket.id, message.id, ['sent'], 30_000)).toMatchObject({ status: 'sent' });
      expect(sink.to(customer)).toHaveLength(1);
    }, 60_000);

    it('sends what a crash left behind: committed but never queued, or interrupted mid-send (at-least-once)', async () => {
      const customer = `crash-${unique()}@example.org`;
      const ticket = await apiTicket(customer);
      const agent = await t.newUser('agent');
      // Committed with its cause, and the process died before queuing it.
      const orphan = await t.app
        .get(Transactions)
        .run((tx) =>
          outbox.notifyAgent(tx, 'agent_assigned', ticket.id, agent.user.id, { actorUserId: t.admin.user.id }),
        );
      await t.sql.query(`UPDATE outbound_messages SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [
        orphan,
      ]);
      // Queued by this sweep or by the worker's own (every 15 s), whichever holds the lock first.
      await t.app.get(OutboundWorker).sweep();
      await sink.received(agent.user.email);

      // The relay said 250, and the worker died before recording it: the row stays `sending`.
      const message = await reply(ticket.id, 'Sent, then the worker died');
      const { outboundId } = await delivery(ticket.id, message.id, ['sent']);
      await t.sql.query(
        `UPDATE outbound_messages SET status = 'sending', sending_started_at = now() - interval '20 minutes' WHERE id = $1`,
        [outboundId],
      );
      await t.app.get(OutboundWorker).sweep();
      const copies = await sink.received(customer, 2);
      expect(copies.map((c) => c.mail.messageId)).toEqual([
        tokens.messageId(ticket.id, message.id),
        tokens.messageId(ticket.id, message.id),
      ]);
      expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({
        attempts: 2,
        reason: expect.stringContaining('sent again after an interrupted attempt'),
      });
    });

    it('notifies the assignee and mentioned agents from templates, with Auto-Submitted: auto-generated', async () => {
      const token = unique();
      const customer = `erin-${token}@example.org`;
      await sendMail(t, {
        from: `"Erin" <${customer}>`,
        to: 'support@acme.test',
        subject: `Login ${token}`,
        text: 'Cannot log in',
      });
      const ticket = await mailTicket(token);
      const bob = await t.newUser('agent');
      const assigned = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: bob.user.id });
      expect(assigned.status).toBe(200);
      const [note] = await sink.received(bob.user.email);
      expect(note.mail.subject).toBe(`Ticket #${ticket.number} is assigned to you: Login ${token} [#${ticket.number}]`);
      expect(note.mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(note.mail.headers.get('precedence')).toBe('bulk');
      expect(note.mail.text).toContain(`${t.admin.user.name} assigned ticket #${ticket.number}`);

      // The customer answers: the assignee hears of it.
      await sendMail(t, {
        from: customer,
        to: tokens.replyAddress('support@acme.test', ticket.id),
        subject: 'Re: Login',
        text: 'Still broken today.',
      });
      const [, replied] = await sink.received(bob.user.email, 2);
      expect(replied.mail.subject).toContain(`Erin replied on ticket #${ticket.number}`);
      expect(replied.mail.text).toContain('Still broken today.');

      // Bob answers that notification from his mail client: the customer gets the answer from us.
      // His mail is his only when verified; here it comes through the organisation's relay (this host).
      await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: ['127.0.0.1'] });
      await sendMail(t, {
        from: bob.user.email,
        to: replied.mail.replyTo!.value[0].address!,
        subject: `Re: ${replied.mail.subject}`,
        text: 'Please clear your cookies.\n\nOn Monday, ACME Support wrote:\n> Still broken today.',
      });
      const answered = await eventually(async () =>
        sink.to(customer).find((m) => m.mail.text?.startsWith('Please clear your cookies.')),
      );
      expect(answered.mail.from!.value[0].address).toBe('support@acme.test');
      expect(answered.mail.text).not.toContain('On Monday, ACME Support wrote');
      const withAnswer = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      const bobs = withAnswer.messages.find((m: { bodyText: string }) => m.bodyText === 'Please clear your cookies.');
      expect(bobs).toMatchObject({ author: { type: 'user', id: bob.user.id }, delivery: { status: 'sent' } });

      // Mentions in a note; taking a ticket yourself sends nothing to you.
      const carl = await t.newUser('agent');
      await reply(ticket.id, 'Carl, can you look?', { internal: true, mentions: [carl.user.id] });
      const [mention] = await sink.received(carl.user.email);
      expect(mention.mail.subject).toBe(
        `${t.admin.user.name} mentioned you on ticket #${ticket.number}: Login ${token} [#${ticket.number}]`,
      );
      expect(mention.mail.text).toContain('Carl, can you look?');
      await carl.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: carl.user.id });
      await new Promise((r) => setTimeout(r, 500));
      expect(sink.to(carl.user.email)).toHaveLength(1);
      expect(
        (await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'x', internal: true, mentions: [987654] }))
          .status,
      ).toBe(400);
    });

    it('renders admin-edited templates safely and refuses unknown placeholders', async () => {
      const list = await t.admin.get('/api/v1/mail-templates');
      expect(list.body.map((x: { key: string }) => x.key)).toEqual([
        'customer_acknowledgement',
        'agent_assigned',
        'agent_customer_replied',
        'agent_mentioned',
        'admin_source_failing',
      ]);
      expect(list.body[0].placeholders).toContain('customer.name');
      const wrong = await t.admin.put('/api/v1/mail-templates/customer_acknowledgement', {
        subject: 'Hi {{agent.name}}',
        body: 'x',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.fields.subject[0]).toContain('{{agent.name}}');
      expect((await t.admin.put('/api/v1/mail-templates/nope', { subject: 'a', body: 'b' })).status).toBe(404);
      const saved = await t.admin.put('/api/v1/mail-templates/customer_acknowledgement', {
        subject: 'Got it, {{customer.name}}',
        body: 'Dear {{customer.name}},\n<b>ticket</b> {{ticket.number}}: {{ticket.subject}}',
      });
      expect(saved.status).toBe(200);

      const token = unique();
      const customer = `fay-${token}@example.org`;
      await sendMail(t, {
        from: `"<b>Fay</b> & {{agent.name}}" <${customer}>`,
        to: 'support@acme.test',
        subject: `Tpl ${token} <i>x</i>`,
        text: 'hello',
      });
      const ticket = await mailTicket(token);
      const [ack] = await sink.received(customer);
      expect(ack.mail.subject).toBe(`Got it, <b>Fay</b> & {{agent.name}} [#${ticket.number}]`);
      expect(ack.mail.text).toBe(
        `Dear <b>Fay</b> & {{agent.name}},\n<b>ticket</b> ${ticket.number}: Tpl ${token} <i>x</i>`,
      );
      expect(ack.mail.html).toContain('Dear &lt;b&gt;Fay&lt;/b&gt; &amp; {{agent.name}},<br>');
      expect(ack.mail.html).toContain(`&lt;b&gt;ticket&lt;/b&gt; ${ticket.number}: Tpl ${token} &lt;i&gt;x&lt;/i&gt;`);
      expect(ack.mail.html).not.toMatch(/<b>|<i>/);
    });

    it('previews a wording with sample values, and a mail switched off is not sent until it is on again', async () => {
      const preview = await t.admin.post('/api/v1/mail-templates/agent_assigned/preview', {
        subject: 'For {{agent.name}}: #{{ticket.number}}',
        body: '{{actor.name}} gave you <{{customer.email}}>',
      });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        subject: 'For Sam Agent: #1042',
        text: 'Alex Lead gave you <dana@example.com>',
        html: '<div>Alex Lead gave you &lt;dana@example.com&gt;</div>',
      });
      const unknown = await t.admin.post('/api/v1/mail-templates/agent_assigned/preview', {
        subject: 'x',
        body: '{{message.text}}',
      });
      expect([unknown.status, unknown.body.fields?.body?.[0]]).toEqual([400, expect.stringContaining('message.text')]);
      // Nothing saved by a preview.
      const stored = (await t.admin.get('/api/v1/mail-templates')).body.find(
        (x: { key: string }) => x.key === 'agent_assigned',
      );
      expect(stored).toMatchObject({ subject: expect.not.stringContaining('For {{agent.name}}'), enabled: true });

      // Off: the wording stays, the acknowledgement is not queued.
      const off = await t.admin.put('/api/v1/mail-templates/customer_acknowledgement', { enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ enabled: false, subject: 'Got it, {{customer.name}}' });
      const quiet = unique();
      await sendMail(t, {
        from: `gil-${quiet}@example.org`,
        to: 'support@acme.test',
        subject: `Off ${quiet}`,
        text: 'hi',
      });
      const silent = await mailTicket(quiet);
      expect((await outboundRows(silent.id)).filter((r) => r.kind === 'customer_acknowledgement')).toEqual([]);

      // On again: the next new ticket gets one.
      expect((await t.admin.put('/api/v1/mail-templates/customer_acknowledgement', { enabled: true })).status).toBe(
        200,
      );
      const loud = unique();
      await sendMail(t, {
        from: `hal-${loud}@example.org`,
        to: 'support@acme.test',
        subject: `On ${loud}`,
        text: 'hi',
      });
      await mailTicket(loud);
      const [ack] = await sink.received(`hal-${loud}@example.org`);
      expect(ack.mail.subject).toMatch(/^Got it, /);
    });

    it('caps automatic mail per ticket and per recipient, and holds the rest for admins', async () => {
      const watcher = await t.newUser('agent');
      const tickets = [];
      for (let i = 0; i < 4; i++) tickets.push(await apiTicket(`cap-${unique()}@example.org`));
      const mention = (ticketId: number) => reply(ticketId, 'ping', { internal: true, mentions: [watcher.user.id] });
      for (let i = 0; i < 11; i++) await mention(tickets[0].id);
      const settled = async (ticketId: number, count: number) =>
        eventually(async () => {
          const rows = (await outboundRows(ticketId)).filter((r) => r.to_addresses[0] === watcher.user.email);
          return rows.length === count && rows.every((r) => ['sent', 'held'].includes(r.status)) ? rows : undefined;
        });
      const first = await settled(tickets[0].id, 11);
      expect(first.filter((r) => r.status === 'sent')).toHaveLength(10);
      const [held] = first.filter((r) => r.status === 'held');
      expect(held.reason).toBe('held: over the cap of 10 automatic mails per ticket and recipient in 10 minutes');

      // 30 per recipient across tickets: 10 + 10 + 10 sent, the 31st held.
      for (const tk of tickets.slice(1, 3)) for (let i = 0; i < 10; i++) await mention(tk.id);
      await settled(tickets[1].id, 10);
      await settled(tickets[2].id, 10);
      await mention(tickets[3].id);
      const [overall] = await settled(tickets[3].id, 1);
      expect(overall).toMatchObject({
        status: 'held',
        reason: 'held: over the cap of 30 automatic mails per recipient in 10 minutes',
      });
      expect(sink.to(watcher.user.email)).toHaveLength(30);

      const heldList = (await t.admin.get('/api/v1/outbound?status=held')).body.items.map((o: { id: number }) => o.id);
      expect(heldList).toEqual(expect.arrayContaining([held.id, overall.id]));
      // An admin releases one: it goes out past the cap.
      expect((await t.admin.post(`/api/v1/outbound/${held.id}/retry`)).status).toBe(202);
      await sink.received(watcher.user.email, 31);
    });

    it('marks our mail failed when it bounces, with the bounce’s reason', async () => {
      const customer = `nobody-${unique()}@example.org`;
      const ticket = await apiTicket(customer);
      const message = await reply(ticket.id, 'Will this arrive?');
      await delivery(ticket.id, message.id, ['sent']);
      const [ours] = await sink.received(customer);
      const headerBlock = ours.raw.toString('utf8').split(/\r?\n\r?\n/)[0];
      const boundary = 'bounce-boundary';
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
        'To: support@acme.test',
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce-1@mx.example.org>',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.org',
        '',
        `Final-Recipient: rfc822; ${customer}`,
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <' + customer + '>: Recipient address rejected: User unknown',
        `--${boundary}`,
        'Content-Type: text/rfc822-headers',
        '',
        headerBlock,
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const replies = await smtpSession(t.app.get(SmtpReceiver).port, [
        'EHLO mx.example.org',
        'MAIL FROM:<>',
        'RCPT TO:<support@acme.test>',
        'DATA',
        dsn + '.',
        'QUIT',
      ]);
      expect(replies.some((r) => r.startsWith('250 Queued'))).toBe(true);
      const failed = await delivery(ticket.id, message.id, ['failed']);
      expect(failed.reason).toBe(`bounced: 550 5.1.1 <${customer}>: Recipient address rejected: User unknown`);
    });

    it('sends a reply’s attachments, uploaded before the reply', async () => {
      const customer = `files-${unique()}@example.org`;
      const ticket = await apiTicket(customer);
      const form = new FormData();
      form.append(
        'file',
        new Blob([Buffer.from('%PDF-1.4 fake invoice')], { type: 'application/pdf' }),
        '../invoice.pdf',
      );
      const uploaded = await t.admin.postForm('/api/v1/attachments', form);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toEqual({
        id: expect.any(Number),
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 21,
        inline: false,
        url: `/api/v1/attachments/${uploaded.body.id}`,
      });
      const empty = await t.admin.postForm('/api/v1/attachments', new FormData());
      expect(empty.status).toBe(400);

      const message = await reply(ticket.id, 'Invoice attached', { attachmentIds: [uploaded.body.id] });
      expect(message.attachments).toMatchObject([{ id: uploaded.body.id, filename: 'invoice.pdf' }]);
      const [mail] = await sink.received(customer);
      expect(mail.mail.attachments).toHaveLength(1);
      expect(mail.mail.attachments[0]).toMatchObject({ filename: 'invoice.pdf', contentType: 'application/pdf' });
      expect(mail.mail.attachments[0].content.toString()).toBe('%PDF-1.4 fake invoice');
      // Attached once; someone else's or an unknown upload is refused.
      expect(
        (
          await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
            body: 'again',
            attachmentIds: [uploaded.body.id],
          })
        ).status,
      ).toBe(400);
      const other = await (await t.newUser('agent')).postForm('/api/v1/attachments', form);
      expect(
        (
          await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
            body: 'theirs',
            attachmentIds: [other.body.id],
          })
        ).status,
      ).toBe(400);
      // Uploads never attached are deleted after a day.
      await t.sql.query(`UPDATE attachments SET created_at = now() - interval '25 hours' WHERE id = $1`, [
        other.body.id,
      ]);
      await t.app.get(OutboundWorker).sweep();
      expect(
        (await t.sql.query(`SELECT id FROM attachments WHERE id = ANY($1)`, [[other.body.id, uploaded.body.id]])).rows,
      ).toEqual([{ id: uploaded.body.id }]);
    });

    it('round trip: customer mail → ticket → emailed reply → the customer’s answer lands on the same ticket', async () => {
      const token = unique();
      const customer = `gina-${token}@example.org`;
      await sendMail(t, {
        from: `"Gina" <${customer}>`,
        to: 'support@acme.test',
        subject: `Broken blender ${token}`,
        text: 'It smokes.',
        messageId: `<g1-${token}@mail.example.org>`,
      });
      const ticket = await mailTicket(token);
      const message = await reply(ticket.id, 'Please unplug it and send a photo.');
      await delivery(ticket.id, message.id, ['sent']);
      const ours = (await sink.received(customer, 2)).find(
        (m) => m.mail.messageId === tokens.messageId(ticket.id, message.id),
      )!;

      // Gina's client answers that mail: to its Reply-To, with In-Reply-To and References.
      await sendMail(t, {
        from: `"Gina" <${customer}>`,
        to: ours.mail.replyTo!.value[0].address!,
        subject: `Re: ${ours.mail.subject}`,
        inReplyTo: ours.mail.messageId,
        references: [...[ours.mail.references ?? []].flat(), ours.mail.messageId!],
        text: `Photo attached.\n\nOn Tuesday, ACME Support wrote:\n> ${'Please unplug it and send a photo.'}`,
      });
      const after = await eventually(async () => {
        const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
        return tk.messages.length === 3 ? tk : undefined;
      });
      expect(after.messages[2]).toMatchObject({
        bodyText: 'Photo attached.',
        author: { type: 'customer', email: customer },
        channel: 'email',
      });
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      expect(list.body.items).toHaveLength(1);
    });
  });

  it('takes the relay from SMTP_RELAY_URL when set: shown masked, not changeable through the API', async () => {
    const other = await startTestApp({
      env: { SMTP_RELAY_URL: 'smtp://mailer:hunter2@relay.example.com:587' },
      redisUrl: t.config.redis.url,
    });
    try {
      expect((await other.admin.get('/api/v1/settings/relay')).body).toEqual({
        url: 'smtp://mailer:****@relay.example.com:587',
        source: 'env',
      });
      const res = await other.admin.put('/api/v1/settings/relay', { url: 'smtp://other.example.com' });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('SMTP_RELAY_URL');
    } finally {
      await other.close();
    }
  });
});
