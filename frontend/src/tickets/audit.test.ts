import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../api/types';
import { actorName, changeSets, describeEvent } from './audit';

const dana = { type: 'user' as const, id: 2, name: 'Dana Smith' };
const carla = { type: 'customer' as const, id: 9, name: 'Carla' };
let nextId = 1;
const ev = (e: Partial<TicketEvent>): TicketEvent => ({
  id: nextId++,
  ticketId: 1,
  action: 'updated',
  field: null,
  before: null,
  after: null,
  actor: dana,
  rule: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  ...e,
});
const names = {
  userName: (id: number | null) => (id === 2 ? 'Dana Smith' : id == null ? null : `#${id}`),
  groupName: (id: number | null) => (id === 5 ? 'Billing' : id == null ? null : `#${id}`),
};

describe('audit trail in words', () => {
  it('names people, groups, statuses and priorities instead of ids and codes', () => {
    const say = (field: string, before: unknown, after: unknown) =>
      describeEvent(ev({ field, before: before as never, after: after as never }), names);
    expect(say('assigneeId', null, 2)).toBe('Assignee: — → Dana Smith');
    expect(say('assigneeId', 2, 77)).toBe('Assignee: Dana Smith → #77');
    expect(say('groupId', 5, null)).toBe('Group: Billing → —');
    expect(say('status', 'on_hold', 'solved')).toBe('Status: On hold → Solved');
    expect(say('priority', 'normal', 'urgent')).toBe('Priority: Normal → Urgent');
    expect(say('subject', 'Printer', 'Printer on fire')).toBe('Subject: “Printer” → “Printer on fire”');
    expect(say('tags', ['billing', 'vip'], ['urgent', 'vip'])).toBe('Tags: added urgent; removed billing');
    // A field this UI does not know is still shown, with its raw name.
    expect(say('dueAt', null, '2025-02-01')).toBe('dueAt: — → 2025-02-01');
  });

  it('tells replies, notes, customer messages and creation apart', () => {
    const added = (actor: TicketEvent['actor'], internal: boolean) =>
      describeEvent(ev({ action: 'message_added', actor, after: { messageId: 1, internal } }), names);
    expect(added(dana, false)).toBe('Reply added');
    expect(added(dana, true)).toBe('Internal note added');
    expect(added(carla, false)).toBe('Message from the customer');
    expect(describeEvent(ev({ action: 'created', after: { subject: 'x' } }), names)).toBe('Ticket created');
    // An agent typing in a customer's phone call: the message is the customer's, whoever added it.
    const typedIn = ev({ action: 'message_added', actor: dana, after: { messageId: 41, internal: false } });
    expect(describeEvent(typedIn, { ...names, messageAuthor: (id) => (id === 41 ? 'customer' : undefined) })).toBe(
      'Message from the customer',
    );
    expect(describeEvent(ev({ action: 'spam_marked' }), names)).toBe('Spam marked');
    const forward = ev({
      action: 'message_added',
      actor: dana,
      after: { messageId: 5, internal: true, forwardedTo: ['parts@vendor.test', 'b@vendor.test'] },
    });
    expect(describeEvent(forward, names)).toBe('Forwarded to parts@vendor.test, b@vendor.test');
  });

  it('says what a rule did besides changing fields, with its details', () => {
    const rule = { id: 7, kind: 'trigger' as const, title: 'Spam filter' };
    const say = (action: string, after: Record<string, unknown>) =>
      describeEvent(ev({ action, after, actor: { type: 'system', id: null, name: null }, rule }), names);
    expect(say('email_queued', { to: 'a@example.com' })).toBe('Email to a@example.com queued');
    expect(say('webhook_queued', { name: 'Slack', webhookId: 3 })).toBe('Webhook “Slack” called');
    expect(say('rules_paused', { reason: 'fighting' })).toBe('Rules paused: fighting');
    expect(say('rule_failed', { error: 'assignee is deactivated' })).toBe('Rule failed: assignee is deactivated');
    expect(say('marked_spam', {})).toBe('Marked as spam (closed without reply)');
  });

  it('makes one entry per change set: same actor and same transaction time', () => {
    const t1 = '2025-01-01T10:00:00.123Z';
    const t2 = '2025-01-01T10:00:00.124Z';
    const events = [
      ev({ createdAt: t1, action: 'message_added', after: { internal: false } }),
      ev({ createdAt: t1, field: 'status', before: 'new', after: 'pending' }),
      ev({ createdAt: t2, field: 'assigneeId', before: null, after: 2 }),
      ev({ createdAt: t2, field: 'tags', before: [], after: ['vip'] }),
      ev({ createdAt: t2, actor: carla, action: 'message_added', after: { internal: false } }),
    ];
    const sets = changeSets(events);
    expect(sets.map((s) => [actorName(s.actor), s.events.map((e) => describeEvent(e, names))])).toEqual([
      ['Dana Smith', ['Reply added', 'Status: New → Pending']],
      ['Dana Smith', ['Assignee: — → Dana Smith', 'Tags: added vip']],
      ['Carla (customer)', ['Message from the customer']],
    ]);
    expect(actorName({ type: 'system', id: null, name: 'System' })).toBe('System');
  });
});
