import safeRegex from 'safe-regex2';
import { ConditionField, conditionField, ValueType } from './fields';
import { Condition, Conditions, FieldCatalog, OPERATORS, RuleContext, RuleEvent, RuleKind } from './rule-types';

/** Longest text a `matches` or `contains` looks at: a megabyte of mail must not stall a pass. */
export const MAX_MATCHED_TEXT = 20_000;

const NO_VALUE = new Set(['changed', 'not_changed']);

/** Why a value does not fit a type, or null when it does. */
export function valueProblem(type: ValueType, value: unknown): string | null {
  switch (type.kind) {
    case 'enum':
      if (value === null && type.nullable) return null;
      return typeof value === 'string' && type.values.includes(value)
        ? null
        : `value must be one of ${type.values.join(', ')}${type.nullable ? ' or null' : ''}`;
    case 'id':
      if (value === null && type.nullable) return null;
      return Number.isSafeInteger(value) && (value as number) > 0
        ? null
        : `value must be an id${type.nullable ? ' or null' : ''}`;
    case 'text':
      return typeof value === 'string' ? null : 'value must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'value must be a number';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(Date.parse(value))
        ? null
        : 'value must be a date (YYYY-MM-DD)';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'value must be true or false';
    case 'list':
      if (typeof value !== 'string' || !value.trim()) return 'value must be a non-empty text';
      return type.values && !type.values.includes(value) ? `value must be one of ${type.values.join(', ')}` : null;
  }
}

/** The problems of one condition, in words that name it; empty when it is sound. */
export function conditionProblems(c: Condition, kind: RuleKind, catalog: FieldCatalog): string[] {
  if (!c || typeof c !== 'object' || typeof c.field !== 'string') return ['must be {field, operator, value}'];
  const field = conditionField(c.field, catalog);
  if (!field) return [`unknown field ${JSON.stringify(c.field)}`];
  if (!(OPERATORS as readonly string[]).includes(c.operator))
    return [`unknown operator ${JSON.stringify(c.operator)}; one of ${OPERATORS.join(', ')}`];
  if (!field.operators.includes(c.operator))
    return [`${c.field} does not take ${c.operator}; it takes ${field.operators.join(', ')}`];
  const readsEvent = field.triggerOnly || c.operator.includes('changed');
  if (readsEvent && kind !== 'trigger')
    return [`${c.field} ${c.operator} tests the change that fired a trigger; ${kind}s have none`];
  if (NO_VALUE.has(c.operator))
    return c.value === undefined || c.value === null ? [] : [`${c.operator} takes no value`];
  if (c.operator === 'contains' || c.operator === 'not_contains')
    return typeof c.value === 'string' && c.value.length > 0 ? [] : ['value must be non-empty text'];
  if (c.operator === 'matches') return regexProblems(c.value);
  if (c.operator === 'includes' || c.operator === 'not_includes') {
    if (!Array.isArray(c.value) || !c.value.length) return ['value must be a non-empty list'];
    return c.value.map((v) => valueProblem(field.type, v)).filter((p): p is string => p !== null);
  }
  if (c.operator === 'less_than' || c.operator === 'greater_than') {
    if (field.type.kind === 'enum' && !field.type.ordered) return [`${c.field} has no order`];
  }
  const problem = valueProblem(field.type, c.value);
  return problem ? [problem] : [];
}

function regexProblems(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return ['value must be a regular expression'];
  try {
    new RegExp(value, 'i');
  } catch (e) {
    return [`not a regular expression: ${(e as Error).message}`];
  }
  // Nested quantifiers can take exponential time on a crafted mail; refuse them when saved.
  return safeRegex(value) ? [] : ['the regular expression may take exponential time (nested quantifiers)'];
}

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    if (regexCache.size > 1000) regexCache.clear();
    re = new RegExp(source, 'i');
    regexCache.set(source, re);
  }
  return re;
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** Equality as the type defines it: text ignoring case, ids as numbers, null for "none". */
function same(type: ValueType, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === null && (b ?? null) === null;
  switch (type.kind) {
    case 'text':
      return lower(a) === lower(b);
    case 'id':
    case 'number':
      return Number(a) === Number(b);
    case 'date':
      return String(a).slice(0, 10) === String(b).slice(0, 10);
    default:
      return a === b;
  }
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; null when either is missing. */
function order(type: ValueType, a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (type.kind === 'enum') return type.values.indexOf(String(a)) - type.values.indexOf(String(b));
  if (type.kind === 'date') return String(a).slice(0, 10).localeCompare(String(b).slice(0, 10));
  return Number(a) - Number(b);
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Whether one condition holds (assumed valid: `conditionProblems` found nothing). */
export function conditionHolds(c: Condition, ctx: RuleContext): boolean {
  const field = conditionField(c.field, ctx.catalog);
  if (!field) return false;
  if (c.operator.includes('changed')) return changeHolds(c, field, ctx);
  const current = field.read(ctx);
  switch (c.operator) {
    case 'is':
      return same(field.type, current, c.value);
    case 'is_not':
      return !same(field.type, current, c.value);
    case 'contains':
      return current !== null && lower(current).slice(0, MAX_MATCHED_TEXT).includes(lower(c.value));
    case 'not_contains':
      return current === null || !lower(current).slice(0, MAX_MATCHED_TEXT).includes(lower(c.value));
    case 'matches':
      return current !== null && regex(String(c.value)).test(String(current).slice(0, MAX_MATCHED_TEXT));
    case 'less_than': {
      const o = order(field.type, current, c.value);
      return o !== null && o < 0;
    }
    case 'greater_than': {
      const o = order(field.type, current, c.value);
      return o !== null && o > 0;
    }
    case 'includes': {
      const have = asList(current).map(lower);
      return asList(c.value).some((v) => have.includes(lower(v)));
    }
    case 'not_includes': {
      const have = asList(current).map(lower);
      return !asList(c.value).some((v) => have.includes(lower(v)));
    }
    default:
      return false;
  }
}

function changeHolds(c: Condition, field: ConditionField, ctx: RuleContext): boolean {
  const change = ctx.event?.changes.find((ch) => ch.field === field.name);
  switch (c.operator) {
    case 'changed':
      return !!change;
    case 'not_changed':
      return !change;
    case 'changed_to':
      return !!change && same(field.type, change.after, c.value);
    case 'changed_from':
      return !!change && same(field.type, change.before, c.value);
    default:
      return false;
  }
}

/** Each condition's outcome, for the editor's "test against a ticket". */
export interface ConditionsOutcome {
  matched: boolean;
  all: boolean[];
  any: boolean[];
}

/** Whether the conditions hold: every one of `all`, and one of `any` unless it is empty. */
export function evaluate(conditions: Conditions, ctx: RuleContext): ConditionsOutcome {
  const all = (conditions.all ?? []).map((c) => conditionHolds(c, ctx));
  const any = (conditions.any ?? []).map((c) => conditionHolds(c, ctx));
  return { matched: all.every(Boolean) && (any.length === 0 || any.some(Boolean)), all, any };
}

/** The same, stopping at the first condition that decides (the hot path of a trigger pass). */
export function matches(conditions: Conditions, ctx: RuleContext): boolean {
  for (const c of conditions.all ?? []) if (!conditionHolds(c, ctx)) return false;
  const any = conditions.any ?? [];
  return any.length === 0 || any.some((c) => conditionHolds(c, ctx));
}

/**
 * What a condition says about a change judged from the change alone, before the ticket
 * is read: true or false when it tests only the event (the kind of change, what it
 * changed, the message it added and the mail's flags and sender; `body` only once its
 * text is loaded), undefined when it tests the ticket.
 */
function knownFromEvent(c: Condition, event: RuleEvent, catalog: FieldCatalog): boolean | undefined {
  const field = conditionField(c.field, catalog);
  if (!field) return false;
  const readsEventOnly = field.triggerOnly || c.operator.includes('changed');
  if (!readsEventOnly) return undefined;
  if (field.name === 'body' && event.message && event.message.text === null) return undefined;
  // These read nothing but the event (fields.ts), so the ticket may be missing.
  return conditionHolds(c, { ticket: undefined as never, event, now: new Date(0), catalog });
}

/**
 * Whether a trigger may match a change, judged from the change alone: false when a
 * condition of `all`, or every condition of `any`, is false for the change whatever the
 * ticket holds. Lets a change no trigger can match skip its pass and its queue job.
 *
 * Sound for a whole pass, although a pass lets later rules see earlier rules' changes:
 * the changes grow only when a rule acts, so when no rule may match the first change,
 * none acts and none matches later.
 */
export function mayMatch(conditions: Conditions, event: RuleEvent, catalog: FieldCatalog): boolean {
  for (const c of conditions.all ?? []) if (knownFromEvent(c, event, catalog) === false) return false;
  const any = conditions.any ?? [];
  return any.length === 0 || any.some((c) => knownFromEvent(c, event, catalog) !== false);
}
