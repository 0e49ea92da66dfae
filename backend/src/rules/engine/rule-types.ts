import type { FieldDefinition, FieldType } from '../../custom-fields/field-types';
import { FIELD_TYPES } from '../../custom-fields/field-types';
import type { FieldShape } from '../../custom-fields/field-values';
import type { MailFlag } from '../../mail/mail-flags';
import type { Cause } from '../../tickets/ticket-events';
import type {
  MessageChannel,
  MessageVisibility,
  TicketChannel,
  TicketPriority,
  TicketStatus,
} from '../../tickets/ticket.constants';

/*
 * The shapes of the one condition/action engine (issue 16) that triggers, automations and
 * macros share. The JSON follows Zendesk's triggers API (`conditions: {all, any}`,
 * `actions: [{field, value}]`) with this API's field names.
 */

/** Every operator a condition may use; each field accepts a subset (fields.ts). */
export const OPERATORS = [
  'is',
  'is_not',
  'contains',
  'not_contains',
  'matches',
  'less_than',
  'greater_than',
  'includes',
  'not_includes',
  'changed',
  'not_changed',
  'changed_to',
  'changed_from',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** What each operator means, for the OpenAPI document and the editor. */
export const OPERATOR_DOCS: Record<Operator, string> = {
  is: 'equals the value (text: ignoring case; null: has none)',
  is_not: 'differs from the value',
  contains: 'text contains the value, ignoring case',
  not_contains: 'text does not contain the value, ignoring case',
  matches: 'text matches the regular expression (JavaScript syntax, ignoring case)',
  less_than: 'number, date or ordered value (priority low < … < urgent; status new < … < closed) below the value',
  greater_than: 'number, date or ordered value above the value',
  includes: 'the list (tags, multiselect, mail flags) has at least one of the values',
  not_includes: 'the list has none of the values',
  changed: 'the event changed the field (triggers)',
  not_changed: 'the event did not change the field (triggers)',
  changed_to: 'the event changed the field to the value (triggers)',
  changed_from: 'the event changed the field from the value (triggers)',
};

export interface Condition {
  field: string;
  operator: Operator;
  value?: unknown;
}

/** Every condition of `all`, and at least one of `any` when it has any. */
export interface Conditions {
  all?: Condition[];
  any?: Condition[];
}

export interface Action {
  field: string;
  value?: unknown;
}

export type RuleKind = 'trigger' | 'automation' | 'macro';
/** The kinds stored in `rules` (macros have their own table). */
export type StoredRuleKind = Exclude<RuleKind, 'macro'>;

/** A ticket as rules see it (values as the API spells them). */
export interface TicketState {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: number;
  requesterEmail: string;
  requesterName: string;
  assigneeId: number | null;
  groupId: number | null;
  mailboxId: number | null;
  channel: TicketChannel;
  tags: string[];
  /** From the ticket model (issue 15); null / empty where the install has none. */
  organizationId: number | null;
  formId: number | null;
  fields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  /** Null for tickets from before status changes were recorded: `updatedAt` stands in. */
  statusChangedAt: Date | null;
  /** The customer's newest message; null: none since the ticket was created (`createdAt` stands in). */
  customerRepliedAt: Date | null;
}

/** The message an event added. */
export interface EventMessage {
  id: number;
  author: 'agent' | 'customer' | 'system';
  visibility: MessageVisibility;
  channel: MessageChannel;
  /** Loaded only when an active rule reads it (`body`). */
  text: string | null;
  flags: MailFlag[];
  from: string | null;
}

/** One field changed by the event, before and after (values as the API spells them). */
export interface EventChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** What happened to the ticket: the events of one change (one transaction), as triggers see them. */
export interface RuleEvent {
  created: boolean;
  changes: EventChange[];
  message: EventMessage | null;
  cause: Cause;
}

/** The type of a custom ticket field (issue 15). */
export const TICKET_FIELD_TYPES = FIELD_TYPES;
export type TicketFieldType = FieldType;

/**
 * A custom ticket field as rules see it: the ticket model's own definition (issue 15), so
 * an action's value is checked by the very function the ticket writer uses
 * (`normaliseFieldValue`). `options` are `{value, label, active}`; `label` is for the editor.
 */
export type TicketFieldDef = FieldShape & Pick<FieldDefinition, 'active'> & { label?: string };

/** A ticket form as rules see it: `formId` actions may name an active one. */
export interface TicketFormDef {
  id: number;
  name: string;
  active: boolean;
}

/**
 * What the install defines beyond the built-in fields: custom ticket fields (`field.<key>`)
 * and ticket forms. Rules resolve `field.<key>` and `formId` through it, so the engine
 * knows no field of its own beyond the built-in ones. Build one with `catalogOf`.
 */
export interface FieldCatalog {
  ticketField(key: string): TicketFieldDef | undefined;
  ticketForm(id: number): TicketFormDef | undefined;
  /** Every custom ticket field (active or not), in display order: the editor's list. */
  readonly ticketFields: readonly TicketFieldDef[];
  /** Every ticket form (active or not), in display order. */
  readonly ticketForms: readonly TicketFormDef[];
}

/** A catalog over these fields and forms (lookups by key and id). */
export function catalogOf(fields: readonly TicketFieldDef[], forms: readonly TicketFormDef[]): FieldCatalog {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const byId = new Map(forms.map((f) => [f.id, f]));
  return {
    ticketField: (key) => byKey.get(key),
    ticketForm: (id) => byId.get(id),
    ticketFields: fields,
    ticketForms: forms,
  };
}

/** A catalog without custom fields or forms. */
export const NO_CUSTOM_FIELDS: FieldCatalog = catalogOf([], []);

/** Everything a rule evaluates against. `event` is null for automations (time, not change). */
export interface RuleContext {
  ticket: TicketState;
  event: RuleEvent | null;
  now: Date;
  catalog: FieldCatalog;
}
