import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AutomationRunner } from '../src/rules/automations/automation-runner.service';
import { verify } from '../src/webhooks/signature';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { MovableClock, startTestApp, TestApp } from './support/test-app';

interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  body: any;
}

/** A webhook receiver on loopback: keeps every request, answers with the codes lined up (200 once they run out). */
async function receiver() {
  const got: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.statusCode = answers.shift() ?? 200;
      res.end('thanks');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, answers, url, close: () => new Promise((r) => server.close(r)) };
}

describe('business rules', () => {
  let t: TestApp;
  const clock = new MovableClock();
  let n = 0;
  const unique = () => `r${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_WEBHOOKS_ALLOW_PRIVATE: 'true',
        HELPDESK_WEBHOOK_BACKOFF_MS: '100',
        HELPDESK_WEBHOOK_ATTEMPTS: '3',
        HELPDESK_WEBHOOK_DISABLE_AFTER: '3',
        HELPDESK_RULES_CHANGES_PER_MINUTE: '12',
        HELPDESK_PUBLIC_URL: 'https://help.example.com',
      },
    });
  });
  // The relay a test starts: closed after the app, whose mail pool keeps connections to it open.
  let sink: SmtpSink | undefined;
  afterAll(async () => {
    await t.close();
    await sink?.close();
  });

  const ticket = async (extra: Record<string, unknown> = {}) =>
    (
      await t.admin.post('/api/v1/tickets', {
        subject: `Question ${unique()}`,
        body: 'Hello?',
        requester: { email: `${unique()}@example.org` },
        ...extra,
      })
    ).body;
  const get = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body;
  const trail = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}/events?limit=200`)).body.items;
  const trigger = async (body: Record<string, unknown>) => {
    const res = await t.admin.post('/api/v1/triggers', body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const off = (id: number) => t.admin.patch(`/api/v1/triggers/${id}`, { active: false });

  describe('the API', () => {
    it('documents every field, operator, action and placeholder for the editor', async () => {
      const d = (await t.admin.get('/api/v1/rules/definitions')).body;
      expect(d.fields.map((f: { name: string }) => f.name)).toEqual(
        expect.arrayContaining(['status', 'groupId', 'subject', 'body', 'tags', 'channel', 'hoursSinceStatusChanged']),
      );
      expect(d.operators.map((o: { name: string }) => o.name)).toContain('changed_to');
      expect(d.actions.find((a: { name: string }) => a.name === 'webhook').kinds).toEqual(['trigger', 'automation']);
      const doc = (await t.http.get('/api/docs/openapi.json')).body;
      expect(doc.components.schemas.ConditionView.properties.field.description).toContain(
        '`hoursSinceRequesterReplied`',
      );
      expect(doc.components.schemas.ConditionView.properties.operator.description).toContain('`not_includes`');
    });

    it('creates, orders, duplicates and deletes triggers; refuses unsound ones naming the condition', async () => {
      const before = (await t.admin.get('/api/v1/triggers')).body;
      expect(before.map((r: { title: string }) => r.title)).toEqual(['Notify the group of a new ticket']);
      expect(before[0]).toMatchObject({ builtIn: true, active: true });

      const bad = await t.admin.post('/api/v1/triggers', {
        title: 'Broken',
        conditions: { all: [{ field: 'priority', operator: 'greater_than', value: 'huge' }], any: [] },
        actions: [{ field: 'groupId', value: 999999 }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual({
        'conditions.all[0]': ['priority greater_than: value must be one of low, normal, high, urgent'],
      });
      const noGroup = await t.admin.post('/api/v1/triggers', {
        title: 'Broken',
        conditions: { all: [{ field: 'ticket', operator: 'is', value: 'created' }] },
        actions: [{ field: 'groupId', value: 999999 }],
      });
      expect(noGroup.status).toBe(400);
      expect(noGroup.body.fields).toEqual({ 'actions[0]': ['groupId: no group 999999'] });

      const a = await trigger({
        title: 'Tag VIPs',
        conditions: { all: [{ field: 'requesterEmail', operator: 'contains', value: '@vip.example' }] },
        actions: [{ field: 'add_tags', value: ['vip'] }],
      });
      const copy = (await t.admin.post(`/api/v1/triggers/${a.id}/duplicate`)).body;
      expect(copy).toMatchObject({ title: 'Tag VIPs (copy)', active: false, conditions: a.conditions });
      const ids = (await t.admin.get('/api/v1/triggers')).body.map((r: { id: number }) => r.id);
      const reordered = await t.admin.put('/api/v1/triggers/order', { ids: [...ids].reverse() });
      expect(reordered.body.map((r: { id: number }) => r.id)).toEqual([...ids].reverse());
      expect((await t.admin.put('/api/v1/triggers/order', { ids: [ids[0]] })).status).toBe(400);
      await t.admin.put('/api/v1/triggers/order', { ids });
      expect((await t.admin.delete(`/api/v1/triggers/${copy.id}`)).status).toBe(204);
      expect((await t.admin.get(`/api/v1/triggers/${copy.id}`)).status).toBe(404);
      await off(a.id);

      const agent = await t.newUser('agent');
      expect((await agent.get('/api/v1/triggers')).status).toBe(403);
      expect((await agent.get('/api/v1/automations')).status).toBe(403);
    });

    it('keeps automations to conditions on the ticket and time', async () => {
      const list = (await t.admin.get('/api/v1/automations')).body;
      expect(list.map((r: { title: string }) => r.title)).toEqual([
        'Solve tickets pending for 5 days',
        'Close tickets solved for 4 days',
      ]);
      const bad = await t.admin.post('/api/v1/automations', {
        title: 'On change',
        conditions: { all: [{ field: 'status', operator: 'changed_to', value: 'open' }] },
        actions: [{ field: 'priority', value: 'high' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields['conditions.all[0]'][0]).toMatch(/automations have none/);
    });

    it('tests a rule against a ticket number without changing it', async () => {
      const tk = await ticket({ priority: 'high' });
      const res = await t.admin.post('/api/v1/triggers/test', {
        ticketNumber: tk.number,
        conditions: {
          all: [
            { field: 'ticket', operator: 'is', value: 'created' },
            { field: 'priority', operator: 'is', value: 'urgent' },
          ],
          any: [],
        },
        actions: [
          { field: 'add_tags', value: ['checked'] },
          { field: 'note', value: 'Hello {{customer.email}}' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ticketId: tk.id,
        matched: false,
        all: [true, false],
        changes: [{ field: 'tags', before: [], after: ['checked'] }],
        effects: [expect.stringMatching(/^add an internal note/)],
      });
      expect((await get(tk.id)).tags).toEqual([]);
    });

    it('dry-runs a trigger over the newest events: which tickets it would have matched, changing nothing', async () => {
      const word = `dryrun${unique()}`;
      const hit = await ticket({ subject: `About ${word}`, priority: 'urgent' });
      const miss = await ticket({ subject: `About ${word}`, priority: 'low' });
      const other = await ticket({ priority: 'urgent' });
      await t.admin.patch(`/api/v1/tickets/${hit.id}`, { status: 'pending' });
      // Inactive, so only the dry run ever judges it.
      const r = await trigger({
        title: 'Urgent word',
        active: false,
        conditions: {
          all: [
            { field: 'ticket', operator: 'is', value: 'created' },
            { field: 'subject', operator: 'contains', value: word },
            { field: 'priority', operator: 'is', value: 'urgent' },
          ],
        },
        actions: [{ field: 'add_tags', value: ['dry'] }],
      });
      const res = await t.admin.get(`/api/v1/triggers/${r.id}/dry-run`);
      expect(res.status).toBe(200);
      expect(res.body.examined).toBeGreaterThan(0);
      expect(res.body.examined).toBeLessThanOrEqual(100);
      // Only the creation of the matching ticket: not its later update, not the other tickets.
      expect(res.body.matches).toEqual([
        {
          eventId: expect.any(Number),
          eventType: 'ticket.created',
          ticketId: hit.id,
          ticketNumber: hit.number,
          subject: `About ${word}`,
          at: expect.any(String),
        },
      ]);
      for (const tk of [hit, miss, other]) expect((await get(tk.id)).tags).toEqual([]);
      expect((await t.admin.get(`/api/v1/triggers/999999/dry-run`)).status).toBe(404);
      const agent = await t.newUser('agent');
      expect((await agent.get(`/api/v1/triggers/${r.id}/dry-run`)).status).toBe(403);
      await t.admin.delete(`/api/v1/triggers/${r.id}`);
    });

    it('records rule and webhook changes in the audit log, secrets masked, tests and dry runs not at all', async () => {
      const r = await trigger({
        title: `Audited ${unique()}`,
        active: false,
        conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
        actions: [{ field: 'add_tags', value: ['a'] }],
      });
      await t.admin.patch(`/api/v1/triggers/${r.id}`, { title: 'Audited, renamed' });
      await t.admin.get(`/api/v1/triggers/${r.id}/dry-run`);
      await t.admin.delete(`/api/v1/triggers/${r.id}`);
      const hook = (
        await t.admin.post('/api/v1/webhooks', {
          name: `Audited ${unique()}`,
          url: 'https://hooks.example.com/x',
          secret: 'never-logged-secret',
          events: [],
        })
      ).body;
      const entries = (await t.admin.get('/api/v1/audit-log?limit=100')).body.items;
      const about = (type: string, id: number) =>
        entries
          .filter((e: any) => e.targetType === type && e.targetId === String(id))
          .map((e: any) => e.action)
          .sort();
      expect(about('trigger', r.id)).toEqual(['trigger.create', 'trigger.delete', 'trigger.update']);
      const renamed = entries.find((e: any) => e.action === 'trigger.update' && e.targetId === String(r.id));
      expect(renamed.changes.title).toEqual({ before: r.title, after: 'Audited, renamed' });
      expect(about('webhook', hook.id)).toEqual(['webhook.create']);
      expect(JSON.stringify(entries)).not.toContain('never-logged-secret');
      expect(entries.some((e: any) => e.action === 'trigger.test')).toBe(false);
      await t.admin.delete(`/api/v1/webhooks/${hook.id}`);
    });
  });

  describe('triggers in the worker', () => {
    it('routes a mail to a group by mailbox and round-robins it to the agents, naming the rule in the trail', async () => {
      const ann = await t.newUser('agent');
      const bob = await t.newUser('agent');
      const cyd = await t.newUser('agent');
      const group = (
        await t.admin.post('/api/v1/groups', {
          name: `Billing ${unique()}`,
          memberIds: [ann.user.id, bob.user.id, cyd.user.id],
        })
      ).body;
      const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: `billing-${unique()}@acme.test` })).body;
      expect((await cyd.put(`/api/v1/availability/${cyd.user.id}`, { away: true })).body).toEqual({
        userId: cyd.user.id,
        away: true,
      });
      expect((await ann.put(`/api/v1/availability/${bob.user.id}`, { away: true })).status).toBe(403);
      const route = await trigger({
        title: 'Billing mail to Billing',
        conditions: {
          all: [
            { field: 'ticket', operator: 'is', value: 'created' },
            { field: 'mailboxId', operator: 'is', value: mailbox.id },
          ],
        },
        actions: [
          { field: 'groupId', value: group.id },
          { field: 'assigneeId', value: 'round_robin' },
        ],
      });
      const assigned: number[] = [];
      for (let i = 0; i < 3; i++) {
        const token = unique();
        await sendMail(t, {
          from: `payer-${token}@example.org`,
          to: mailbox.address,
          subject: `Invoice ${token}`,
          text: 'Where is my invoice?',
        });
        const tk = await eventually(async () => {
          const list = (await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items;
          return list[0]?.assigneeId ? list[0] : undefined;
        });
        expect(tk).toMatchObject({ groupId: group.id, channel: 'email', mailboxId: mailbox.id });
        assigned.push(tk.assigneeId);
        if (i === 0) {
          const rows = await trail(tk.id);
          const byRule = rows.filter((e: any) => e.rule);
          expect(byRule.map((e: any) => [e.field, e.rule])).toEqual([
            ['assigneeId', { id: route.id, kind: 'trigger', title: 'Billing mail to Billing' }],
            ['groupId', { id: route.id, kind: 'trigger', title: 'Billing mail to Billing' }],
          ]);
          expect(byRule[0].actor).toMatchObject({ type: 'system' });
        }
      }
      // Fair turns among those present (Cyd is away), whichever replica assigns.
      expect(assigned).toEqual([ann.user.id, bob.user.id, ann.user.id]);
      await off(route.id);
    });

    it('lets later rules see earlier ones’ changes in the same pass, and spam closes without a reply', async () => {
      const tag = await trigger({
        title: 'Casino is spam',
        conditions: { all: [{ field: 'subject', operator: 'contains', value: 'casino' }] },
        actions: [{ field: 'add_tags', value: ['casino'] }],
      });
      const spam = await trigger({
        title: 'Spam by tag',
        conditions: { all: [{ field: 'tags', operator: 'includes', value: ['casino'] }] },
        actions: [{ field: 'spam', value: true }],
      });
      const token = unique();
      const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: `sales-${token}@acme.test` })).body;
      await sendMail(t, {
        from: `spammer-${token}@example.org`,
        to: mailbox.address,
        subject: `Free CASINO ${token}`,
        text: 'Win!',
      });
      const tk = await eventually(async () => {
        const list = (await t.admin.get(`/api/v1/tickets?q=${token}&status=closed`)).body.items;
        return list[0];
      });
      expect(tk.tags).toEqual(['casino', 'spam']);
      const ack = (await t.sql.query(`SELECT status, reason FROM outbound_messages WHERE ticket_id = $1`, [tk.id]))
        .rows;
      expect(ack).toEqual([
        { status: 'failed', reason: 'cancelled: the ticket was marked as spam by rule "Spam by tag"' },
      ]);
      await off(tag.id);
      await off(spam.id);
    });

    it('runs a mail’s triggers inside its transaction: a spam trigger stops the acknowledgement even with a relay that sends at once', async () => {
      sink = await SmtpSink.start();
      await t.admin.put('/api/v1/settings/relay', { url: sink.url });
      try {
        const spam = await trigger({
          title: 'Lottery is spam',
          conditions: { all: [{ field: 'subject', operator: 'contains', value: 'lottery' }] },
          actions: [{ field: 'spam', value: true }],
        });
        const token = unique();
        const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: `desk-${token}@acme.test` })).body;
        const honest = `honest-${token}@example.org`;
        const spammer = `spammer-${token}@example.org`;
        await sendMail(t, { from: honest, to: mailbox.address, subject: `Order ${token}`, text: 'Where is it?' });
        await sendMail(t, { from: spammer, to: mailbox.address, subject: `Lottery ${token}`, text: 'You won!' });
        // The honest sender is acknowledged through the relay: acknowledgements do go out at once.
        await sink!.received(honest, 1);
        const tk = await eventually(
          async () => (await t.admin.get(`/api/v1/tickets?q=Lottery%20${token}&status=closed`)).body.items[0],
        );
        expect(tk.tags).toEqual(['spam']);
        // The spam ticket was closed in the transaction that created it: the acknowledgement never had a chance.
        const times = (await t.sql.query(`SELECT DISTINCT created_at FROM ticket_events WHERE ticket_id = $1`, [tk.id]))
          .rows;
        expect(times).toHaveLength(1);
        expect(
          (await t.sql.query(`SELECT status, reason FROM outbound_messages WHERE ticket_id = $1`, [tk.id])).rows,
        ).toEqual([{ status: 'failed', reason: 'cancelled: the ticket was marked as spam by rule "Lottery is spam"' }]);
        await new Promise((r) => setTimeout(r, 1000));
        expect(sink!.to(spammer)).toEqual([]);
        await off(spam.id);
      } finally {
        await t.admin.put('/api/v1/settings/relay', { url: null });
      }
    });

    it('undoes a trigger that fails inside the mail’s transaction, keeps the mail, and runs it again in the worker', async () => {
      // A real database failure, once, after the rule already changed the ticket: the first
      // insert of a mail whose subject says "Fault once" is refused.
      await t.sql.query(`
        CREATE SEQUENCE IF NOT EXISTS fault_once;
        CREATE OR REPLACE FUNCTION fault_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.subject LIKE 'Fault once%' AND nextval('fault_once') = 1 THEN
            RAISE EXCEPTION 'injected fault';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER fault_once BEFORE INSERT ON outbound_messages FOR EACH ROW EXECUTE FUNCTION fault_once();`);
      try {
        const r = await trigger({
          title: 'Tag and tell',
          conditions: { all: [{ field: 'ticket', operator: 'is', value: 'created' }] },
          actions: [
            { field: 'add_tags', value: ['noted'] },
            {
              field: 'email',
              value: { to: 'boss@example.com', subject: 'Fault once #{{ticket.number}}', body: 'New' },
            },
          ],
        });
        const token = unique();
        const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: `fragile-${token}@acme.test` })).body;
        await sendMail(t, {
          from: `writer-${token}@example.org`,
          to: mailbox.address,
          subject: `Fragile ${token}`,
          text: 'Hello',
        });
        const tk = await eventually(async () => {
          const found = (await t.admin.get(`/api/v1/tickets?q=Fragile%20${token}`)).body.items[0];
          return found?.tags.includes('noted') ? found : undefined;
        });
        const mails = (
          await t.sql.query(
            `SELECT subject FROM outbound_messages WHERE ticket_id = $1 AND kind = 'rule_notification'`,
            [tk.id],
          )
        ).rows;
        expect(mails).toEqual([{ subject: `Fault once #${tk.number} [#${tk.number}]` }]);
        // Once, after the mail's transaction: the ticket came first, the rule's work later, nothing left over.
        const rows = (
          await t.sql.query(
            `SELECT action, field, actor_rule_id, created_at FROM ticket_events WHERE ticket_id = $1 ORDER BY id`,
            [tk.id],
          )
        ).rows;
        expect(rows.filter((e: any) => e.actor_rule_id === r.id).map((e: any) => e.field ?? e.action)).toEqual([
          'tags',
          'email_queued',
        ]);
        const created = rows.find((e: any) => e.action === 'created').created_at.getTime();
        expect(rows.find((e: any) => e.actor_rule_id === r.id).created_at.getTime()).toBeGreaterThan(created);
        // The undone change was never stored as an event (so never announced): only the worker's is.
        const events = (
          await t.sql.query(`SELECT type FROM domain_events WHERE ticket_id = $1 AND cause->>'kind' = 'rule'`, [tk.id])
        ).rows;
        expect(events).toEqual([{ type: 'ticket.updated' }]);
        expect(
          (await t.sql.query(`SELECT count(*)::int AS n FROM trigger_runs WHERE ticket_id = $1`, [tk.id])).rows,
        ).toEqual([{ n: 0 }]);
        await off(r.id);
      } finally {
        await t.sql.query(
          `DROP TRIGGER fault_once ON outbound_messages; DROP FUNCTION fault_once(); DROP SEQUENCE fault_once`,
        );
      }
    });

    it('writes no run for a change no active trigger can match, and one when a trigger may', async () => {
      const runsWritten = async () =>
        Number(
          (await t.sql.query(`SELECT last_value, is_called FROM trigger_runs_id_seq`)).rows.map((r: any) =>
            r.is_called ? r.last_value : 0,
          )[0],
        );
      const tk = await ticket();
      await eventually(async () =>
        Number((await t.sql.query(`SELECT count(*) FROM trigger_runs`)).rows[0].count) === 0 ? true : undefined,
      );
      // Only "ticket is created" triggers are active (the default one): an update cannot match them.
      const before = await runsWritten();
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'high' });
      expect(await runsWritten()).toBe(before);
      const r = await trigger({
        title: 'Urgent tag',
        conditions: { all: [{ field: 'priority', operator: 'changed_to', value: 'urgent' }] },
        actions: [{ field: 'add_tags', value: ['hot'] }],
      });
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'low' });
      expect(await runsWritten()).toBe(before);
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'urgent' });
      expect(await runsWritten()).toBe(before + 1);
      await eventually(async () => ((await get(tk.id)).tags.includes('hot') ? true : undefined));
      await off(r.id);
    });

    it('emails with placeholders through the outbox as automatic mail, and notes what it did', async () => {
      const r = await trigger({
        title: 'Urgent note',
        conditions: { all: [{ field: 'priority', operator: 'changed_to', value: 'urgent' }] },
        actions: [
          { field: 'note', value: 'Escalated by {{rule.title}} for {{customer.firstName}}' },
          {
            field: 'email',
            value: { to: 'boss@example.com', subject: 'Urgent #{{ticket.number}}', body: 'See {{ticket.url}}' },
          },
        ],
      });
      const tk = await ticket({ requester: { email: 'dora@example.org', name: 'Dora Explorer' } });
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'urgent' });
      const note = await eventually(async () => (await get(tk.id)).messages.find((m: any) => m.internal));
      expect(note).toMatchObject({ bodyText: 'Escalated by Urgent note for Dora', author: { type: 'system' } });
      const [mail] = (
        await t.sql.query(
          `SELECT kind, to_addresses, subject, body_text, auto_submitted FROM outbound_messages WHERE ticket_id = $1 AND kind = 'rule_notification'`,
          [tk.id],
        )
      ).rows;
      expect(mail).toEqual({
        kind: 'rule_notification',
        to_addresses: ['boss@example.com'],
        subject: `Urgent #${tk.number} [#${tk.number}]`,
        body_text: `See https://help.example.com/tickets/${tk.id}`,
        auto_submitted: 'auto-generated',
      });
      const actions = (await trail(tk.id)).filter((e: any) => e.rule).map((e: any) => e.action);
      expect(actions).toEqual(['message_added', 'email_queued']);
      await off(r.id);
    });

    it('trips the loop cap on two rules that fight, with an audit entry saying so', async () => {
      const a = await trigger({
        title: 'Ping',
        conditions: { all: [{ field: 'tags', operator: 'includes', value: ['ping'] }] },
        actions: [
          { field: 'remove_tags', value: ['ping'] },
          { field: 'add_tags', value: ['pong'] },
        ],
      });
      const b = await trigger({
        title: 'Pong',
        conditions: { all: [{ field: 'tags', operator: 'includes', value: ['pong'] }] },
        actions: [
          { field: 'remove_tags', value: ['pong'] },
          { field: 'add_tags', value: ['ping'] },
        ],
      });
      const tk = await ticket({ tags: ['ping'] });
      const paused = await eventually(async () => (await trail(tk.id)).find((e: any) => e.action === 'rules_paused'));
      expect(paused.after).toMatchObject({ limit: 12, windowSeconds: 60, reason: expect.stringMatching(/fighting/) });
      await new Promise((r) => setTimeout(r, 500));
      const byRules = (await trail(tk.id)).filter((e: any) => e.rule && e.action !== 'rules_paused');
      expect(byRules.length).toBe(12);
      // Nothing more happens on that ticket for the rest of the minute.
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'high' });
      await new Promise((r) => setTimeout(r, 500));
      expect((await trail(tk.id)).filter((e: any) => e.rule && e.action !== 'rules_paused').length).toBe(12);
      await off(a.id);
      await off(b.id);
    });

    it('records a rule the ticket refuses, and goes on', async () => {
      const gone = await t.newUser('agent');
      const r = await trigger({
        title: 'Give to Gone',
        conditions: { all: [{ field: 'tags', operator: 'includes', value: ['gone'] }] },
        actions: [
          { field: 'assigneeId', value: gone.user.id },
          { field: 'add_tags', value: ['tried'] },
        ],
      });
      await t.admin.patch(`/api/v1/users/${gone.user.id}`, { active: false });
      const tk = await ticket({ tags: ['gone'] });
      const failed = await eventually(async () => (await trail(tk.id)).find((e: any) => e.action === 'rule_failed'));
      expect(failed).toMatchObject({ rule: { id: r.id }, after: { error: expect.stringMatching(/deactivated/) } });
      expect((await get(tk.id)).assigneeId).toBeNull();
      await off(r.id);
    });
  });

  describe('forms and custom fields', () => {
    /** A dropdown field, a number field and an active form holding them (keys unique to the test). */
    const model = async () => {
      const key = `plan_${unique()}`;
      const plan = (
        await t.admin.post('/api/v1/ticket-fields', {
          key,
          label: 'Plan',
          type: 'dropdown',
          options: [
            { value: 'free', label: 'Free' },
            { value: 'pro', label: 'Pro' },
            { value: 'legacy', label: 'Legacy', active: false },
          ],
        })
      ).body;
      const seats = (
        await t.admin.post('/api/v1/ticket-fields', { key: `seats_${unique()}`, label: 'Seats', type: 'number' })
      ).body;
      const form = (
        await t.admin.post('/api/v1/ticket-forms', { name: `Billing ${unique()}`, fieldIds: [plan.id, seats.id] })
      ).body;
      expect([plan.key, seats.key, form.name]).not.toContain(undefined);
      return { plan, seats, form };
    };

    it('sets a form and a dropdown field on mail-in and API tickets, the trail naming the rule, later rules seeing them', async () => {
      const { plan, form } = await model();
      const token = unique();
      const set = await trigger({
        title: 'Billing form for invoices',
        conditions: {
          all: [
            { field: 'ticket', operator: 'is', value: 'created' },
            { field: 'subject', operator: 'contains', value: token },
          ],
        },
        actions: [
          { field: 'formId', value: form.id },
          { field: `field.${plan.key}`, value: 'pro' },
        ],
      });
      // Runs after the first and matches only on what the first set.
      const urgent = await trigger({
        title: 'Pro billing is high',
        conditions: {
          all: [
            { field: 'formId', operator: 'is', value: form.id },
            { field: `field.${plan.key}`, operator: 'is', value: 'pro' },
          ],
        },
        actions: [{ field: 'priority', value: 'high' }],
      });
      const rule = (r: { id: number; title: string }) => ({ id: r.id, kind: 'trigger', title: r.title });
      const expectSetByRules = async (id: number) => {
        expect(await get(id)).toMatchObject({ formId: form.id, fields: { [plan.key]: 'pro' }, priority: 'high' });
        const byRule = (await trail(id)).filter((e: any) => e.rule);
        expect(byRule.map((e: any) => [e.field, e.after, e.rule])).toEqual(
          expect.arrayContaining([
            ['formId', form.id, rule(set)],
            [`field.${plan.key}`, 'pro', rule(set)],
            ['priority', 'high', rule(urgent)],
          ]),
        );
        expect(byRule.every((e: any) => e.actor.type === 'system')).toBe(true);
      };

      const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: `invoices-${token}@acme.test` })).body;
      await sendMail(t, {
        from: `payer-${token}@example.org`,
        to: mailbox.address,
        subject: `Invoice ${token}`,
        text: 'Which plan am I on?',
      });
      const mailed = await eventually(async () => {
        const list = (await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items;
        return list[0]?.formId ? list[0] : undefined;
      });
      await expectSetByRules(mailed.id);

      const posted = await ticket({ subject: `Invoice by API ${token}` });
      expect(posted.formId).toBeNull();
      await eventually(async () => ((await get(posted.id)).priority === 'high' ? true : undefined));
      await expectSetByRules(posted.id);
      await off(set.id);
      await off(urgent.id);
    });

    it('refuses, when saved, a form or field value the ticket writer would refuse', async () => {
      const { plan, seats, form } = await model();
      const save = (actions: unknown[]) =>
        t.admin.post('/api/v1/triggers', {
          title: 'Bad values',
          conditions: { all: [{ field: 'ticket', operator: 'is', value: 'created' }] },
          actions,
        });
      const cases: [unknown, string][] = [
        [
          { field: `field.${plan.key}`, value: 'gold' },
          `field.${plan.key}: "gold" is not an option (free, pro, legacy)`,
        ],
        [{ field: `field.${plan.key}`, value: 'legacy' }, `field.${plan.key}: option "legacy" is deactivated`],
        [
          { field: `field.${seats.key}`, value: 'many' },
          `field.${seats.key}: must be a whole number (at most 15 digits)`,
        ],
        [{ field: 'field.no_such_field', value: 'x' }, 'field.no_such_field: unknown field "field.no_such_field"'],
        [{ field: 'formId', value: 999999 }, 'formId: no ticket form 999999'],
      ];
      for (const [action, problem] of cases) {
        const res = await save([{ field: 'add_tags', value: ['ok'] }, action]);
        expect(res.status).toBe(400);
        expect(res.body.fields).toEqual({ 'actions[1]': [problem] });
      }
      await t.admin.patch(`/api/v1/ticket-forms/${form.id}`, { active: false });
      expect((await save([{ field: 'formId', value: form.id }])).body.fields).toEqual({
        'actions[0]': [`formId: ticket form ${form.id} is deactivated`],
      });
      await t.admin.patch(`/api/v1/ticket-fields/${seats.id}`, { active: false });
      expect((await save([{ field: `field.${seats.key}`, value: 3 }])).body.fields).toEqual({
        'actions[0]': [`field.${seats.key}: the field is deactivated`],
      });
      // Macros and automations are checked the same way.
      const macro = await t.admin.post('/api/v1/macros', {
        title: 'Bad',
        actions: [{ field: `field.${plan.key}`, value: ['pro'] }],
      });
      expect(macro.status).toBe(400);
      expect(macro.body.fields).toEqual({ 'actions[0]': [`field.${plan.key}: must be an option value (a string)`] });
    });

    it('lists the form and field actions with their typed values in the editor’s definitions', async () => {
      const { plan, seats, form } = await model();
      const d = (await t.admin.get('/api/v1/rules/definitions')).body;
      const action = (name: string) => d.actions.find((a: { name: string }) => a.name === name);
      expect(action(`field.${plan.key}`)).toMatchObject({
        kinds: ['trigger', 'automation', 'macro'],
        type: 'enum',
        fieldType: 'dropdown',
        label: 'Plan',
        nullable: true,
        options: [
          { value: 'free', label: 'Free' },
          { value: 'pro', label: 'Pro' },
        ],
      });
      expect(action(`field.${seats.key}`)).toMatchObject({ type: 'number', fieldType: 'number', label: 'Seats' });
      expect(action('formId')).toMatchObject({ type: 'id', refers: 'form', nullable: true });
      expect(action('formId').options).toContainEqual({ value: String(form.id), label: form.name });
      const field = d.fields.find((f: { name: string }) => f.name === `field.${plan.key}`);
      expect(field).toMatchObject({
        type: 'enum',
        label: 'Plan',
        operators: expect.arrayContaining(['is', 'changed_to']),
      });
    });
  });

  describe('webhooks', () => {
    it('posts events signed with the secret, and never shows the secret', async () => {
      const rx = await receiver();
      try {
        const secret = 'a-very-secret-value-1234';
        const created = await t.admin.post('/api/v1/webhooks', {
          name: 'CRM',
          url: rx.url,
          secret,
          events: ['ticket.created'],
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ name: 'CRM', secretSet: true, active: true });
        expect(JSON.stringify(created.body)).not.toContain(secret);
        const tk = await ticket();
        const got = await eventually(async () => rx.got.find((g) => g.body.ticketId === tk.id));
        expect(verify(secret, got.raw, got.headers['x-helpdesk-signature'] as string)).toBe(true);
        expect(verify('another-secret-1234567', got.raw, got.headers['x-helpdesk-signature'] as string)).toBe(false);
        expect(got.headers['x-helpdesk-delivery']).toBe(got.body.id);
        expect(got.body).toMatchObject({ event: 'ticket.created', ticket: { id: tk.id, number: tk.number } });
        const log = await eventually(async () => {
          const items = (await t.admin.get(`/api/v1/webhooks/${created.body.id}/deliveries`)).body.items;
          return items[0]?.status === 'delivered' ? items : undefined;
        });
        expect(log[0]).toMatchObject({ deliveryId: got.body.id, responseStatus: 200, attempts: 1, ticketId: tk.id });
        await t.admin.delete(`/api/v1/webhooks/${created.body.id}`);
      } finally {
        await rx.close();
      }
    });

    it('is called by a rule action, retries failures and turns itself off after repeated ones, with a notice', async () => {
      const rx = await receiver();
      try {
        const hook = (
          await t.admin.post('/api/v1/webhooks', { name: 'Pager', url: rx.url, secret: 'pager-secret-123456' })
        ).body;
        const r = await trigger({
          title: 'Page on urgent',
          conditions: { all: [{ field: 'priority', operator: 'changed_to', value: 'urgent' }] },
          actions: [{ field: 'webhook', value: hook.id }],
        });
        rx.answers.push(500);
        const tk = await ticket();
        await t.admin.patch(`/api/v1/tickets/${tk.id}`, { priority: 'urgent' });
        await eventually(async () => (rx.got.length >= 2 ? true : undefined));
        expect(rx.got.map((g) => g.body.id)[0]).toBe(rx.got[1].body.id);
        expect(rx.got[1].body).toMatchObject({
          event: 'rule',
          rule: { id: r.id, title: 'Page on urgent' },
          ticket: { id: tk.id, priority: 'urgent' },
        });
        expect((await trail(tk.id)).find((e: any) => e.action === 'webhook_queued')).toMatchObject({
          rule: { id: r.id },
        });

        rx.answers.push(500, 500, 500);
        const other = await ticket();
        await t.admin.patch(`/api/v1/tickets/${other.id}`, { priority: 'urgent' });
        const disabled = await eventually(async () => {
          const w = (await t.admin.get(`/api/v1/webhooks/${hook.id}`)).body;
          return w.active ? undefined : w;
        });
        expect(disabled.disabledReason).toMatch(/turned off after 3 failed attempts in a row/);
        await off(r.id);
      } finally {
        await rx.close();
      }
    });
  });

  describe('automations', () => {
    it('solve a ticket pending for 5 days and close it 4 days later, once, after the clock moves', async () => {
      const runner = t.app.get(AutomationRunner);
      const tk = await ticket();
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { status: 'pending' });
      expect((await runner.runOnce()).acted).toBe(0);
      clock.advanceHours(119);
      await runner.runOnce();
      expect((await get(tk.id)).status).toBe('pending');
      clock.advanceHours(2);
      const pass = await runner.runOnce();
      expect(pass).toMatchObject({ ran: true, automations: 2 });
      expect((await get(tk.id)).status).toBe('solved');
      const solvedBy = (await trail(tk.id)).find((e: any) => e.field === 'status' && e.after === 'solved');
      expect(solvedBy.rule).toMatchObject({ kind: 'automation', title: 'Solve tickets pending for 5 days' });
      clock.advanceHours(97);
      await runner.runOnce();
      expect((await get(tk.id)).status).toBe('closed');
    });

    it('act once per window: again only after the ticket stopped matching and matches anew', async () => {
      const runner = t.app.get(AutomationRunner);
      const created = await t.admin.post('/api/v1/automations', {
        title: 'Nudge quiet tickets',
        conditions: {
          all: [
            { field: 'status', operator: 'is', value: 'open' },
            { field: 'hoursSinceStatusChanged', operator: 'greater_than', value: 24 },
          ],
        },
        actions: [{ field: 'note', value: 'Open for a day: {{ticket.subject}}' }],
      });
      expect(created.status).toBe(201);
      const tk = await ticket();
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { status: 'open' });
      clock.advanceHours(25);
      await runner.runOnce();
      await runner.runOnce();
      const notes = async () => (await get(tk.id)).messages.filter((m: any) => m.internal).length;
      expect(await notes()).toBe(1);
      // It stops matching (pending), a pass ends its window; open again and a day later it acts again.
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { status: 'pending' });
      expect((await runner.runOnce()).ended).toBeGreaterThanOrEqual(1);
      await t.admin.patch(`/api/v1/tickets/${tk.id}`, { status: 'open' });
      await runner.runOnce();
      expect(await notes()).toBe(1);
      clock.advanceHours(25);
      await runner.runOnce();
      expect(await notes()).toBe(2);
      await t.admin.patch(`/api/v1/automations/${created.body.id}`, { active: false });
    });
  });

  describe('macros', () => {
    it('are personal or shared; preview, then apply through the API returning the reply text', async () => {
      const ann = await t.newUser('agent');
      const bob = await t.newUser('agent');
      const mine = await ann.post('/api/v1/macros', {
        title: 'Refund',
        actions: [
          { field: 'add_tags', value: ['refund'] },
          { field: 'status', value: 'pending' },
          { field: 'assigneeId', value: 'current_agent' },
        ],
        replyText: 'Hi {{customer.firstName}}, your refund for #{{ticket.number}} is on its way. {{agent.name}}',
      });
      expect(mine.status).toBe(201);
      expect(mine.body).toMatchObject({ shared: false, ownerId: ann.user.id });
      expect((await bob.get(`/api/v1/macros/${mine.body.id}`)).status).toBe(404);
      expect((await bob.get('/api/v1/macros')).body.find((m: any) => m.id === mine.body.id)).toBeUndefined();
      const bad = await ann.post('/api/v1/macros', {
        title: 'Mail',
        actions: [{ field: 'email', value: { to: 'requester', subject: 'x', body: 'y' } }],
      });
      expect(bad.body.fields).toEqual({ 'actions[0]': ['email: macros cannot email'] });

      const tk = await ticket({ requester: { email: 'eve@example.org', name: 'Eve Adams' } });
      const preview = await ann.get(`/api/v1/tickets/${tk.id}/macros/${mine.body.id}/preview`);
      expect(preview.body).toMatchObject({
        changes: expect.arrayContaining([{ field: 'status', before: 'new', after: 'pending' }]),
        replyText: `Hi Eve, your refund for #${tk.number} is on its way. ${ann.user.name}`,
      });
      expect((await get(tk.id)).status).toBe('new');
      const applied = await ann.post(`/api/v1/tickets/${tk.id}/macros/${mine.body.id}`);
      expect(applied.status).toBe(200);
      expect(applied.body.replyText).toBe(preview.body.replyText);
      expect(await get(tk.id)).toMatchObject({ status: 'pending', tags: ['refund'], assigneeId: ann.user.id });
      const rows = (await trail(tk.id)).filter((e: any) => e.action === 'updated');
      expect(rows.every((e: any) => e.actor.id === ann.user.id && e.rule === null)).toBe(true);
    });

    it('set a form and custom fields as the agent, values checked as the writer checks them', async () => {
      const ann = await t.newUser('agent');
      const key = `tier_${unique()}`;
      await t.admin.post('/api/v1/ticket-fields', {
        key,
        label: 'Tier',
        type: 'dropdown',
        options: [
          { value: 'gold', label: 'Gold' },
          { value: 'silver', label: 'Silver' },
        ],
      });
      const seats = `seats_${unique()}`;
      await t.admin.post('/api/v1/ticket-fields', { key: seats, label: 'Seats', type: 'number' });
      const form = (await t.admin.post('/api/v1/ticket-forms', { name: `Sales ${unique()}` })).body;
      const macro = await ann.post('/api/v1/macros', {
        title: 'Gold customer',
        actions: [
          { field: 'formId', value: form.id },
          { field: `field.${key}`, value: 'gold' },
          // As the ticket API takes it: the writer stores the number 25.
          { field: `field.${seats}`, value: '25' },
        ],
      });
      expect(macro.status).toBe(201);
      const tk = await ticket();
      const preview = (await ann.get(`/api/v1/tickets/${tk.id}/macros/${macro.body.id}/preview`)).body;
      expect(preview.changes).toEqual(
        expect.arrayContaining([
          { field: 'formId', before: null, after: form.id },
          { field: `field.${key}`, before: null, after: 'gold' },
        ]),
      );
      const applied = await ann.post(`/api/v1/tickets/${tk.id}/macros/${macro.body.id}`);
      expect(applied.status).toBe(200);
      expect(applied.body.changes).toEqual(
        expect.arrayContaining([{ field: `field.${seats}`, before: null, after: 25 }]),
      );
      expect(await get(tk.id)).toMatchObject({ formId: form.id, fields: { [key]: 'gold', [seats]: 25 } });
      const rows = (await trail(tk.id)).filter((e: any) => e.action === 'updated');
      expect(rows.map((e: any) => e.field).sort()).toEqual([`field.${key}`, `field.${seats}`, 'formId'].sort());
      expect(rows.every((e: any) => e.actor.id === ann.user.id && e.rule === null)).toBe(true);
    });

    it('hold the canned responses, which keep their API', async () => {
      const canned = await t.admin.post('/api/v1/canned-responses', {
        title: `Thanks ${unique()}`,
        body: 'Thank you!',
      });
      expect(canned.status).toBe(201);
      const asMacro = (await t.admin.get(`/api/v1/macros/${canned.body.id}`)).body;
      expect(asMacro).toMatchObject({ title: canned.body.title, replyText: 'Thank you!', shared: true, actions: [] });
      await t.admin.patch(`/api/v1/macros/${canned.body.id}`, { actions: [{ field: 'add_tags', value: ['thanked'] }] });
      // With actions it is a macro, no longer a plain canned response.
      expect(
        (await t.admin.get('/api/v1/canned-responses')).body.find((c: any) => c.id === canned.body.id),
      ).toBeUndefined();
    });
  });
});
