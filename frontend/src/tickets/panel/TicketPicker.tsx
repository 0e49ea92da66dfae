import { Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { en } from '../../i18n/en';
import { StatusBadge } from '../../ui/badges';
import { useTicketSearch } from '../ticket-model.api';

/**
 * Finds one other ticket by number or words (the merge and link dialogs): results as a
 * radio group, so arrows move and Space chooses. `exclude`: the ticket at hand.
 */
export function TicketPicker({
  label,
  exclude,
  value,
  onChange,
}: {
  label: string;
  exclude: number;
  value: number | null;
  onChange: (id: number | null, number?: number) => void;
}) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const found = useTicketSearch(debounced);
  const items = (found.data ?? []).filter((t) => t.id !== exclude);
  return (
    <Stack gap="xs">
      <TextInput
        label={label}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onChange(null);
        }}
        data-autofocus
        data-testid="ticket-picker-search"
      />
      {found.isSuccess && debounced.trim() && !items.length && (
        <Text size="sm" c="dimmed">
          {en.merge.noMatch}
        </Text>
      )}
      {items.length > 0 && (
        <Radio.Group
          value={value === null ? null : String(value)}
          onChange={(v) => onChange(Number(v), items.find((t) => t.id === Number(v))?.number)}
          aria-label={label}
        >
          <Stack gap={6}>
            {items.map((t) => (
              <Radio
                key={t.id}
                value={String(t.id)}
                label={
                  <span>
                    #{t.number} {t.subject} <StatusBadge status={t.status} />
                  </span>
                }
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}
