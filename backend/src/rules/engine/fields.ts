import { MAIL_FLAGS } from '../../mail/mail-flags';
import {
  MESSAGE_VISIBILITIES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '../../tickets/ticket.constants';
import { FieldCatalog, Operator, RuleContext, TicketFieldDef } from './rule-types';

/** The kind of value a field holds, which decides its operators and how values compare. */
export type ValueType =
  | { kind: 'enum'; values: readonly string[]; ordered?: boolean; nullable?: boolean }
  | { kind: 'id'; nullable: boolean }
  | { kind: 'text' }
  | { kind: 'list'; values?: readonly string[] }
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'boolean' };

/** A field conditions can test. */
export interface ConditionField {
  name: string;
  description: string;
  type: ValueType;
  operators: readonly Operator[];
  /** Reads the event, so only triggers may test it. */
  triggerOnly?: boolean;
  /** Its current value. */
  read(ctx: RuleContext): unknown;
}

const CHANGE_OPS = ['changed', 'not_changed', 'changed_to', 'changed_from'] as const;
const CHANGE_NO_VALUE = ['changed', 'not_changed'] as const;
const TEXT_OPS = ['is', 'is_not', 'contains', 'not_contains', 'matches'] as const;
const ORDER_OPS = ['is', 'is_not', 'less_than', 'greater_than'] as const;
const LIST_OPS = ['includes', 'not_includes'] as const;
const EQ_OPS = ['is', 'is_not'] as const;

const HOUR = 3_600_000;
const hoursSince = (ctx: RuleContext, at: Date | string | null) =>
  at === null ? null : (ctx.now.getTime() - new Date(at).getTime()) / HOUR;

const timeMeasure = (name: string, description: string, at: (ctx: RuleContext) => Date | null): ConditionField => ({
  name,
  description: `${description}, in hours (fractions count: 119.5 is less than 120)`,
  type: { kind: 'number' },
  operators: ORDER_OPS,
  read: (ctx) => hoursSince(ctx, at(ctx)),
});

/** The built-in fields, in the order the editor offers them. */
export const CONDITION_FIELDS: readonly ConditionField[] = [
  {
    name: 'ticket',
    description: 'The kind of change: `created` (a new ticket) or `updated` (any change to an existing one)',
    type: { kind: 'enum', values: ['created', 'updated'] },
    operators: ['is'],
    triggerOnly: true,
    read: (ctx) => (ctx.event?.created ? 'created' : 'updated'),
  },
  {
    name: 'status',
    description: 'The status (ordered new < open < pending < on_hold < solved < closed)',
    type: { kind: 'enum', values: TICKET_STATUSES, ordered: true },
    operators: [...ORDER_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.status,
  },
  {
    name: 'priority',
    description: 'The priority (ordered low < normal < high < urgent)',
    type: { kind: 'enum', values: TICKET_PRIORITIES, ordered: true },
    operators: [...ORDER_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.priority,
  },
  {
    name: 'groupId',
    description: 'The group (an id; null: none)',
    type: { kind: 'id', nullable: true },
    operators: [...EQ_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.groupId,
  },
  {
    name: 'assigneeId',
    description: 'The assignee (a user id; null: nobody)',
    type: { kind: 'id', nullable: true },
    operators: [...EQ_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.assigneeId,
  },
  {
    name: 'requesterId',
    description: 'The requester (a customer id)',
    type: { kind: 'id', nullable: false },
    operators: EQ_OPS,
    read: (ctx) => ctx.ticket.requesterId,
  },
  {
    name: 'requesterEmail',
    description: "The requester's address (e.g. contains `@example.com`)",
    type: { kind: 'text' },
    operators: TEXT_OPS,
    read: (ctx) => ctx.ticket.requesterEmail,
  },
  {
    name: 'organizationId',
    description: "The requester's organization (an id; null: none)",
    type: { kind: 'id', nullable: true },
    operators: [...EQ_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.organizationId,
  },
  {
    name: 'formId',
    description: 'The ticket form (an id; null: none)',
    type: { kind: 'id', nullable: true },
    operators: [...EQ_OPS, ...CHANGE_OPS],
    read: (ctx) => ctx.ticket.formId,
  },
  {
    name: 'mailboxId',
    description: 'The mailbox the ticket belongs to (an id; null: none)',
    type: { kind: 'id', nullable: true },
    operators: EQ_OPS,
    read: (ctx) => ctx.ticket.mailboxId,
  },
  {
    name: 'channel',
    description: 'How the ticket came in: email, web_form (the contact form), api (an agent or a script), portal',
    type: { kind: 'enum', values: TICKET_CHANNELS },
    operators: EQ_OPS,
    read: (ctx) => ctx.ticket.channel,
  },
  {
    name: 'subject',
    description: 'The subject',
    type: { kind: 'text' },
    operators: [...TEXT_OPS, ...CHANGE_NO_VALUE],
    read: (ctx) => ctx.ticket.subject,
  },
  {
    name: 'body',
    description: 'The text of the message the event added (false when it added none)',
    type: { kind: 'text' },
    operators: ['contains', 'not_contains', 'matches'],
    triggerOnly: true,
    read: (ctx) => ctx.event?.message?.text ?? null,
  },
  {
    name: 'tags',
    description: 'The tags',
    type: { kind: 'list' },
    operators: [...LIST_OPS, ...CHANGE_NO_VALUE],
    read: (ctx) => ctx.ticket.tags,
  },
  {
    name: 'message.author',
    description: 'Who wrote the message the event added: customer, agent or system (false when it added none)',
    type: { kind: 'enum', values: ['customer', 'agent', 'system'] },
    operators: EQ_OPS,
    triggerOnly: true,
    read: (ctx) => ctx.event?.message?.author ?? null,
  },
  {
    name: 'message.visibility',
    description: 'public (a reply) or internal (a note), of the message the event added',
    type: { kind: 'enum', values: MESSAGE_VISIBILITIES },
    operators: EQ_OPS,
    triggerOnly: true,
    read: (ctx) => ctx.event?.message?.visibility ?? null,
  },
  {
    name: 'mail.flags',
    description: 'What the mail-in side recognised the message as: auto_reply, bounce, list (empty for a person)',
    type: { kind: 'list', values: MAIL_FLAGS },
    operators: LIST_OPS,
    triggerOnly: true,
    read: (ctx) => ctx.event?.message?.flags ?? [],
  },
  {
    name: 'mail.from',
    description: 'The sender address of the mail the event added (false when it added none)',
    type: { kind: 'text' },
    operators: TEXT_OPS,
    triggerOnly: true,
    read: (ctx) => ctx.event?.message?.from ?? null,
  },
  timeMeasure('hoursSinceCreated', 'Time since the ticket was created', (ctx) => ctx.ticket.createdAt),
  timeMeasure('hoursSinceUpdated', 'Time since the ticket last changed', (ctx) => ctx.ticket.updatedAt),
  timeMeasure(
    'hoursSinceStatusChanged',
    'Time since the status last changed',
    (ctx) => ctx.ticket.statusChangedAt ?? ctx.ticket.updatedAt,
  ),
  timeMeasure(
    'hoursSinceRequesterReplied',
    "Time since the customer's last message (the ticket's creation when none since)",
    (ctx) => ctx.ticket.customerRepliedAt ?? ctx.ticket.createdAt,
  ),
];

const BUILT_IN = new Map(CONDITION_FIELDS.map((f) => [f.name, f]));

/** The value type of a custom ticket field (issue 15's types). */
export function customFieldType(def: TicketFieldDef): ValueType {
  switch (def.type) {
    case 'number':
    case 'decimal':
      return { kind: 'number' };
    case 'date':
      return { kind: 'date' };
    case 'checkbox':
      return { kind: 'boolean' };
    // Every option, deactivated ones too: tickets may still hold them.
    case 'dropdown':
      return { kind: 'enum', values: def.options.map((o) => o.value), nullable: true };
    case 'multiselect':
      return { kind: 'list', values: def.options.map((o) => o.value) };
    default:
      return { kind: 'text' };
  }
}

function customConditionField(def: TicketFieldDef): ConditionField {
  const type = customFieldType(def);
  const operators: readonly Operator[] =
    type.kind === 'text'
      ? [...TEXT_OPS, ...CHANGE_OPS]
      : type.kind === 'number' || type.kind === 'date'
        ? [...ORDER_OPS, ...CHANGE_OPS]
        : type.kind === 'list'
          ? [...LIST_OPS, ...CHANGE_NO_VALUE]
          : [...EQ_OPS, ...CHANGE_OPS];
  return {
    name: `field.${def.key}`,
    description: `The custom field ${def.label ?? def.key} (${def.type})`,
    type,
    operators,
    read: (ctx) => ctx.ticket.fields[def.key] ?? null,
  };
}

/**
 * The field a condition names: built in, `field.<key>` (a custom ticket field, resolved
 * through the catalog), or `hoursSince.field.<key>` (hours since a date field's day
 * began, negative before it). Undefined: no such field.
 */
export function conditionField(name: string, catalog: FieldCatalog): ConditionField | undefined {
  const builtIn = BUILT_IN.get(name);
  if (builtIn) return builtIn;
  if (name.startsWith('hoursSince.field.')) {
    const def = catalog.ticketField(name.slice('hoursSince.field.'.length));
    if (def?.type !== 'date') return undefined;
    return {
      name,
      description: `Hours since the date in ${def.key} (negative before it)`,
      type: { kind: 'number' },
      operators: ORDER_OPS,
      read: (ctx) => {
        const v = ctx.ticket.fields[def.key];
        return typeof v === 'string' ? hoursSince(ctx, `${v.slice(0, 10)}T00:00:00Z`) : null;
      },
    };
  }
  if (name.startsWith('field.')) {
    const def = catalog.ticketField(name.slice('field.'.length));
    return def && customConditionField(def);
  }
  return undefined;
}
