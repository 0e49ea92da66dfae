import { DomainError } from '../common/domain-error';
import { FieldDefinition, FieldValue, FieldValues, TEXT_MAX, TEXTAREA_MAX } from './field-types';

/*
 * Custom field values, checked and put in one spelling, as pure functions: the ticket
 * writer applies them on every write (API, bulk, contact form, business rules), and the
 * customers and organizations services on theirs. Errors are DomainErrors naming the
 * field as `fields.<key>`.
 */

const problem = (def: Pick<FieldDefinition, 'key'>, text: string) => DomainError.invalid(`fields.${def.key}`, text);

/** What checking a value needs of its field (a rule's action is checked with no more than this). */
export type FieldShape = Pick<FieldDefinition, 'key' | 'type' | 'options' | 'pattern'>;

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A regex field's pattern as a RegExp that must match the whole value; throws on a pattern that does not compile. */
export function wholeValuePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** `YYYY-MM-DD` of a real calendar day, or null. */
function calendarDate(s: string): string | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
    ? s
    : null;
}

function numberOf(def: FieldShape, raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
  if (text === null) throw problem(def, `must be a ${def.type === 'number' ? 'whole number' : 'number'}`);
  if (!(def.type === 'number' ? INTEGER : DECIMAL).test(text))
    throw problem(
      def,
      def.type === 'number'
        ? 'must be a whole number (at most 15 digits)'
        : 'must be a number (at most 15 digits before and 6 after the point)',
    );
  const n = Number(text);
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) throw problem(def, 'is out of range');
  return n;
}

function optionOf(def: FieldShape, raw: unknown, kept: ReadonlySet<string>): string {
  if (typeof raw !== 'string') throw problem(def, 'must be an option value (a string)');
  const option = def.options.find((o) => o.value === raw);
  if (!option) throw problem(def, `"${raw}" is not an option (${def.options.map((o) => o.value).join(', ')})`);
  // A retired option stays where it was set; it cannot be chosen anew.
  if (!option.active && !kept.has(raw)) throw problem(def, `option "${raw}" is deactivated`);
  return raw;
}

function textOf(def: FieldShape, raw: unknown, max: number, oneLine: boolean): string | null {
  if (typeof raw !== 'string') throw problem(def, 'must be a string');
  const text = oneLine ? raw.trim() : raw;
  if (!text.trim()) return null;
  if (text.length > max) throw problem(def, `must be at most ${max} characters`);
  if (CONTROL.test(text)) throw problem(def, 'must not contain control characters');
  if (oneLine && /[\r\n]/.test(text)) throw problem(def, 'must be one line (a textarea field takes several)');
  return text;
}

/**
 * One value, checked against its field and put in the API's spelling (see FieldValue).
 * Null, an empty string, an empty list and an unchecked checkbox are "no value" (null).
 * `current` is the value the record has now: an option that was deactivated may stay.
 * Throws DomainError `invalid` on `fields.<key>`.
 */
export function normaliseFieldValue(def: FieldShape, raw: unknown, current?: FieldValue): FieldValue | null {
  if (raw === null || raw === undefined) return null;
  const kept = new Set(Array.isArray(current) ? current : typeof current === 'string' ? [current] : []);
  switch (def.type) {
    case 'text':
      return textOf(def, raw, TEXT_MAX, true);
    case 'textarea':
      return textOf(def, raw, TEXTAREA_MAX, false);
    case 'regex': {
      const text = textOf(def, raw, TEXT_MAX, true);
      if (text !== null && !wholeValuePattern(def.pattern ?? '.*').test(text))
        throw problem(def, `must match the pattern ${def.pattern}`);
      return text;
    }
    case 'number':
    case 'decimal':
      if (raw === '') return null;
      return numberOf(def, raw);
    case 'date': {
      if (raw === '') return null;
      const date = typeof raw === 'string' ? calendarDate(raw.trim()) : null;
      if (date === null) throw problem(def, 'must be a date as YYYY-MM-DD');
      return date;
    }
    case 'checkbox':
      if (typeof raw !== 'boolean') throw problem(def, 'must be true or false');
      return raw ? true : null;
    case 'dropdown':
      if (raw === '') return null;
      return optionOf(def, raw, kept);
    case 'multiselect': {
      if (!Array.isArray(raw)) throw problem(def, 'must be a list of option values');
      const chosen = new Set(raw.map((v) => optionOf(def, v, kept)));
      // In the field's order, so two spellings of one choice are one value.
      const list = def.options.map((o) => o.value).filter((v) => chosen.has(v));
      return list.length ? list : null;
    }
  }
}

/** Whether two values are the same (lists compare element by element). */
export const sameValue = (a: FieldValue | null | undefined, b: FieldValue | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** One field's value before and after a write. */
export interface FieldValueChange {
  def: FieldDefinition;
  before: FieldValue | null;
  after: FieldValue | null;
}

/**
 * The changes `input` (`{<key>: value}`; null clears) makes to `current`, every value
 * checked by its field's type. An unknown key, a deactivated field and each bad value
 * are reported together in one DomainError (`fields.<key>` each). Unchanged values are
 * left out.
 */
export function fieldChanges(
  defs: readonly FieldDefinition[],
  input: Record<string, unknown>,
  current: FieldValues,
): FieldValueChange[] {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const errors: Record<string, string[]> = {};
  const changes: FieldValueChange[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    try {
      if (!def) throw DomainError.invalid(`fields.${key}`, 'no such field');
      const after = normaliseFieldValue(def, raw, current[key]);
      if (!def.active && !sameValue(after, current[key])) throw problem(def, 'the field is deactivated');
      if (!sameValue(after, current[key])) changes.push({ def, before: current[key] ?? null, after });
    } catch (e) {
      if (!(e instanceof DomainError) || !e.fields) throw e;
      Object.assign(errors, e.fields);
    }
  }
  // In the fields' own order, so one change reads the same whoever wrote its keys.
  const order = (c: FieldValueChange) => defs.indexOf(c.def);
  changes.sort((a, b) => order(a) - order(b));
  if (Object.keys(errors).length) {
    const message = Object.entries(errors)
      .map(([f, p]) => `${f}: ${p.join(', ')}`)
      .join('; ');
    throw new DomainError('invalid', message, errors);
  }
  return changes;
}

/** `{<key>: value}` after applying changes (null removes). */
export function applyFieldChanges(current: FieldValues, changes: readonly FieldValueChange[]): FieldValues {
  const next = { ...current };
  for (const c of changes) {
    if (c.after === null) delete next[c.def.key];
    else next[c.def.key] = c.after;
  }
  return next;
}

/**
 * The fields required to solve that have no value: required, active and, when the
 * ticket has a form, on its form (Zendesk: "required to solve" applies to the fields the
 * agent is shown).
 */
export function missingToSolve(
  defs: readonly FieldDefinition[],
  values: FieldValues,
  formFieldIds: readonly number[] | null,
): FieldDefinition[] {
  return defs.filter(
    (d) =>
      d.active &&
      d.requiredToSolve &&
      (formFieldIds === null || formFieldIds.includes(d.id)) &&
      values[d.key] === undefined,
  );
}

/** The DomainError for a solve that misses required fields. */
export function requiredToSolveError(missing: readonly FieldDefinition[]): DomainError {
  return new DomainError(
    'invalid',
    `fields required to solve: ${missing.map((d) => d.key).join(', ')}`,
    Object.fromEntries(missing.map((d) => [`fields.${d.key}`, ['required to solve the ticket']])),
  );
}
