import { DomainError } from '../common/domain-error';
import { FieldDefinition } from './field-types';
import { normaliseFieldValue } from './field-values';

/**
 * A list filter on a custom field, resolved to what SQL compares (the field's id and
 * typed bounds). Built from `field.<key>=…` by `parseFieldFilter`.
 * - `text`: the value is one of `values` (dropdown, multiselect: any option chosen; text, regex: exact);
 * - `range`: a number or date between `min` and `max`, both inclusive, either open;
 * - `checkbox`: checked or not.
 */
export type FieldFilter =
  | { fieldId: number; kind: 'text'; values: string[] }
  | { fieldId: number; kind: 'range'; column: 'number_value' | 'date_value'; min: string | null; max: string | null }
  | { fieldId: number; kind: 'checkbox'; checked: boolean };

const bad = (key: string, text: string) => DomainError.invalid(`field.${key}`, text);

/**
 * `field.<key>=<raw>` as a filter: comma-separated options for a dropdown or multiselect
 * (any of them), the exact value of a text or regex field, `min..max` (either side may be
 * left out) or one value for a number, decimal or date, `true`/`false` for a checkbox.
 * Every value is checked by the field's type; a textarea cannot filter (search finds its
 * words). Throws DomainError `invalid` on `field.<key>`.
 */
export function parseFieldFilter(def: FieldDefinition, raw: string): FieldFilter {
  const value = raw.trim();
  const checked = (v: string, as = def) => {
    try {
      // Filters may name a deactivated option: it is still on the tickets that have it.
      return normaliseFieldValue({ ...as, options: def.options.map((o) => ({ ...o, active: true })) }, v);
    } catch (e) {
      if (e instanceof DomainError) throw bad(def.key, e.fields?.[`fields.${def.key}`]?.[0] ?? e.message);
      throw e;
    }
  };
  switch (def.type) {
    case 'dropdown':
    case 'multiselect': {
      const values = value.split(',').map((v) => v.trim());
      // Each is one option, whether the field holds one or several.
      for (const v of values) checked(v, { ...def, type: 'dropdown' });
      return { fieldId: def.id, kind: 'text', values };
    }
    case 'text':
    case 'regex':
      if (!value) throw bad(def.key, 'needs a value');
      return { fieldId: def.id, kind: 'text', values: [checked(value) as string] };
    case 'number':
    case 'decimal':
    case 'date': {
      const [lo, hi] = value.includes('..') ? value.split('..', 2) : [value, value];
      if (!lo && !hi) throw bad(def.key, 'needs a value or a range min..max');
      const bound = (v: string) => (v === '' ? null : String(checked(v)));
      const min = bound(lo.trim());
      const max = bound(hi.trim());
      return { fieldId: def.id, kind: 'range', column: def.type === 'date' ? 'date_value' : 'number_value', min, max };
    }
    case 'checkbox':
      if (value !== 'true' && value !== 'false') throw bad(def.key, 'must be true or false');
      return { fieldId: def.id, kind: 'checkbox', checked: value === 'true' };
    case 'textarea':
      throw bad(def.key, 'a textarea field cannot filter a list; search finds its words');
  }
}
