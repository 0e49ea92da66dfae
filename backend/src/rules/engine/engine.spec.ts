import { actionProblems, planActions } from './actions';
import { evaluate, matches, mayMatch } from './conditions';
import { renderText, unknownPlaceholders } from './placeholders';
import { ruleProblems } from './validate';
import { catalogOf, Condition, FieldCatalog, RuleContext, RuleEvent, TicketFieldDef, TicketState } from './rule-types';

const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

function ticket(over: Partial<TicketState> = {}): TicketState {
  return {
    id: 1,
    number: 1001,
    subject: 'Refund for order 42',
    status: 'open',
    priority: 'normal',
    requesterId: 7,
    requesterEmail: 'ann@example.com',
    requesterName: 'Ann Smith',
    assigneeId: null,
    groupId: 3,
    mailboxId: 2,
    channel: 'email',
    tags: ['billing', 'vip'],
    organizationId: null,
    formId: null,
    fields: {},
    createdAt: hoursAgo(50),
    updatedAt: hoursAgo(10),
    statusChangedAt: hoursAgo(30),
    customerRepliedAt: null,
    ...over,
  };
}

const field = (key: string, type: TicketFieldDef['type'], extra: Partial<TicketFieldDef> = {}): TicketFieldDef => ({
  key,
  type,
  options: [],
  pattern: null,
  active: true,
  ...extra,
});
const options = (...values: string[]) => values.map((value) => ({ value, label: value.toUpperCase(), active: true }));
const FIELDS: TicketFieldDef[] = [
  field('plan', 'dropdown', {
    options: [...options('free', 'pro'), { value: 'legacy', label: 'Legacy', active: false }],
  }),
  field('seats', 'number'),
  field('renewal', 'date'),
  field('order', 'text'),
  field('urgent', 'checkbox'),
  field('products', 'multiselect', { options: options('a', 'b', 'c') }),
  field('sku', 'regex', { pattern: '[A-Z]{3}-\\d+' }),
  field('old', 'text', { active: false }),
];
const catalog: FieldCatalog = catalogOf(FIELDS, [
  { id: 2, name: 'Billing', active: true },
  { id: 3, name: 'Retired', active: false },
]);

const created: RuleEvent = {
  created: true,
  changes: [],
  message: {
    id: 9,
    author: 'customer',
    visibility: 'public',
    channel: 'email',
    text: 'Please refund order 42, thanks',
    flags: [],
    from: 'ann@example.com',
  },
  cause: { kind: 'mail', inboundId: 1, customerId: 7 },
};
const updated: RuleEvent = {
  created: false,
  changes: [
    { field: 'status', before: 'new', after: 'open' },
    { field: 'assigneeId', before: null, after: 5 },
    { field: 'field.plan', before: 'free', after: 'pro' },
  ],
  message: null,
  cause: { kind: 'agent', userId: 5 },
};

const ctx = (t: Partial<TicketState> = {}, event: RuleEvent | null = created): RuleContext => ({
  ticket: ticket(t),
  event,
  now: NOW,
  catalog,
});
const holds = (c: Condition, t: Partial<TicketState> = {}, event: RuleEvent | null = created) =>
  matches({ all: [c] }, ctx(t, event));

describe('conditions', () => {
  it('ticket is created / updated', () => {
    expect(holds({ field: 'ticket', operator: 'is', value: 'created' })).toBe(true);
    expect(holds({ field: 'ticket', operator: 'is', value: 'created' }, {}, updated)).toBe(false);
    expect(holds({ field: 'ticket', operator: 'is', value: 'updated' }, {}, updated)).toBe(true);
  });

  it('status: is, is_not, ordered comparisons and changes', () => {
    expect(holds({ field: 'status', operator: 'is', value: 'open' })).toBe(true);
    expect(holds({ field: 'status', operator: 'is_not', value: 'open' })).toBe(false);
    expect(holds({ field: 'status', operator: 'less_than', value: 'solved' })).toBe(true);
    expect(holds({ field: 'status', operator: 'greater_than', value: 'pending' })).toBe(false);
    expect(holds({ field: 'status', operator: 'greater_than', value: 'new' })).toBe(true);
    expect(holds({ field: 'status', operator: 'changed' }, {}, updated)).toBe(true);
    expect(holds({ field: 'status', operator: 'not_changed' }, {}, updated)).toBe(false);
    expect(holds({ field: 'status', operator: 'changed_to', value: 'open' }, {}, updated)).toBe(true);
    expect(holds({ field: 'status', operator: 'changed_to', value: 'solved' }, {}, updated)).toBe(false);
    expect(holds({ field: 'status', operator: 'changed_from', value: 'new' }, {}, updated)).toBe(true);
    expect(holds({ field: 'status', operator: 'changed' })).toBe(false);
  });

  it('priority compares in order low < normal < high < urgent', () => {
    expect(holds({ field: 'priority', operator: 'less_than', value: 'high' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'greater_than', value: 'low' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'greater_than', value: 'urgent' }, { priority: 'urgent' })).toBe(false);
    expect(holds({ field: 'priority', operator: 'is', value: 'urgent' }, { priority: 'urgent' })).toBe(true);
  });

  it('ids: group, assignee, requester, organization, form and mailbox, with null for none', () => {
    expect(holds({ field: 'groupId', operator: 'is', value: 3 })).toBe(true);
    expect(holds({ field: 'groupId', operator: 'is', value: null })).toBe(false);
    expect(holds({ field: 'groupId', operator: 'is', value: null }, { groupId: null })).toBe(true);
    expect(holds({ field: 'groupId', operator: 'is_not', value: null })).toBe(true);
    expect(holds({ field: 'assigneeId', operator: 'is', value: null })).toBe(true);
    expect(holds({ field: 'assigneeId', operator: 'changed_to', value: 5 }, {}, updated)).toBe(true);
    expect(holds({ field: 'assigneeId', operator: 'changed_from', value: null }, {}, updated)).toBe(true);
    expect(holds({ field: 'requesterId', operator: 'is', value: 7 })).toBe(true);
    expect(holds({ field: 'organizationId', operator: 'is', value: 4 }, { organizationId: 4 })).toBe(true);
    expect(holds({ field: 'organizationId', operator: 'is_not', value: 4 })).toBe(true);
    expect(holds({ field: 'formId', operator: 'is', value: 2 }, { formId: 2 })).toBe(true);
    expect(holds({ field: 'mailboxId', operator: 'is', value: 2 })).toBe(true);
    expect(holds({ field: 'mailboxId', operator: 'is_not', value: 2 })).toBe(false);
  });

  it('channel', () => {
    expect(holds({ field: 'channel', operator: 'is', value: 'email' })).toBe(true);
    expect(holds({ field: 'channel', operator: 'is', value: 'web_form' }, { channel: 'web_form' })).toBe(true);
    expect(holds({ field: 'channel', operator: 'is_not', value: 'api' })).toBe(true);
  });

  it('text: subject and requester address, ignoring case, with regular expressions', () => {
    expect(holds({ field: 'subject', operator: 'contains', value: 'REFUND' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'not_contains', value: 'refund' })).toBe(false);
    expect(holds({ field: 'subject', operator: 'is', value: 'refund for ORDER 42' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'is_not', value: 'Refund' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'matches', value: 'order \\d+$' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'matches', value: '^order' })).toBe(false);
    expect(holds({ field: 'subject', operator: 'changed' }, {}, updated)).toBe(false);
    expect(holds({ field: 'requesterEmail', operator: 'contains', value: '@EXAMPLE.com' })).toBe(true);
    expect(holds({ field: 'requesterEmail', operator: 'matches', value: '@example\\.(com|org)$' })).toBe(true);
  });

  it('body: the text of the message the event added; false without one', () => {
    expect(holds({ field: 'body', operator: 'contains', value: 'refund' })).toBe(true);
    expect(holds({ field: 'body', operator: 'not_contains', value: 'refund' })).toBe(false);
    expect(holds({ field: 'body', operator: 'matches', value: 'order\\s+\\d+' })).toBe(true);
    expect(holds({ field: 'body', operator: 'contains', value: 'refund' }, {}, updated)).toBe(false);
    expect(holds({ field: 'body', operator: 'not_contains', value: 'refund' }, {}, updated)).toBe(true);
  });

  it('tags: includes at least one, includes none, changed', () => {
    expect(holds({ field: 'tags', operator: 'includes', value: ['VIP', 'other'] })).toBe(true);
    expect(holds({ field: 'tags', operator: 'includes', value: ['other'] })).toBe(false);
    expect(holds({ field: 'tags', operator: 'not_includes', value: ['other', 'x'] })).toBe(true);
    expect(holds({ field: 'tags', operator: 'not_includes', value: ['billing'] })).toBe(false);
    const tagged: RuleEvent = { ...updated, changes: [{ field: 'tags', before: [], after: ['vip'] }] };
    expect(holds({ field: 'tags', operator: 'changed' }, {}, tagged)).toBe(true);
  });

  it('the message: author, visibility, mail flags and sender', () => {
    expect(holds({ field: 'message.author', operator: 'is', value: 'customer' })).toBe(true);
    expect(holds({ field: 'message.author', operator: 'is', value: 'agent' })).toBe(false);
    expect(holds({ field: 'message.author', operator: 'is', value: 'customer' }, {}, updated)).toBe(false);
    expect(holds({ field: 'message.visibility', operator: 'is', value: 'public' })).toBe(true);
    expect(holds({ field: 'message.visibility', operator: 'is_not', value: 'internal' })).toBe(true);
    expect(holds({ field: 'mail.flags', operator: 'not_includes', value: ['auto_reply', 'bounce'] })).toBe(true);
    const auto: RuleEvent = { ...created, message: { ...created.message!, flags: ['auto_reply'] } };
    expect(holds({ field: 'mail.flags', operator: 'includes', value: ['auto_reply'] }, {}, auto)).toBe(true);
    expect(holds({ field: 'mail.from', operator: 'contains', value: '@example.com' })).toBe(true);
    expect(holds({ field: 'mail.from', operator: 'is', value: 'bob@example.com' })).toBe(false);
  });

  it('time measures count hours (with fractions) against the clock', () => {
    expect(holds({ field: 'hoursSinceCreated', operator: 'greater_than', value: 49.5 })).toBe(true);
    expect(holds({ field: 'hoursSinceCreated', operator: 'less_than', value: 50 })).toBe(false);
    expect(holds({ field: 'hoursSinceUpdated', operator: 'less_than', value: 11 })).toBe(true);
    expect(holds({ field: 'hoursSinceStatusChanged', operator: 'greater_than', value: 29 })).toBe(true);
    // No recorded status change: the last update stands in (later, never earlier).
    expect(
      holds({ field: 'hoursSinceStatusChanged', operator: 'greater_than', value: 29 }, { statusChangedAt: null }),
    ).toBe(false);
    // No reply since creation: creation stands in.
    expect(holds({ field: 'hoursSinceRequesterReplied', operator: 'greater_than', value: 49 }, {}, null)).toBe(true);
    expect(
      holds(
        { field: 'hoursSinceRequesterReplied', operator: 'less_than', value: 2 },
        { customerRepliedAt: hoursAgo(1) },
        null,
      ),
    ).toBe(true);
    expect(holds({ field: 'hoursSinceCreated', operator: 'is', value: 50 })).toBe(true);
  });

  it('custom fields by their type: dropdown, number, date, text, checkbox, multiselect', () => {
    const fields = { plan: 'pro', seats: 12, renewal: '2026-03-01', order: 'A-77', urgent: true, products: ['a', 'c'] };
    expect(holds({ field: 'field.plan', operator: 'is', value: 'pro' }, { fields })).toBe(true);
    expect(holds({ field: 'field.plan', operator: 'is', value: null }, { fields: {} })).toBe(true);
    expect(holds({ field: 'field.plan', operator: 'changed_to', value: 'pro' }, { fields }, updated)).toBe(true);
    expect(holds({ field: 'field.seats', operator: 'greater_than', value: 10 }, { fields })).toBe(true);
    expect(holds({ field: 'field.seats', operator: 'less_than', value: 10 }, { fields })).toBe(false);
    expect(holds({ field: 'field.seats', operator: 'less_than', value: 10 }, { fields: {} })).toBe(false);
    expect(holds({ field: 'field.renewal', operator: 'less_than', value: '2026-03-02' }, { fields })).toBe(true);
    expect(holds({ field: 'field.renewal', operator: 'is', value: '2026-03-01' }, { fields })).toBe(true);
    expect(holds({ field: 'field.order', operator: 'matches', value: '^a-\\d+$' }, { fields })).toBe(true);
    expect(holds({ field: 'field.urgent', operator: 'is', value: true }, { fields })).toBe(true);
    expect(holds({ field: 'field.products', operator: 'includes', value: ['b', 'c'] }, { fields })).toBe(true);
    expect(holds({ field: 'field.products', operator: 'not_includes', value: ['b'] }, { fields })).toBe(true);
    expect(holds({ field: 'hoursSince.field.renewal', operator: 'greater_than', value: 24 * 9 }, { fields })).toBe(
      true,
    );
  });

  it('all of and any of', () => {
    const c = ctx();
    const yes = { field: 'status', operator: 'is' as const, value: 'open' };
    const no = { field: 'status', operator: 'is' as const, value: 'closed' };
    expect(matches({ all: [yes], any: [] }, c)).toBe(true);
    expect(matches({ all: [yes, no] }, c)).toBe(false);
    expect(matches({ all: [yes], any: [no, yes] }, c)).toBe(true);
    expect(matches({ all: [yes], any: [no] }, c)).toBe(false);
    expect(matches({}, c)).toBe(true);
    expect(evaluate({ all: [yes, no], any: [yes] }, c)).toEqual({ matched: false, all: [true, false], any: [true] });
  });

  it('may match a change: false only when the change alone rules it out, whatever the ticket holds', () => {
    const may = (conditions: Parameters<typeof mayMatch>[0], event: RuleEvent) => mayMatch(conditions, event, catalog);
    const isCreated = { field: 'ticket', operator: 'is' as const, value: 'created' };
    const urgent = { field: 'priority', operator: 'is' as const, value: 'urgent' };
    // The kind of change decides; the ticket's fields are unknown, so they never rule out.
    expect(may({ all: [isCreated, urgent] }, created)).toBe(true);
    expect(may({ all: [isCreated, urgent] }, updated)).toBe(false);
    expect(may({ all: [urgent] }, updated)).toBe(true);
    // What the change changed.
    expect(may({ all: [{ field: 'status', operator: 'changed_to', value: 'open' }] }, updated)).toBe(true);
    expect(may({ all: [{ field: 'status', operator: 'changed_to', value: 'solved' }] }, updated)).toBe(false);
    expect(may({ all: [{ field: 'tags', operator: 'changed' }] }, updated)).toBe(false);
    // The message: author, flags; the body only once its text is loaded, and never without a message.
    expect(may({ all: [{ field: 'message.author', operator: 'is', value: 'agent' }] }, created)).toBe(false);
    expect(may({ all: [{ field: 'mail.flags', operator: 'includes', value: ['bounce'] }] }, created)).toBe(false);
    const refund = { field: 'body', operator: 'contains' as const, value: 'refund' };
    const invoice = { field: 'body', operator: 'contains' as const, value: 'invoice' };
    expect(may({ all: [invoice] }, created)).toBe(false);
    expect(may({ all: [invoice] }, { ...created, message: { ...created.message!, text: null } })).toBe(true);
    expect(may({ all: [refund] }, updated)).toBe(false);
    // any: ruled out only when every one of them is.
    expect(may({ any: [invoice, urgent] }, created)).toBe(true);
    expect(may({ any: [invoice, { field: 'message.author', operator: 'is', value: 'agent' }] }, created)).toBe(false);
    expect(may({ all: [], any: [] }, updated)).toBe(true);
    // A may-match verdict never contradicts the full evaluation, whatever the ticket.
    for (const event of [created, updated])
      for (const conditions of [{ all: [isCreated, urgent] }, { all: [refund] }, { any: [invoice, urgent] }])
        for (const t of [{}, { priority: 'urgent' as const }])
          if (matches(conditions, ctx(t, event))) expect(may(conditions, event)).toBe(true);
  });
});

describe('actions', () => {
  const t = ticket({ tags: ['billing', 'vip'], assigneeId: 4 });
  const plan = (actions: { field: string; value?: unknown }[], current: number | null = 9) =>
    planActions(actions, t, current);

  it('set status, priority, group, form and custom fields; setting what is there changes nothing', () => {
    const p = plan([
      { field: 'status', value: 'pending' },
      { field: 'priority', value: 'urgent' },
      { field: 'groupId', value: 8 },
      { field: 'formId', value: 2 },
      { field: 'field.plan', value: 'pro' },
    ]);
    expect(p.changes).toEqual({
      status: 'pending',
      priority: 'urgent',
      groupId: 8,
      formId: 2,
      fields: { plan: 'pro' },
    });
    expect(p.after).toMatchObject({ status: 'pending', priority: 'urgent', groupId: 8, fields: { plan: 'pro' } });
    expect(
      plan([
        { field: 'status', value: 'open' },
        { field: 'groupId', value: 3 },
      ]).changes,
    ).toEqual({});
    expect(plan([{ field: 'groupId', value: null }]).changes).toEqual({ groupId: null });
  });

  it('the planned state carries the form and field values, so later rules of a pass see them', () => {
    const p = plan([
      { field: 'formId', value: 2 },
      { field: 'field.plan', value: 'pro' },
      { field: 'field.seats', value: 12 },
    ]);
    const later = {
      all: [
        { field: 'formId', operator: 'is', value: 2 },
        { field: 'field.plan', operator: 'is', value: 'pro' },
        { field: 'field.seats', operator: 'greater_than', value: 10 },
      ],
    } as const;
    const ctxOf = (ticket: TicketState) => ({ ticket, event: created, now: NOW, catalog });
    expect(matches({ all: [...later.all] }, ctxOf(p.after))).toBe(true);
    expect(matches({ all: [...later.all] }, ctxOf(t))).toBe(false);
    // Clearing: null where the ticket had a value is a change; where it had none, not.
    const withPlan = ticket({ fields: { plan: 'free' } });
    expect(planActions([{ field: 'field.plan', value: null }], withPlan, null).changes).toEqual({
      fields: { plan: null },
    });
    expect(planActions([{ field: 'field.plan', value: null }], ticket(), null).changes).toEqual({});
  });

  it('assignee: a person, nobody, the current agent, or round-robin (resolved when executed)', () => {
    expect(plan([{ field: 'assigneeId', value: 5 }]).changes).toEqual({ assigneeId: 5 });
    expect(plan([{ field: 'assigneeId', value: null }]).changes).toEqual({ assigneeId: null });
    expect(plan([{ field: 'assigneeId', value: 'current_agent' }]).changes).toEqual({ assigneeId: 9 });
    expect(plan([{ field: 'assigneeId', value: 'current_agent' }], null).changes).toEqual({});
    const rr = plan([{ field: 'assigneeId', value: 'round_robin' }]);
    expect(rr.roundRobin).toBe(true);
    expect(rr.changes).toEqual({});
    expect(
      plan([
        { field: 'assigneeId', value: 'round_robin' },
        { field: 'assigneeId', value: 5 },
      ]).roundRobin,
    ).toBe(false);
  });

  it('tags: add, remove (ignoring case) and replace, in order', () => {
    expect(plan([{ field: 'add_tags', value: ['refund', 'vip'] }]).changes).toEqual({
      tags: ['billing', 'refund', 'vip'],
    });
    expect(plan([{ field: 'remove_tags', value: ['VIP'] }]).changes).toEqual({ tags: ['billing'] });
    expect(
      plan([
        { field: 'tags', value: ['x'] },
        { field: 'add_tags', value: ['y'] },
      ]).changes,
    ).toEqual({
      tags: ['x', 'y'],
    });
    expect(
      plan([
        { field: 'add_tags', value: ['a'] },
        { field: 'remove_tags', value: ['a'] },
      ]).changes,
    ).toEqual({});
  });

  it('followers, notes, emails and webhooks are collected for the executor', () => {
    const p = plan([
      { field: 'add_followers', value: ['Boss@Example.com'] },
      { field: 'note', value: 'Checked by {{rule.title}}' },
      { field: 'email', value: { to: 'requester', subject: 'Hi', body: 'Ticket {{ticket.number}}' } },
      { field: 'webhook', value: 12 },
    ]);
    expect(p).toMatchObject({
      followers: ['boss@example.com'],
      notes: ['Checked by {{rule.title}}'],
      emails: [{ to: 'requester', subject: 'Hi', body: 'Ticket {{ticket.number}}' }],
      webhooks: [12],
      changes: {},
    });
  });

  it('spam tags and closes; nothing reopens a closed ticket', () => {
    const p = plan([{ field: 'spam', value: true }]);
    expect(p.spam).toBe(true);
    expect(p.changes).toEqual({ status: 'closed', tags: ['billing', 'spam', 'vip'] });
    const closed = planActions([{ field: 'status', value: 'open' }], ticket({ status: 'closed' }), null);
    expect(closed.changes).toEqual({});
  });

  it('validates values per action type and where it may be used', () => {
    const ok = (field: string, value: unknown, kind: 'trigger' | 'macro' = 'trigger') =>
      actionProblems({ field, value }, kind, catalog);
    expect(ok('status', 'solved')).toEqual([]);
    expect(ok('status', 'new')).toEqual(['value must be one of open, pending, on_hold, solved, closed']);
    expect(ok('priority', 'huge')[0]).toMatch(/one of low, normal, high, urgent/);
    expect(ok('groupId', 'x')).toEqual(['value must be an id or null']);
    expect(ok('assigneeId', 'round_robin')).toEqual([]);
    expect(ok('assigneeId', 'someone')[0]).toMatch(/current_agent or round_robin/);
    expect(ok('add_tags', ['a b'])[0]).toMatch(/no spaces/);
    expect(ok('tags', [])).toEqual([]);
    expect(ok('add_followers', ['not-an-address'])[0]).toMatch(/email addresses/);
    expect(ok('note', 'Hi {{customer.shoeSize}}')).toEqual(['value uses unknown placeholders {{customer.shoeSize}}']);
    expect(ok('email', { to: 'group', subject: 'S', body: 'B' })).toEqual([]);
    expect(ok('email', { to: 'nobody', subject: 'S', body: 'B' })[0]).toMatch(/requester, assignee, group/);
    expect(ok('email', { to: 'requester', subject: 'S', body: 'B' }, 'macro')).toEqual(['macros cannot email']);
    expect(ok('webhook', 3, 'macro')).toEqual(['macros cannot webhook']);
    expect(ok('webhook', 3)).toEqual([]);
    expect(ok('spam', false)).toEqual(['value must be true']);
    expect(ok('explode', 1)).toEqual(['unknown action "explode"']);
  });

  it('checks form and custom field values as the ticket writer does', () => {
    const ok = (field: string, value: unknown, kind: 'trigger' | 'macro' = 'trigger') =>
      actionProblems({ field, value }, kind, catalog);
    expect(ok('formId', 2)).toEqual([]);
    expect(ok('formId', null)).toEqual([]);
    expect(ok('formId', 9)).toEqual(['no ticket form 9']);
    expect(ok('formId', 3)).toEqual(['ticket form 3 is deactivated']);
    expect(ok('formId', 'Billing')).toEqual(['value must be an id or null']);
    expect(ok('field.plan', 'pro', 'macro')).toEqual([]);
    expect(ok('field.plan', null)).toEqual([]);
    expect(ok('field.plan', 'enterprise')).toEqual(['"enterprise" is not an option (free, pro, legacy)']);
    expect(ok('field.plan', 'legacy')).toEqual(['option "legacy" is deactivated']);
    expect(ok('field.plan', undefined)).toEqual(['value must be given (null clears the field)']);
    expect(ok('field.seats', 3)).toEqual([]);
    expect(ok('field.seats', 2.5)).toEqual(['must be a whole number (at most 15 digits)']);
    expect(ok('field.seats', 'many')).toEqual(['must be a whole number (at most 15 digits)']);
    expect(ok('field.renewal', '2026-02-30')).toEqual(['must be a date as YYYY-MM-DD']);
    expect(ok('field.urgent', 'yes')).toEqual(['must be true or false']);
    expect(ok('field.products', ['a', 'c'])).toEqual([]);
    expect(ok('field.products', ['a', 'z'])).toEqual(['"z" is not an option (a, b, c)']);
    expect(ok('field.products', 'a')).toEqual(['must be a list of option values']);
    expect(ok('field.sku', 'ABC-12')).toEqual([]);
    expect(ok('field.sku', 'ABC-12x')[0]).toMatch(/must match the pattern/);
    expect(ok('field.order', 'line\nbreak')[0]).toMatch(/one line/);
    expect(ok('field.old', 'x')).toEqual(['the field is deactivated']);
    expect(ok('field.nope', 1)).toEqual(['unknown field "field.nope"']);
  });
});

describe('rule validation', () => {
  it('names the condition and what is wrong with it', () => {
    const problems = ruleProblems(
      'trigger',
      {
        conditions: {
          all: [
            { field: 'status', operator: 'less_than', value: 'later' },
            { field: 'shoeSize', operator: 'is', value: 1 },
            { field: 'tags', operator: 'is', value: 'x' },
          ],
          any: [{ field: 'subject', operator: 'matches', value: '(a+)+$' }],
        },
        actions: [{ field: 'priority', value: 'high' }],
      },
      catalog,
    );
    expect(problems).toEqual({
      'conditions.all[0]': ['status less_than: value must be one of new, open, pending, on_hold, solved, closed'],
      'conditions.all[1]': ['shoeSize is: unknown field "shoeSize"'],
      'conditions.all[2]': ['tags is: tags does not take is; it takes includes, not_includes, changed, not_changed'],
      'conditions.any[0]': ['subject matches: the regular expression may take exponential time (nested quantifiers)'],
    });
  });

  it('keeps change conditions and the message to triggers, and wants conditions on automations', () => {
    expect(
      ruleProblems(
        'automation',
        {
          conditions: {
            all: [
              { field: 'status', operator: 'changed' },
              { field: 'body', operator: 'contains', value: 'x' },
            ],
          },
          actions: [{ field: 'status', value: 'solved' }],
        },
        catalog,
      ),
    ).toEqual({
      'conditions.all[0]': [
        'status changed: status changed tests the change that fired a trigger; automations have none',
      ],
      'conditions.all[1]': [
        'body contains: body contains tests the change that fired a trigger; automations have none',
      ],
    });
    expect(
      ruleProblems('automation', { conditions: {}, actions: [{ field: 'status', value: 'solved' }] }, catalog),
    ).toEqual({ conditions: ['an automation needs at least one condition'] });
    expect(ruleProblems('trigger', { conditions: { all: [] }, actions: [] }, catalog)).toEqual({
      actions: ['a rule needs at least one action'],
    });
    expect(ruleProblems('macro', { actions: [] }, catalog)).toEqual({});
  });

  it('accepts a sound rule', () => {
    expect(
      ruleProblems(
        'trigger',
        {
          conditions: {
            all: [
              { field: 'ticket', operator: 'is', value: 'created' },
              { field: 'mailboxId', operator: 'is', value: 2 },
            ],
            any: [
              { field: 'subject', operator: 'contains', value: 'invoice' },
              { field: 'body', operator: 'matches', value: 'refund|chargeback' },
            ],
          },
          actions: [
            { field: 'groupId', value: 3 },
            { field: 'assigneeId', value: 'round_robin' },
          ],
        },
        catalog,
      ),
    ).toEqual({});
  });
});

describe('placeholders', () => {
  it('are checked when saved and replaced as written', () => {
    expect(unknownPlaceholders('{{ticket.number}} {{ nope.x }}')).toEqual(['nope.x']);
    expect(renderText('Hi {{customer.name}}, {{x.y}}', { 'customer.name': '{{agent.name}}' })).toBe(
      'Hi {{agent.name}}, {{x.y}}',
    );
  });
});
