/**
 * Custom fields: the words and shapes every module shares (Zendesk's ticket, user and
 * organization fields: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/).
 */

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'decimal',
  'date',
  'checkbox',
  'dropdown',
  'multiselect',
  'regex',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What a field describes: a ticket, a customer, an organization. */
export const FIELD_ENTITIES = ['ticket', 'customer', 'organization'] as const;
export type FieldEntity = (typeof FIELD_ENTITIES)[number];

/** Types whose values are words: searchable, and stored as text. */
export const TEXTUAL_TYPES: readonly FieldType[] = ['text', 'textarea', 'regex'];
/** Types that choose among options. */
export const OPTION_TYPES: readonly FieldType[] = ['dropdown', 'multiselect'];

/** Most characters of a text or regex value (it is indexed) and of a textarea's. */
export const TEXT_MAX = 500;
export const TEXTAREA_MAX = 20_000;

/** One choice of a dropdown or multiselect; an inactive one stays on the records that have it but is offered no more. */
export interface FieldOption {
  value: string;
  label: string;
  active: boolean;
}

/** A field as the writer and the filters need it. */
export interface FieldDefinition {
  id: number;
  entity: FieldEntity;
  key: string;
  label: string;
  type: FieldType;
  options: FieldOption[];
  pattern: string | null;
  visibleToCustomers: boolean;
  requiredToSolve: boolean;
  active: boolean;
}

/**
 * A value as the API spells it: text for text, textarea, regex and dropdown; a list of
 * option values for a multiselect; a number for number and decimal; `YYYY-MM-DD` for a
 * date; `true` for a checked checkbox. Null (or absent): no value.
 */
export type FieldValue = string | number | boolean | string[];

/** `{<key>: value}` as on a ticket, customer or organization. */
export type FieldValues = Record<string, FieldValue>;
