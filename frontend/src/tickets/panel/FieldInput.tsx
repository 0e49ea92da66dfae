import { Checkbox, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CustomField, FieldValue } from '../../api/types';
import { en } from '../../i18n/en';

/**
 * One custom field's editor, by type, keyboard-friendly (every one a labelled native or
 * Mantine input). Choices and checkboxes save as they change; typed values save on Enter
 * or when the input loses focus, and only when they changed. `onSave(null)` clears.
 */
export function FieldInput({
  field,
  value,
  onSave,
  disabled,
  size = 'xs',
}: {
  field: CustomField;
  value: FieldValue | undefined;
  onSave: (value: FieldValue | null) => void;
  disabled?: boolean;
  size?: 'xs' | 'sm';
}) {
  const label = field.label;
  const description = !field.active
    ? en.fields.deactivated
    : field.requiredToSolve
      ? en.fields.requiredToSolve
      : field.description || undefined;
  const common = { label, description, size, disabled: disabled || !field.active, 'data-field': field.key };
  // Options to offer: the active ones, and a retired one the ticket still has.
  const options = field.options
    .filter((o) => o.active || (Array.isArray(value) ? value.includes(o.value) : value === o.value))
    .map((o) => ({ value: o.value, label: o.label }));

  switch (field.type) {
    case 'dropdown':
      return (
        <Select
          {...common}
          data={options}
          value={(value as string | undefined) ?? null}
          onChange={(v) => v !== (value ?? null) && onSave(v)}
          clearable
          searchable
          placeholder={en.fields.choose}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={options}
          value={(value as string[] | undefined) ?? []}
          onChange={(v) => onSave(v.length ? v : null)}
          clearable
          searchable
        />
      );
    case 'checkbox':
      return (
        <Checkbox
          label={label}
          description={common.description}
          size={size}
          disabled={common.disabled}
          data-field={field.key}
          checked={value === true}
          onChange={(e) => onSave(e.currentTarget.checked)}
        />
      );
    default:
      return <TypedInput field={field} value={value} onSave={onSave} common={common} />;
  }
}

/** Text, numbers and dates: edited as a draft, saved on Enter or blur. */
function TypedInput({
  field,
  value,
  onSave,
  common,
}: {
  field: CustomField;
  value: FieldValue | undefined;
  onSave: (value: FieldValue | null) => void;
  common: { label: string; description?: string; size: 'xs' | 'sm'; disabled: boolean; 'data-field': string };
}) {
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const pattern = field.type === 'regex' && field.pattern ? new RegExp(`^(?:${field.pattern})$`, 'u') : null;
  const invalid = pattern && draft.trim() && !pattern.test(draft.trim()) ? `${field.pattern}` : undefined;
  const commit = () => {
    if (draft.trim() === shown.trim() || invalid) return;
    if (!draft.trim()) return onSave(null);
    onSave(field.type === 'number' || field.type === 'decimal' ? Number(draft) : draft.trim());
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && !(field.type === 'textarea' && !e.ctrlKey && !e.metaKey)) {
      e.preventDefault();
      commit();
    }
    if (e.key === 'Escape') setDraft(shown);
  };
  if (field.type === 'textarea')
    return (
      <Textarea
        {...common}
        autosize
        minRows={2}
        maxRows={8}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={keys}
      />
    );
  if (field.type === 'number' || field.type === 'decimal')
    return (
      <NumberInput
        {...common}
        value={draft}
        onChange={(v) => setDraft(String(v))}
        allowDecimal={field.type === 'decimal'}
        decimalScale={field.type === 'decimal' ? 6 : 0}
        onBlur={commit}
        onKeyDown={keys}
        hideControls
      />
    );
  return (
    <TextInput
      {...common}
      type={field.type === 'date' ? 'date' : 'text'}
      value={draft}
      error={invalid && `${en.fields.types.regex}: ${invalid}`}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={keys}
    />
  );
}
