import { Autocomplete, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { en } from '../i18n/en';
import { useCustomerSearch } from '../organizations/organizations.api';

/** Who a ticket is for: an existing customer (`customerId`), or a typed address with a name for a new one. */
export interface RequesterChoice {
  email: string;
  name: string;
  customerId?: number;
}

const labelOf = (c: { email: string; name: string }) => (c.name ? `${c.name} <${c.email}>` : c.email);

/** A typed address looks like one (the API checks it properly). */
export const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());

/**
 * Picks a requester: searches customers by name or email as the agent types (picking one
 * fills its address), or takes a new address, with a name for the new customer.
 */
export function RequesterPicker({
  value,
  onChange,
  label = en.newTicket.requester,
  autoFocus,
}: {
  value: RequesterChoice;
  onChange: (next: RequesterChoice) => void;
  label?: string;
  autoFocus?: boolean;
}) {
  const [q] = useDebouncedValue(value.email, 200);
  const found = useCustomerSearch(value.customerId ? '' : q).data ?? [];
  const picked = value.customerId !== undefined;
  return (
    <Stack gap={4}>
      <Autocomplete
        label={label}
        description={en.newTicket.requesterHint}
        required
        autoFocus={autoFocus}
        value={value.email}
        // Picking an option puts its label in the box: that is the pick; anything else is typed text.
        onChange={(text) => {
          const c = found.find((x) => labelOf(x) === text);
          onChange(
            c ? { email: c.email, name: c.name, customerId: c.id } : { email: text, name: picked ? '' : value.name },
          );
        }}
        data={found.map(labelOf)}
        // The API searched already: show what it found.
        filter={({ options }) => options}
        data-testid="requester-picker"
      />
      {picked ? (
        <Text size="xs" c="dimmed">
          {en.newTicket.existing(value.name || value.email)}
        </Text>
      ) : (
        looksLikeEmail(value.email) && (
          <TextInput
            label={en.newTicket.requesterName}
            value={value.name}
            onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
            size="sm"
          />
        )
      )}
    </Stack>
  );
}
