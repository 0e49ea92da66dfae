import { TicketEventBus } from '../src/tickets/ticket-event-bus';
import { StoredEvent, TicketEventSubscriber } from '../src/tickets/ticket-events';
import { TicketsService } from '../src/tickets/tickets.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Custom ticket fields (issue 15) through the API: each type's valid and invalid values
 * on create, patch and bulk; required to solve; deactivated fields and options; the
 * audit trail and events; filters, saved views and search; forms; customer and
 * organization fields checked the same way.
 */
describe('custom fields', () => {
  let t: TestApp;
  let n = 0;
  const unique = () => `f${Date.now().toString(36)}${++n}`;
  const fields: Record<string, { id: number }> = {};
  const events: StoredEvent[] = [];
  const recorder: TicketEventSubscriber = {
    name: 'test-recorder',
    afterCommit: async (e) => void events.push(...e),
  };

  const DEFS = [
    { key: 'plan', label: 'Plan', type: 'dropdown', options: opts(['free', 'pro', 'enterprise']) },
    { key: 'components', label: 'Components', type: 'multiselect', options: opts(['api', 'ui', 'mail']) },
    { key: 'order_number', label: 'Order number', type: 'text' },
    { key: 'details', label: 'Details', type: 'textarea' },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'order_total', label: 'Order total', type: 'decimal' },
    { key: 'renewal', label: 'Renewal', type: 'date' },
    { key: 'vip', label: 'VIP', type: 'checkbox' },
    { key: 'invoice', label: 'Invoice', type: 'regex', pattern: 'INV-[0-9]{4}' },
  ];
  function opts(values: string[]) {
    return values.map((value) => ({ value, label: value.toUpperCase() }));
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(TicketEventBus).subscribe(recorder);
    for (const d of DEFS) {
      const res = await t.admin.post('/api/v1/ticket-fields', d);
      expect([d.key, res.status]).toEqual([d.key, 201]);
      fields[d.key] = res.body;
    }
  });
  afterAll(() => t.close());

  const newTicket = async (extra: Record<string, unknown> = {}) =>
    t.admin.post('/api/v1/tickets', {
      subject: `Fields ${unique()}`,
      body: 'Hello',
      requester: { email: `${unique()}@example.org` },
      ...extra,
    });

  it('lets admins define fields and agents read them; keys and types are fixed, deleting is deactivating', async () => {
    const agent = await t.newUser('agent');
    expect((await agent.post('/api/v1/ticket-fields', { key: 'x', label: 'X', type: 'text' })).status).toBe(403);
    const list = await agent.get('/api/v1/ticket-fields');
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(DEFS.map((d) => d.key));
    expect(list.body.items[0]).toMatchObject({
      key: 'plan',
      type: 'dropdown',
      options: [
        { value: 'free', label: 'FREE', active: true },
        { value: 'pro', label: 'PRO', active: true },
        { value: 'enterprise', label: 'ENTERPRISE', active: true },
      ],
      active: true,
      requiredToSolve: false,
      visibleToCustomers: false,
    });

    // Defining a field is an admin action: the admin audit log records it, with what was set.
    const audit = await t.admin.get(`/api/v1/audit-log?action=ticket_field.create&limit=20`);
    const planEntry = audit.body.items.find((e: { targetId: string }) => e.targetId === String(fields.plan.id));
    expect(planEntry).toMatchObject({
      targetType: 'ticket_field',
      // A field's key is its name, not a credential: it is recorded as it is.
      changes: { label: { before: null, after: 'Plan' }, key: { before: null, after: 'plan' } },
    });

    const dup = await t.admin.post('/api/v1/ticket-fields', { key: 'plan', label: 'Again', type: 'text' });
    expect(dup.status).toBe(409);
    const badKey = await t.admin.post('/api/v1/ticket-fields', { key: 'Bad Key', label: 'X', type: 'text' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.fields.key).toBeDefined();
    const noOptions = await t.admin.post('/api/v1/ticket-fields', { key: 'no_opts', label: 'X', type: 'dropdown' });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.fields.options).toBeDefined();
    const badPattern = await t.admin.post('/api/v1/ticket-fields', {
      key: 'bad_re',
      label: 'X',
      type: 'regex',
      pattern: '([a-z',
    });
    expect(badPattern.status).toBe(400);
    expect(badPattern.body.fields.pattern[0]).toMatch(/does not compile/);
    const optionsOnText = await t.admin.post('/api/v1/ticket-fields', {
      key: 'text_opts',
      label: 'X',
      type: 'text',
      options: opts(['a']),
    });
    expect(optionsOnText.status).toBe(400);
    // Key and type cannot change: not part of the update.
    const retype = await t.admin.patch(`/api/v1/ticket-fields/${fields.seats.id}`, { type: 'text' });
    expect(retype.status).toBe(400);
    expect(retype.body.fields.type).toBeDefined();
    expect((await t.admin.delete(`/api/v1/ticket-fields/${fields.seats.id}`)).status).toBe(404);
  });

  it('takes a valid value of each type on create, and shows them on read in one spelling', async () => {
    const res = await newTicket({
      fields: {
        plan: 'pro',
        components: ['mail', 'api', 'mail'],
        order_number: '  ORD-1  ',
        details: 'Line one\nLine two',
        seats: '12',
        order_total: 99.95,
        renewal: '2027-02-28',
        vip: true,
        invoice: 'INV-0042',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.fields).toEqual({
      plan: 'pro',
      components: ['api', 'mail'],
      order_number: 'ORD-1',
      details: 'Line one\nLine two',
      seats: 12,
      order_total: 99.95,
      renewal: '2027-02-28',
      vip: true,
      invoice: 'INV-0042',
    });
    expect((await t.admin.get(`/api/v1/tickets/${res.body.id}`)).body.fields).toEqual(res.body.fields);
    const created = events.find((e) => e.type === 'ticket.created' && e.ticketId === res.body.id);
    expect(created).toMatchObject({ ticket: { fields: res.body.fields } });
    const audit = (await t.admin.get(`/api/v1/tickets/${res.body.id}/events`)).body.items;
    expect(audit[0]).toMatchObject({ action: 'created', after: { fields: res.body.fields } });
  });

  it.each([
    ['plan', 'gold', /not an option/],
    ['plan', 3, /option value/],
    ['components', 'api', /list of option values/],
    ['components', ['api', 'nope'], /not an option/],
    ['order_number', 'two\nlines', /one line/],
    ['order_number', 'x'.repeat(501), /at most 500/],
    ['details', 42, /must be a string/],
    ['seats', 1.5, /whole number/],
    ['seats', 'many', /whole number/],
    ['order_total', '12.3456789', /6 after the point/],
    ['order_total', true, /must be a number/],
    ['renewal', '2027-02-30', /YYYY-MM-DD/],
    ['renewal', '28/02/2027', /YYYY-MM-DD/],
    ['vip', 'yes', /true or false/],
    ['invoice', 'INV-42', /must match the pattern/],
    ['nope', 'x', /no such field/],
  ])('refuses %s = %j with 400 naming the field, and stores nothing', async (key, value, problem) => {
    const res = await newTicket({ fields: { [key]: value } });
    expect(res.status).toBe(400);
    expect(res.body.fields[`fields.${key}`][0]).toMatch(problem);
    const ok = (await newTicket()).body;
    const patched = await t.admin.patch(`/api/v1/tickets/${ok.id}`, { fields: { [key]: value }, priority: 'high' });
    expect(patched.status).toBe(400);
    // Nothing of the change was written, not even the valid part of it.
    expect((await t.admin.get(`/api/v1/tickets/${ok.id}`)).body).toMatchObject({ priority: 'normal', fields: {} });
  });

  it('changes values on patch and bulk, records field.<key> changes in the audit trail and events; null clears', async () => {
    const a = (await newTicket({ fields: { plan: 'free', seats: 3 } })).body;
    const b = (await newTicket()).body;
    events.length = 0;
    const patched = await t.admin.patch(`/api/v1/tickets/${a.id}`, {
      fields: { plan: 'enterprise', seats: 3, vip: true, renewal: '2027-01-01' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.fields).toEqual({ plan: 'enterprise', seats: 3, vip: true, renewal: '2027-01-01' });
    const updated = events.find((e) => e.type === 'ticket.updated' && e.ticketId === a.id);
    expect(updated).toMatchObject({
      changes: [
        { field: 'field.plan', before: 'free', after: 'enterprise' },
        { field: 'field.renewal', before: null, after: '2027-01-01' },
        { field: 'field.vip', before: null, after: true },
      ],
    });
    const audit = (await t.admin.get(`/api/v1/tickets/${a.id}/events`)).body.items.filter(
      (e: { action: string }) => e.action === 'updated',
    );
    expect(audit.map((e: { field: string; before: unknown; after: unknown }) => [e.field, e.before, e.after])).toEqual([
      ['field.plan', 'free', 'enterprise'],
      ['field.renewal', null, '2027-01-01'],
      ['field.vip', null, true],
    ]);

    // The same values again change nothing and write nothing.
    const before = (await t.admin.get(`/api/v1/tickets/${a.id}/events`)).body.items.length;
    await t.admin.patch(`/api/v1/tickets/${a.id}`, { fields: { plan: 'enterprise', vip: true } });
    expect((await t.admin.get(`/api/v1/tickets/${a.id}/events`)).body.items).toHaveLength(before);

    const cleared = await t.admin.patch(`/api/v1/tickets/${a.id}`, { fields: { vip: false, seats: null } });
    expect(cleared.body.fields).toEqual({ plan: 'enterprise', renewal: '2027-01-01' });

    const bulk = await t.admin.post('/api/v1/tickets/bulk', {
      ids: [a.id, b.id],
      changes: { fields: { components: ['ui'], plan: 'pro' } },
    });
    expect(bulk.body).toEqual({ updated: [a.id, b.id], failed: [] });
    expect((await t.admin.get(`/api/v1/tickets/${b.id}`)).body.fields).toEqual({ plan: 'pro', components: ['ui'] });
    const badBulk = await t.admin.post('/api/v1/tickets/bulk', { ids: [a.id], changes: { fields: { seats: 'x' } } });
    expect(badBulk.body.failed).toEqual([{ id: a.id, statusCode: 400, message: expect.stringMatching(/seats/) }]);
  });

  it('will not solve a ticket missing a field required to solve (patch, reply with status, bulk, rules)', async () => {
    await t.admin.patch(`/api/v1/ticket-fields/${fields.order_number.id}`, { requiredToSolve: true });
    try {
      const ticket = (await newTicket()).body;
      const solve = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved' });
      expect(solve.status).toBe(400);
      expect(solve.body.fields).toEqual({ 'fields.order_number': ['required to solve the ticket'] });
      const reply = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Done', status: 'solved' });
      expect(reply.status).toBe(400);
      const close = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' });
      expect(close.status).toBe(400);
      const bulk = await t.admin.post('/api/v1/tickets/bulk', { ids: [ticket.id], changes: { status: 'solved' } });
      expect(bulk.body.failed[0]).toMatchObject({ id: ticket.id, statusCode: 400 });
      // A business rule goes through the same writer.
      await expect(
        t.app.get(TicketsService).update(ticket.id, { status: 'solved' }, { kind: 'rule', ruleId: 1 }),
      ).rejects.toMatchObject({ code: 'invalid', fields: { 'fields.order_number': ['required to solve the ticket'] } });
      expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.status).toBe('new');

      // With the value in the same change, it solves; clearing it while solved is refused.
      const solved = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, {
        status: 'solved',
        fields: { order_number: 'ORD-9' },
      });
      expect(solved.body).toMatchObject({ status: 'solved', fields: { order_number: 'ORD-9' } });
      const clear = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { fields: { order_number: null } });
      expect(clear.status).toBe(400);

      // A ticket whose form does not show the field may be solved without it.
      const form = await t.admin.post('/api/v1/ticket-forms', {
        name: `Short ${unique()}`,
        fieldIds: [fields.plan.id],
      });
      const other = (await newTicket({ formId: form.body.id })).body;
      expect((await t.admin.patch(`/api/v1/tickets/${other.id}`, { status: 'solved' })).status).toBe(200);
    } finally {
      await t.admin.patch(`/api/v1/ticket-fields/${fields.order_number.id}`, { requiredToSolve: false });
    }
  });

  it('keeps the values of a deactivated field or option, shows them, and takes no new ones', async () => {
    const field = (
      await t.admin.post('/api/v1/ticket-fields', {
        key: `tier_${n}`,
        label: 'Tier',
        type: 'dropdown',
        options: opts(['bronze', 'silver']),
      })
    ).body;
    const ticket = (await newTicket({ fields: { [field.key]: 'silver' } })).body;

    // An option in use cannot be removed, only deactivated; its label can be renamed.
    const removed = await t.admin.patch(`/api/v1/ticket-fields/${field.id}`, { options: opts(['bronze']) });
    expect(removed.status).toBe(409);
    expect(removed.body.message).toMatch(/in use; deactivate it/);
    const retired = await t.admin.patch(`/api/v1/ticket-fields/${field.id}`, {
      label: 'Support tier',
      options: [
        { value: 'bronze', label: 'Bronze' },
        { value: 'silver', label: 'Silver (old)', active: false },
      ],
    });
    expect(retired.status).toBe(200);
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.fields[field.key]).toBe('silver');
    const fresh = await newTicket({ fields: { [field.key]: 'silver' } });
    expect(fresh.status).toBe(400);
    expect(fresh.body.fields[`fields.${field.key}`]).toEqual(['option "silver" is deactivated']);
    // The ticket that has it can still be changed otherwise, and filtered by it.
    expect((await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' })).status).toBe(200);
    const filtered = await t.admin.get(`/api/v1/tickets?field.${field.key}=silver`);
    expect(filtered.body.items.map((x: { id: number }) => x.id)).toEqual([ticket.id]);

    // A deactivated field: its values stay on read, a new value is refused.
    await t.admin.patch(`/api/v1/ticket-fields/${field.id}`, { active: false });
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.fields[field.key]).toBe('silver');
    const write = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { fields: { [field.key]: 'bronze' } });
    expect(write.status).toBe(400);
    expect(write.body.fields[`fields.${field.key}`]).toEqual(['the field is deactivated']);
    // Unused options can go.
    const unused = await t.admin.patch(`/api/v1/ticket-fields/${field.id}`, {
      options: [{ value: 'silver', label: 'Silver', active: false }],
    });
    expect(unused.status).toBe(200);
  });

  it('filters the inbox by field: options, exact text, number and date ranges, checkboxes; views count them', async () => {
    const tag = unique();
    const mk = async (f: Record<string, unknown>) => (await newTicket({ tags: [tag], fields: f })).body.id as number;
    const t1 = await mk({ plan: 'pro', seats: 5, renewal: '2027-01-10', vip: true, components: ['api', 'ui'] });
    const t2 = await mk({ plan: 'enterprise', seats: 50, renewal: '2027-03-01', order_number: 'ORD-77' });
    const t3 = await mk({ plan: 'free', seats: 500, components: ['ui'] });
    const ids = async (qs: string) =>
      (await t.admin.get(`/api/v1/tickets?tag=${tag}&${qs}`)).body.items.map((x: { id: number }) => x.id).sort();

    expect(await ids('field.plan=pro')).toEqual([t1]);
    expect(await ids('field.plan=pro,enterprise')).toEqual([t1, t2]);
    expect(await ids('field.components=ui')).toEqual([t1, t3]);
    expect(await ids('field.order_number=ORD-77')).toEqual([t2]);
    expect(await ids('field.seats=5..50')).toEqual([t1, t2]);
    expect(await ids('field.seats=51..')).toEqual([t3]);
    expect(await ids('field.seats=..5')).toEqual([t1]);
    expect(await ids('field.seats=50')).toEqual([t2]);
    expect(await ids('field.renewal=2027-01-01..2027-01-31')).toEqual([t1]);
    expect(await ids('field.vip=true')).toEqual([t1]);
    expect(await ids('field.vip=false')).toEqual([t2, t3]);
    expect(await ids('field.plan=enterprise&field.seats=..100')).toEqual([t2]);

    for (const [qs, field] of [
      ['field.plan=gold', 'field.plan'],
      ['field.seats=a..b', 'field.seats'],
      ['field.renewal=2027-13-01..', 'field.renewal'],
      ['field.details=x', 'field.details'],
      ['field.nope=1', 'field.nope'],
      ['field.Bad-Key=1', 'fields'],
    ]) {
      const res = await t.admin.get(`/api/v1/tickets?${qs}`);
      expect([qs, res.status]).toEqual([qs, 400]);
      expect(res.body.fields[field]).toBeDefined();
    }

    const view = await t.admin.post('/api/v1/views', {
      name: `Pro ${tag}`,
      filters: { tag, 'field.plan': 'pro,enterprise' },
    });
    expect(view.status).toBe(201);
    expect(view.body).toMatchObject({ count: 2, countCapped: false });
    const badView = await t.admin.post('/api/v1/views', { name: `Bad ${tag}`, filters: { 'field.plan': 'gold' } });
    expect(badView.status).toBe(400);
  });

  it('finds tickets by the words of their text fields, also after the subject changes', async () => {
    const word = `zq${unique()}`;
    const ticket = (await newTicket({ fields: { details: `the ${word} is broken` } })).body;
    const find = async (q: string) =>
      (await t.admin.get(`/api/v1/tickets?q=${q}`)).body.items.map((x: { id: number }) => x.id);
    expect(await find(word)).toEqual([ticket.id]);
    await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { subject: 'A new subject' });
    expect(await find(word)).toEqual([ticket.id]);
    expect(await find('subject')).toContain(ticket.id);
    const other = `zr${unique()}`;
    await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { fields: { details: other } });
    expect(await find(other)).toEqual([ticket.id]);
    // The old value's words are gone; the messages' are not.
    expect(await find(word)).toEqual([]);
    expect(await find('hello')).toContain(ticket.id);
  });

  it('gives tickets forms; forms name existing ticket fields, and a deactivated form is not given anew', async () => {
    const form = await t.admin.post('/api/v1/ticket-forms', {
      name: `Billing ${unique()}`,
      fieldIds: [fields.plan.id, fields.order_total.id],
    });
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({ fieldIds: [fields.plan.id, fields.order_total.id], active: true });
    const bad = await t.admin.post('/api/v1/ticket-forms', { name: `Bad ${unique()}`, fieldIds: [999999] });
    expect(bad.status).toBe(400);
    const ticket = (await newTicket({ formId: form.body.id })).body;
    expect(ticket.formId).toBe(form.body.id);
    const moved = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { formId: null });
    expect(moved.body.formId).toBeNull();
    await t.admin.patch(`/api/v1/ticket-forms/${form.body.id}`, { active: false });
    const refused = await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { formId: form.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.formId).toBeDefined();
  });

  it('offers a customer-visible form on the contact form and takes only its customer-visible fields', async () => {
    const visible = (
      await t.admin.post('/api/v1/ticket-fields', {
        key: `product_${n}`,
        label: 'Product',
        type: 'dropdown',
        options: opts(['printer', 'scanner']),
        visibleToCustomers: true,
      })
    ).body;
    const form = (
      await t.admin.post('/api/v1/ticket-forms', {
        name: `Hardware ${unique()}`,
        fieldIds: [visible.id, fields.plan.id],
        visibleToCustomers: true,
      })
    ).body;
    const offered = await t.http.get('/api/v1/public/forms');
    expect(offered.status).toBe(200);
    expect(offered.body.find((f: { id: number }) => f.id === form.id)).toEqual({
      id: form.id,
      name: form.name,
      description: '',
      fields: [
        {
          key: visible.key,
          label: 'Product',
          description: '',
          type: 'dropdown',
          options: [
            { value: 'printer', label: 'PRINTER', active: true },
            { value: 'scanner', label: 'SCANNER', active: true },
          ],
          pattern: null,
        },
      ],
    });
    const contact = (body: Record<string, unknown>) =>
      t.http.post('/api/v1/public/contact', {
        name: 'Pat',
        email: `${unique()}@example.org`,
        subject: 'Printer jam',
        message: 'It jams.',
        ...body,
      });
    const agentOnly = await contact({ formId: form.id, fields: { plan: 'pro' } });
    expect(agentOnly.status).toBe(400);
    expect(agentOnly.body.fields['fields.plan']).toEqual(['no such field']);
    const ok = await contact({ formId: form.id, fields: { [visible.key]: 'scanner' } });
    expect(ok.status).toBe(202);
    const ticket = (await t.admin.get(`/api/v1/tickets?field.${visible.key}=scanner`)).body.items[0];
    expect(ticket).toMatchObject({ number: ok.body.ticketNumber, formId: form.id });
  });

  it('checks customer and organization fields by type the same way', async () => {
    await t.admin.post('/api/v1/customer-fields', {
      key: 'language',
      label: 'Language',
      type: 'dropdown',
      options: opts(['en', 'de']),
    });
    await t.admin.post('/api/v1/organization-fields', { key: 'account_id', label: 'Account', type: 'number' });
    const bad = await t.admin.post('/api/v1/customers', {
      email: `${unique()}@example.org`,
      fields: { language: 'fr' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields['fields.language'][0]).toMatch(/not an option/);
    const customer = await t.admin.post('/api/v1/customers', {
      email: `${unique()}@example.org`,
      fields: { language: 'de' },
    });
    expect(customer.body.fields).toEqual({ language: 'de' });
    const cleared = await t.admin.patch(`/api/v1/customers/${customer.body.id}`, { fields: { language: null } });
    expect(cleared.body.fields).toEqual({});
    const org = await t.admin.post('/api/v1/organizations', { name: `Org ${unique()}`, fields: { account_id: '12' } });
    expect(org.body.fields).toEqual({ account_id: 12 });
    const badOrg = await t.admin.patch(`/api/v1/organizations/${org.body.id}`, { fields: { account_id: 'x' } });
    expect(badOrg.status).toBe(400);
    const required = await t.admin.post('/api/v1/customer-fields', {
      key: 'req',
      label: 'R',
      type: 'text',
      requiredToSolve: true,
    });
    expect(required.status).toBe(400);
  });
});
