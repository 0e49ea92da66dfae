import { Checkbox, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import type { PublicFieldView } from '../api/openapi.gen';
import type { FieldValue } from '../api/types';
import { en } from '../i18n/en';

/** What the customer has typed or picked so far: text, a list (multi-select) or a tick. */
export type ContactFieldDraft = string | string[] | boolean;

/**
 * One customer-visible field of a contact form, by type; controlled. `error` is what the API
 * refused of its value.
 */
export function ContactFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: PublicFieldView;
  value: ContactFieldDraft | undefined;
  error?: string;
  onChange: (value: ContactFieldDraft) => void;
}) {
  const common = { label: field.label, description: field.description || undefined, error };
  const options = field.options.map((o) => ({ value: o.value, label: o.label }));
  switch (field.type) {
    case 'dropdown':
      return (
        <Select
          {...common}
          data={options}
          value={typeof value === 'string' && value ? value : null}
          onChange={(v) => onChange(v ?? '')}
          clearable
          placeholder={en.fields.choose}
        />
      );
    case 'multiselect':
      return <MultiSelect {...common} data={options} value={Array.isArray(value) ? value : []} onChange={onChange} />;
    case 'checkbox':
      return <Checkbox {...common} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'textarea':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
    case 'decimal':
      return (
        <NumberInput
          {...common}
          allowDecimal={field.type === 'decimal'}
          hideControls
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(String(v))}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.type === 'date' ? 'date' : 'text'}
          placeholder={field.type === 'regex' && field.pattern ? field.pattern : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

/** The values as the API takes them (numbers as numbers), leaving out what was left empty or unticked. */
export function contactFieldValues(
  fields: PublicFieldView[],
  drafts: Record<string, ContactFieldDraft>,
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const f of fields) {
    const v = drafts[f.key];
    if (v === undefined || v === false || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === 'string') {
      if (!v.trim()) continue;
      values[f.key] = f.type === 'number' || f.type === 'decimal' ? Number(v) : v.trim();
    } else values[f.key] = v;
  }
  return values;
}
