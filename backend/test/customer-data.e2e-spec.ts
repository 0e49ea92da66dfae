import { strFromU8, unzipSync } from 'fflate';
import { eventually, sendMail } from './support/mail';
import { S3Server } from './support/s3-server';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Customers' data (issue 13, GDPR): an admin exports everything about one customer as a
 * zip, and erases them: message text and files, subjects, spooled raw mail and outbox
 * mail go; the tickets stay for statistics; another customer's data is untouched; both
 * actions are in the audit log without the personal data they removed. Files and raw
 * mail kept in PostgreSQL, then in an S3-compatible bucket (s3rver on loopback): the
 * export reads them from there, the erasure deletes their objects.
 */
describe.each(['postgres', 's3'] as const)("customers' data: export and erasure (files in %s)", (store) => {
  let t: TestApp;
  let s3: S3Server | undefined;
  const stamp = Date.now().toString(36);
  const carla = { email: `carla.${stamp}@example.org`, word: `pelican${stamp}` };
  const dan = { email: `dan.${stamp}@example.org`, word: `walrus${stamp}` };
  const pdf = Buffer.from(`%PDF-1.4 Carla's contract ${carla.word}`);

  beforeAll(async () => {
    if (store === 's3') s3 = await S3Server.start();
    t = await startTestApp({
      env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '1', ...s3?.env },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test' });
    // Issue 15's fields: a customer's own, and a ticket's free-text one.
    await t.admin.post('/api/v1/customer-fields', { key: 'loyalty_id', label: 'Loyalty id', type: 'text' });
    await t.admin.post('/api/v1/ticket-fields', { key: 'order_ref', label: 'Order', type: 'text' });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  /** The ticket a customer's mail made, with its conversation, once the worker has made it. */
  const ticketOf = (word: string) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${word}`);
      if (!list.body.items.length) return undefined;
      return (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body;
    });
  /** Every place this text could hide, by table: how many rows still hold it. */
  /** The `table.column`s (text, varchar, jsonb, arrays of text) holding `text` anywhere in the schema. */
  async function anywhere(text: string): Promise<string[]> {
    const columns = (
      await t.sql.query<{ table_name: string; column_name: string }>(
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
          WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
            AND (c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'tsvector') OR c.udt_name IN ('_text', '_varchar'))`,
      )
    ).rows;
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const hit = await t.sql.query(
        `SELECT 1 FROM "${table_name}" WHERE lower("${column_name}"::text) LIKE $1 LIMIT 1`,
        [`%${text.toLowerCase()}%`],
      );
      if (hit.rowCount) found.push(`${table_name}.${column_name}`);
    }
    return found;
  }

  async function traces(text: string) {
    const like = `%${text.toLowerCase()}%`;
    const count = async (sql: string) => (await t.sql.query(sql, [like])).rows[0].n as number;
    return {
      customers: await count(
        `SELECT count(*)::int AS n FROM customers WHERE lower(email || name || fields::text) LIKE $1`,
      ),
      fields: await count(
        `SELECT count(*)::int AS n FROM ticket_field_values WHERE lower(coalesce(text_value, long_text)) LIKE $1`,
      ),
      tickets: await count(
        `SELECT count(*)::int AS n FROM tickets WHERE lower(subject || ' ' || coalesce(preview, '')) LIKE $1`,
      ),
      search: await count(`SELECT count(*)::int AS n FROM tickets WHERE search_vector::text LIKE $1`),
      messages: await count(
        `SELECT count(*)::int AS n FROM messages WHERE lower(concat_ws(' ', body_text, body_html, full_text, from_address, to_addresses::text, cc_addresses::text)) LIKE $1`,
      ),
      attachments: await count(
        `SELECT count(*)::int AS n FROM attachments WHERE lower(encode(data, 'escape')) LIKE $1`,
      ),
      spool: await count(
        `SELECT count(*)::int AS n FROM inbound_messages WHERE lower(envelope_from || ' ' || coalesce(encode(raw, 'escape'), '')) LIKE $1`,
      ),
      outbox: await count(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE lower(concat_ws(' ', to_addresses::text, subject, body_text, body_html)) LIKE $1`,
      ),
      events: await count(`SELECT count(*)::int AS n FROM domain_events WHERE lower(payload::text) LIKE $1`),
      trail: await count(
        `SELECT count(*)::int AS n FROM ticket_events WHERE lower(concat_ws(' ', before::text, after::text)) LIKE $1`,
      ),
      audit: await count(`SELECT count(*)::int AS n FROM audit_log WHERE lower(changes::text) LIKE $1`),
    };
  }
  const none = {
    customers: 0,
    fields: 0,
    tickets: 0,
    search: 0,
    messages: 0,
    attachments: 0,
    spool: 0,
    outbox: 0,
    events: 0,
    trail: 0,
    audit: 0,
  };

  let carlaTicket: any;
  let danTicket: any;

  it('exports everything about one customer as a zip, for admins only', async () => {
    for (const [who, subject, text] of [
      [carla, `Contract question ${carla.word}`, `Hello, I am Carla. My ${carla.word} contract is attached.`],
      [dan, `Broken kettle ${dan.word}`, `Dan here, my ${dan.word} kettle broke.`],
    ] as const) {
      expect(
        await sendMail(t, {
          from: `"${who === carla ? 'Carla Customer' : 'Dan Other'}" <${who.email}>`,
          to: 'support@acme.test',
          subject,
          text,
          attachments: who === carla ? [{ filename: 'contract.pdf', content: pdf }] : [],
        }),
      ).toMatch(/^250 /);
    }
    carlaTicket = await ticketOf(carla.word);
    danTicket = await ticketOf(dan.word);
    // A reply waiting in the outbox (no relay here), and a note naming her.
    const reply = await t.admin.post(`/api/v1/tickets/${carlaTicket.id}/messages`, {
      body: `Thanks Carla, about ${carla.word}: signed.`,
    });
    expect(reply.status).toBe(201);
    await t.admin.post(`/api/v1/tickets/${carlaTicket.id}/messages`, {
      body: `Carla (${carla.email}) is a VIP`,
      internal: true,
    });
    await t.admin.patch(`/api/v1/tickets/${carlaTicket.id}`, {
      subject: `Contract ${carla.word} (renewal)`,
      fields: { order_ref: `ORD-${carla.word}` },
    });
    const org = await t.admin.post('/api/v1/organizations', { name: `Carla's firm ${stamp}` });
    const profile = await t.admin.patch(`/api/v1/customers/${carlaTicket.requester.id}`, {
      organizationId: org.body.id,
      fields: { loyalty_id: `L-${carla.word}` },
    });
    expect(profile.body).toMatchObject({ organizationId: org.body.id, fields: { loyalty_id: `L-${carla.word}` } });

    const agent = await t.newUser('agent');
    expect((await agent.get(`/api/v1/customers/${carlaTicket.requester.id}/export`)).status).toBe(403);
    expect((await t.admin.get('/api/v1/customers/99999999/export')).status).toBe(404);

    const res = await fetch(`${t.url}/api/v1/customers/${carlaTicket.requester.id}/export`, {
      headers: { cookie: t.admin.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="customer-${carlaTicket.requester.id}.zip"`,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const customer = JSON.parse(strFromU8(files['customer.json']));
    expect(customer).toMatchObject({
      id: carlaTicket.requester.id,
      email: carla.email,
      name: 'Carla Customer',
      organization: { name: `Carla's firm ${stamp}` },
      fields: { loyalty_id: `L-${carla.word}` },
    });
    const tickets = JSON.parse(strFromU8(files['tickets.json']));
    expect(tickets.map((x: { id: number }) => x.id)).toEqual([carlaTicket.id]); // never Dan's
    const [ticket] = tickets;
    expect(ticket).toMatchObject({ subject: `Contract ${carla.word} (renewal)`, role: 'requester' });
    expect(ticket.messages.map((m: { author: { kind: string }; visibility: string }) => m.author.kind)).toEqual([
      'customer',
      'agent',
      'agent',
    ]);
    expect(ticket.messages[0].bodyText).toContain(`My ${carla.word} contract`);
    expect(ticket.messages[0].from).toBe(carla.email);
    const [file] = ticket.messages[0].attachments;
    expect(file).toMatchObject({ filename: 'contract.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(files[file.path]).equals(pdf)).toBe(true);
  });

  it('erases a customer: their data goes everywhere, the tickets stay, another customer is untouched', async () => {
    const customerId = carlaTicket.requester.id;
    const attachmentId = carlaTicket.messages[0].attachments[0].id;
    const countsBefore = (await t.admin.get('/api/v1/tickets/counts')).body;
    const statusBefore = (await t.admin.get(`/api/v1/tickets/${carlaTicket.id}`)).body.status;
    const danBefore = await traces(dan.word);
    expect(await traces(carla.word)).not.toEqual(none);
    expect((await traces(carla.word)).fields).toBe(1);
    expect((await traces(carla.email)).spool).toBe(1);
    const { storage_key: fileKey } = (
      await t.sql.query(`SELECT storage_key FROM attachments WHERE id = $1`, [attachmentId])
    ).rows[0];
    const { raw_key: rawKey } = (
      await t.sql.query(`SELECT raw_key FROM inbound_messages WHERE lower(envelope_from) = $1`, [carla.email])
    ).rows[0];
    if (s3) {
      // In the bucket: the file at once, the raw mail once processed (the offloader moves it there).
      expect(await s3.keys('attachments/')).toContain(fileKey);
      if (rawKey) expect(await s3.keys('inbound/')).toContain(rawKey);
    } else expect([fileKey, rawKey]).toEqual([null, null]);
    const objectsBefore = s3 ? (await s3.keys()).length : 0;

    const agent = await t.newUser('agent');
    expect((await agent.delete(`/api/v1/customers/${customerId}`)).status).toBe(403);
    const erased = await t.admin.delete(`/api/v1/customers/${customerId}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      tickets: 1,
      messages: 3,
      attachments: 1,
      fieldValues: 1,
      spooledMails: 1,
      outboundMails: 2,
    });
    if (s3) {
      // Her objects go once the erasure commits; Dan's stay.
      const gone = [fileKey, rawKey].filter(Boolean);
      const left = await eventually(async () => {
        const keys = await s3!.keys();
        return gone.some((k) => keys.includes(k)) ? undefined : keys;
      });
      expect(left.length).toBe(objectsBefore - gone.length);
    }

    expect(await traces(carla.word)).toEqual(none);
    // Every text column of every table, so a column added later cannot keep her words unnoticed.
    expect(await anywhere(carla.word)).toEqual([]);
    expect(await traces(carla.email)).toEqual(none);
    expect(await traces('carla')).toEqual(none);
    expect(await traces(dan.word)).toEqual(danBefore);

    // The ticket stays, counted as before, with nothing of hers in it.
    const after = (await t.admin.get(`/api/v1/tickets/${carlaTicket.id}`)).body;
    expect(after).toMatchObject({ id: carlaTicket.id, status: statusBefore, subject: '[erased]' });
    expect(after.requester).toMatchObject({ id: customerId, email: `erased-${customerId}@erased.invalid`, name: '' });
    expect(after.fields).toEqual({});
    const customerAfter = (await t.admin.get(`/api/v1/customers/${customerId}`)).body;
    expect([customerAfter.organizationId, customerAfter.fields]).toEqual([null, {}]);
    expect(after.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(['[erased]', '[erased]', '[erased]']);
    expect(after.messages.flatMap((m: { attachments: unknown[] }) => m.attachments)).toEqual([]);
    expect((await t.admin.get('/api/v1/tickets/counts')).body).toEqual(countsBefore);
    expect((await t.admin.get(`/api/v1/attachments/${attachmentId}`)).status).toBe(404);
    expect((await t.admin.get(`/api/v1/tickets?q=${carla.word}`)).body.items).toEqual([]);
    expect((await t.admin.get(`/api/v1/tickets?q=${dan.word}`)).body.items.map((x: { id: number }) => x.id)).toEqual([
      danTicket.id,
    ]);
    // The acknowledgement and the reply, both still waiting here (no relay): emptied, and never to be sent.
    const outbound = (await t.admin.get('/api/v1/outbound')).body.items.filter(
      (o: { ticketId: number }) => o.ticketId === carlaTicket.id,
    );
    expect(outbound.map((o: { kind: string }) => o.kind).sort()).toEqual(['customer_acknowledgement', 'reply']);
    for (const o of outbound)
      expect(o).toMatchObject({ status: 'failed', reason: 'The customer was erased', to: [], subject: '[erased]' });

    // Export after erasure: nothing of hers left to give.
    const zip = await fetch(`${t.url}/api/v1/customers/${customerId}/export`, {
      headers: { cookie: t.admin.cookie! },
    });
    const text = Object.values(unzipSync(new Uint8Array(await zip.arrayBuffer())))
      .map((f) => strFromU8(f))
      .join('\n')
      .toLowerCase();
    expect([text.includes('carla'), text.includes(carla.word)]).toEqual([false, false]);

    // Erasing again is harmless; a missing customer is 404.
    expect((await t.admin.delete(`/api/v1/customers/${customerId}`)).status).toBe(200);
    expect((await t.admin.delete('/api/v1/customers/99999999')).status).toBe(404);
  });

  it('records both in the audit log, without the personal data they removed', async () => {
    const customerId = String(carlaTicket.requester.id);
    const entries = (await t.admin.get('/api/v1/audit-log')).body.items.filter(
      (e: { targetType: string }) => e.targetType === 'customer',
    );
    const actions = entries.map((e: { action: string; targetId: string }) => `${e.action} ${e.targetId}`);
    expect(actions).toEqual(expect.arrayContaining([`customer.export ${customerId}`, `customer.erase ${customerId}`]));
    // Newest first: the repeated erasure changed nothing, the first one set erasedAt.
    const [again, first] = entries.filter((e: { action: string }) => e.action === 'customer.erase');
    expect(first.changes).toEqual({ erasedAt: { before: null, after: expect.any(String) } });
    expect(again.changes).toEqual({});
    expect(JSON.stringify(entries).toLowerCase()).not.toContain('carla');
  });
});
