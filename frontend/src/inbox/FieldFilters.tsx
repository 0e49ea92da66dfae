import {
  Badge,
  Button,
  CloseButton,
  Group,
  MultiSelect,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { CustomField, ViewFilters } from '../api/types';
import { en } from '../i18n/en';
import { useFields } from '../tickets/ticket-model.api';
import { fieldFilterEntries, fieldFilterParam } from './views';

/** What a field filter's value reads as in its chip: option labels, "Yes"/"No", a range in words. */
export function describeFieldFilter(field: CustomField | undefined, raw: string): string {
  if (!field) return raw;
  if (field.type === 'checkbox') return raw === 'true' ? en.inbox.yes : en.inbox.no;
  if (field.type === 'dropdown' || field.type === 'multiselect')
    return raw
      .split(',')
      .map((v) => field.options.find((o) => o.value === v)?.label ?? v)
      .join(en.inbox.fieldOr);
  if (raw.includes('..')) {
    const [min, max] = raw.split('..', 2);
    return min && max ? `${min} – ${max}` : min ? `≥ ${min}` : `≤ ${max}`;
  }
  return raw;
}

/**
 * The inbox's custom field filters (issue 15): one chip per `field.<key>` filter of the
 * list, removable, and "+ Field" to add one with a value input suited to the field's type
 * (options of a dropdown, yes/no, a number or date range, exact text). Textarea fields are
 * not offered: search finds their words.
 */
export function FieldFilters({
  filters,
  onChange,
}: {
  filters: ViewFilters;
  onChange: (next: Record<string, string | undefined>) => void;
}) {
  const fields = useFields('ticket').data ?? [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const active = fieldFilterEntries(filters);
  return (
    <Group gap={6} wrap="wrap" aria-label={en.inbox.fieldFilters} role="group">
      {active.map(([key, raw]) => {
        const label = byKey.get(key)?.label ?? key;
        return (
          <Badge
            key={key}
            variant="light"
            tt="none"
            pr={2}
            rightSection={
              <CloseButton
                size="xs"
                aria-label={en.inbox.removeFieldFilter(label)}
                onClick={() => onChange({ [fieldFilterParam(key)]: undefined })}
              />
            }
          >
            {label}: {describeFieldFilter(byKey.get(key), raw)}
          </Badge>
        );
      })}
      <AddFieldFilter
        fields={fields.filter((f) => f.active && f.type !== 'textarea')}
        onAdd={(key, raw) => onChange({ [fieldFilterParam(key)]: raw })}
      />
    </Group>
  );
}

function AddFieldFilter({ fields, onAdd }: { fields: CustomField[]; onAdd: (key: string, raw: string) => void }) {
  const [opened, setOpened] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const [raw, setRaw] = useState('');
  const field = fields.find((f) => f.key === key);
  if (!fields.length) return null;
  const close = () => {
    setOpened(false);
    setKey(null);
    setRaw('');
  };
  return (
    <Popover opened={opened} onChange={(o) => (o ? setOpened(true) : close())} trapFocus position="bottom-start">
      <Popover.Target>
        <Button size="compact-xs" variant="default" onClick={() => (opened ? close() : setOpened(true))}>
          {en.inbox.addFieldFilter}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (field && raw) onAdd(field.key, raw);
            close();
          }}
        >
          <Stack gap="xs" w={260}>
            <Select
              size="xs"
              label={en.inbox.field}
              data={fields.map((f) => ({ value: f.key, label: f.label }))}
              value={key}
              onChange={(k) => {
                setKey(k);
                setRaw('');
              }}
              searchable
              comboboxProps={{ withinPortal: false }}
            />
            {field && <FieldValueInput field={field} raw={raw} onChange={setRaw} />}
            <Button type="submit" size="xs" disabled={!field || !raw}>
              {en.inbox.applyFieldFilter}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The value of a filter on `field`, as `field.<key>` takes it (see the API's field filters). */
function FieldValueInput({
  field,
  raw,
  onChange,
}: {
  field: CustomField;
  raw: string;
  onChange: (raw: string) => void;
}) {
  switch (field.type) {
    case 'dropdown':
    case 'multiselect':
      return (
        <MultiSelect
          size="xs"
          label={en.inbox.fieldAnyOf}
          data={field.options.map((o) => ({ value: o.value, label: o.label }))}
          value={raw ? raw.split(',') : []}
          onChange={(v) => onChange(v.join(','))}
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'checkbox':
      return (
        <SegmentedControl
          size="xs"
          aria-label={field.label}
          data={[
            { value: 'true', label: en.inbox.yes },
            { value: 'false', label: en.inbox.no },
          ]}
          value={raw || ''}
          onChange={onChange}
        />
      );
    case 'number':
    case 'decimal':
    case 'date': {
      const [min = '', max = ''] = raw ? raw.split('..', 2) : [];
      const set = (lo: string, hi: string) => onChange(lo || hi ? `${lo}..${hi}` : '');
      const type = field.type === 'date' ? 'date' : 'number';
      return (
        <Group gap="xs" grow>
          <TextInput
            size="xs"
            type={type}
            label={en.inbox.fieldMin}
            value={min}
            onChange={(e) => set(e.currentTarget.value, max)}
          />
          <TextInput
            size="xs"
            type={type}
            label={en.inbox.fieldMax}
            value={max}
            onChange={(e) => set(min, e.currentTarget.value)}
          />
        </Group>
      );
    }
    default:
      return (
        <TextInput
          size="xs"
          label={en.inbox.fieldIs}
          value={raw}
          onChange={(e) => onChange(e.currentTarget.value.trim())}
        />
      );
  }
}
