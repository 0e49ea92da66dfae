import { DomainError } from '../../common/domain-error';
import { normaliseFieldValue } from '../../custom-fields/field-values';
import { TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority, TicketStatus } from '../../tickets/ticket.constants';
import { valueProblem } from './conditions';
import { customFieldType, ValueType } from './fields';
import { unknownPlaceholders } from './placeholders';
import { Action, FieldCatalog, RuleKind, TicketFieldDef, TicketState } from './rule-types';

/** Who a rule's email goes to: the requester, the assignee, every agent of the group, or one address. */
export interface EmailAction {
  to: string;
  subject: string;
  body: string;
}

/** An action's meaning, for validation and the OpenAPI document. */
export interface ActionDef {
  name: string;
  description: string;
  /** Where it may be used (macros run by an agent: no mail, no webhooks). */
  kinds: readonly RuleKind[];
  /** What is wrong with a value, or null. */
  problem(value: unknown, catalog: FieldCatalog): string | null;
  /** The value's type, for the editor's value picker (absent: a value of its own shape, as `email`). */
  value?: { type: ValueType; refers?: string };
}

const ALL: readonly RuleKind[] = ['trigger', 'automation', 'macro'];
const STATUS: ValueType = { kind: 'enum', values: TICKET_STATUSES.filter((s) => s !== 'new') };
const PRIORITY: ValueType = { kind: 'enum', values: TICKET_PRIORITIES };
const NULLABLE_ID: ValueType = { kind: 'id', nullable: true };
const LIST: ValueType = { kind: 'list' };
const RULES: readonly RuleKind[] = ['trigger', 'automation'];
const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+$/;

const tagList = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && /^[^\s,]{1,100}$/.test(t))
    ? null
    : 'value must be a non-empty list of tags (no spaces or commas)';
const text = (v: unknown, what: string) => {
  if (typeof v !== 'string' || !v.trim()) return `${what} must be non-empty text`;
  const unknown = unknownPlaceholders(v);
  return unknown.length ? `${what} uses unknown placeholders ${unknown.map((u) => `{{${u}}}`).join(', ')}` : null;
};

export const ACTION_DEFS: readonly ActionDef[] = [
  {
    name: 'status',
    description: 'Sets the status (not `new`)',
    kinds: ALL,
    problem: (v) => valueProblem(STATUS, v),
    value: { type: STATUS },
  },
  {
    name: 'priority',
    description: 'Sets the priority',
    kinds: ALL,
    problem: (v) => valueProblem(PRIORITY, v),
    value: { type: PRIORITY },
  },
  {
    name: 'groupId',
    description: 'Sets the group (an id; null: none)',
    kinds: ALL,
    problem: (v) => valueProblem(NULLABLE_ID, v),
    value: { type: NULLABLE_ID, refers: 'group' },
  },
  {
    name: 'assigneeId',
    description:
      'Sets the assignee: a user id, null (nobody), `current_agent` (the agent applying the macro, or whose change ' +
      'fired the trigger) or `round_robin` (the next available agent of the ticket’s group)',
    kinds: ALL,
    problem: (v) =>
      v === 'current_agent' || v === 'round_robin'
        ? null
        : valueProblem({ kind: 'id', nullable: true }, v) &&
          'value must be a user id, null, current_agent or round_robin',
  },
  {
    name: 'tags',
    description: 'Replaces the tags',
    kinds: ALL,
    problem: (v) => (Array.isArray(v) && !v.length ? null : tagList(v)),
    value: { type: LIST },
  },
  { name: 'add_tags', description: 'Adds tags', kinds: ALL, problem: tagList, value: { type: LIST } },
  { name: 'remove_tags', description: 'Removes tags', kinds: ALL, problem: tagList, value: { type: LIST } },
  {
    name: 'formId',
    description: 'Sets the ticket form (an active form’s id; null: none)',
    kinds: ALL,
    problem: (v, catalog) => {
      const p = valueProblem(NULLABLE_ID, v);
      if (p || v === null) return p;
      const form = catalog.ticketForm(v as number);
      return !form ? `no ticket form ${String(v)}` : form.active ? null : `ticket form ${String(v)} is deactivated`;
    },
    value: { type: NULLABLE_ID, refers: 'form' },
  },
  {
    name: 'add_followers',
    description: 'Adds people (email addresses) who get copies of public replies',
    kinds: ALL,
    problem: (v) =>
      Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string' && ADDRESS.test(a))
        ? null
        : 'value must be a non-empty list of email addresses',
  },
  {
    name: 'note',
    description: 'Adds an internal note (placeholders allowed)',
    kinds: ALL,
    problem: (v) => text(v, 'value'),
  },
  {
    name: 'email',
    description:
      'Emails `{to, subject, body}` (placeholders allowed) to `requester`, `assignee`, `group` (every active agent of ' +
      'the ticket’s group) or an address, through the outbox as automatic mail (Auto-Submitted: auto-generated; the caps apply)',
    kinds: RULES,
    problem: (v) => {
      const e = v as Partial<EmailAction> | null;
      if (!e || typeof e !== 'object') return 'value must be {to, subject, body}';
      if (typeof e.to !== 'string' || !(['requester', 'assignee', 'group'].includes(e.to) || ADDRESS.test(e.to)))
        return 'to must be requester, assignee, group or an email address';
      return text(e.subject, 'subject') ?? text(e.body, 'body');
    },
  },
  {
    name: 'webhook',
    description: 'Calls a webhook (its id) with the ticket as JSON',
    kinds: RULES,
    problem: (v) => valueProblem({ kind: 'id', nullable: false }, v),
  },
  {
    name: 'spam',
    description: 'Marks the ticket as spam: tag `spam`, closed, and automatic mail not yet sent for it cancelled',
    kinds: ALL,
    problem: (v) => (v === true ? null : 'value must be true'),
  },
];

const ACTIONS = new Map(ACTION_DEFS.map((a) => [a.name, a]));

/** The field a `field.<key>` action sets, or undefined for any other action. */
export const customFieldKey = (field: string): string | undefined =>
  field.startsWith('field.') ? field.slice('field.'.length) : undefined;

/**
 * What is wrong with setting a custom field to `value`: the ticket writer's own check
 * (`normaliseFieldValue`: type, options, pattern, length), so a rule is refused when saved
 * for what the writer would refuse when it runs. Null clears the field. Empty: sound.
 */
export function fieldValueProblems(def: TicketFieldDef, value: unknown): string[] {
  if (!def.active) return ['the field is deactivated'];
  if (value === null) return [];
  if (value === undefined) return ['value must be given (null clears the field)'];
  try {
    normaliseFieldValue(def, value);
    return [];
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return Object.values(e.fields ?? {}).flat();
  }
}

/**
 * The problems of one action, in words (the caller prefixes the action's name); empty when
 * it is sound. `field.<key>` actions are checked against the catalog's field (unknown,
 * deactivated, wrong value), `formId` against its forms (unknown, deactivated).
 */
export function actionProblems(a: Action, kind: RuleKind, catalog: FieldCatalog): string[] {
  if (!a || typeof a !== 'object' || typeof a.field !== 'string') return ['must be {field, value}'];
  const key = customFieldKey(a.field);
  if (key !== undefined) {
    const def = catalog.ticketField(key);
    if (!def) return [`unknown field ${JSON.stringify(a.field)}`];
    return fieldValueProblems(def, a.value);
  }
  const def = ACTIONS.get(a.field);
  if (!def) return [`unknown action ${JSON.stringify(a.field)}`];
  if (!def.kinds.includes(kind)) return [`${kind}s cannot ${a.field}`];
  const p = def.problem(a.value, catalog);
  return p ? [p] : [];
}

/**
 * The `field.<key>` action of one custom field (what the editor offers for it): sets the
 * field, any rule kind, its value typed as the field's conditions are.
 */
export function customFieldAction(def: TicketFieldDef): ActionDef {
  return {
    name: `field.${def.key}`,
    description: `Sets the custom field ${def.label ?? def.key} (${def.type}; null clears it)`,
    kinds: ALL,
    problem: (v) => fieldValueProblems(def, v)[0] ?? null,
    value: { type: customFieldType(def) },
  };
}

/** Field changes an action list makes, with the ticket state after them. */
export interface PlannedChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  groupId?: number | null;
  assigneeId?: number | null;
  tags?: string[];
  formId?: number | null;
  fields?: Record<string, unknown>;
}

/** What a list of actions does to a ticket, decided without I/O; `execute` (rule-executor) carries it out. */
export interface ActionPlan {
  changes: PlannedChanges;
  /** Assign the next available agent of the group (after the group change, if any). */
  roundRobin: boolean;
  notes: string[];
  followers: string[];
  emails: EmailAction[];
  webhooks: number[];
  spam: boolean;
  /** The ticket as it will be (a round-robin assignee is filled in when executed). */
  after: TicketState;
}

/**
 * Plans actions in order on a copy of the ticket: later actions see earlier ones (add then
 * remove a tag: removed). `currentAgent` is who `current_agent` means (null: that action
 * does nothing). Actions that would set what the ticket already has plan no change.
 */
export function planActions(actions: readonly Action[], ticket: TicketState, currentAgent: number | null): ActionPlan {
  const after: TicketState = { ...ticket, tags: [...ticket.tags], fields: { ...ticket.fields } };
  const plan: ActionPlan = {
    changes: {},
    roundRobin: false,
    notes: [],
    followers: [],
    emails: [],
    webhooks: [],
    spam: false,
    after,
  };
  const setTags = (tags: string[]) => {
    after.tags = [...new Set(tags)].sort();
  };
  for (const a of actions) {
    const v = a.value;
    const key = customFieldKey(a.field);
    if (key !== undefined) {
      after.fields[key] = v ?? null;
      continue;
    }
    switch (a.field) {
      case 'status':
        after.status = v as TicketStatus;
        break;
      case 'priority':
        after.priority = v as TicketPriority;
        break;
      case 'groupId':
        after.groupId = v as number | null;
        break;
      case 'assigneeId':
        if (v === 'round_robin') plan.roundRobin = true;
        else if (v === 'current_agent') {
          if (currentAgent !== null) {
            after.assigneeId = currentAgent;
            plan.roundRobin = false;
          }
        } else {
          after.assigneeId = v as number | null;
          plan.roundRobin = false;
        }
        break;
      case 'tags':
        setTags(v as string[]);
        break;
      case 'add_tags':
        setTags([...after.tags, ...(v as string[])]);
        break;
      case 'remove_tags': {
        const gone = (v as string[]).map((t) => t.toLowerCase());
        setTags(after.tags.filter((t) => !gone.includes(t.toLowerCase())));
        break;
      }
      case 'formId':
        after.formId = v as number | null;
        break;
      case 'add_followers':
        plan.followers.push(...(v as string[]).map((x) => x.toLowerCase()));
        break;
      case 'note':
        plan.notes.push(v as string);
        break;
      case 'email':
        plan.emails.push(v as EmailAction);
        break;
      case 'webhook':
        plan.webhooks.push(v as number);
        break;
      case 'spam':
        plan.spam = true;
        setTags([...after.tags, 'spam']);
        after.status = 'closed';
        break;
    }
  }
  // A closed ticket is final: a rule cannot reopen what the spam action or an earlier rule closed.
  if (ticket.status === 'closed') after.status = 'closed';
  const c = plan.changes;
  if (after.status !== ticket.status) c.status = after.status;
  if (after.priority !== ticket.priority) c.priority = after.priority;
  if (after.groupId !== ticket.groupId) c.groupId = after.groupId;
  if (after.assigneeId !== ticket.assigneeId) c.assigneeId = after.assigneeId;
  if (after.tags.join('\n') !== [...ticket.tags].sort().join('\n')) c.tags = after.tags;
  if (after.formId !== ticket.formId) c.formId = after.formId;
  const fields = Object.entries(after.fields).filter(
    ([k, v]) => JSON.stringify(v) !== JSON.stringify(ticket.fields[k] ?? null),
  );
  if (fields.length) c.fields = Object.fromEntries(fields);
  return plan;
}

/** A plan in words for a preview: the field changes (before and after), and what else it would do. */
export function describePlan(
  plan: ActionPlan,
  before: TicketState,
): { changes: { field: string; before: unknown; after: unknown }[]; effects: string[] } {
  const c = plan.changes;
  const changes: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of ['status', 'priority', 'groupId', 'assigneeId', 'tags', 'formId'] as const)
    if (c[field] !== undefined) changes.push({ field, before: before[field], after: c[field] });
  for (const [key, value] of Object.entries(c.fields ?? {}))
    changes.push({ field: `field.${key}`, before: before.fields[key] ?? null, after: value });
  const effects = [
    ...(plan.roundRobin ? ['assign the next available agent of the group (round-robin)'] : []),
    ...plan.notes.map((n) => `add an internal note: ${n.slice(0, 80)}`),
    ...(plan.followers.length ? [`add followers ${plan.followers.join(', ')}`] : []),
    ...plan.emails.map((e) => `email ${e.to}: ${e.subject}`),
    ...plan.webhooks.map((w) => `call webhook ${w}`),
    ...(plan.spam ? ['mark as spam (closed, unsent automatic mail cancelled)'] : []),
  ];
  return { changes, effects };
}
