import { Combobox, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Ref } from 'react';
import { en } from '../i18n/en';
import { useCustomerSearch, useOrganizationSearch } from '../organizations/organizations.api';

/** What a suggestion picks: the tickets of a requester, or of an organization. */
export type Suggestion = { requesterId: number } | { organizationId: number };

/**
 * Whether suggestions are worth asking for: two characters or more, and not a ticket number or a
 * qualifier (`tag:…`), which the search itself answers.
 */
export const suggestsFor = (q: string) => {
  const t = q.trim();
  return t.length > 1 && !/^#?\d+$/.test(t) && !t.includes(':');
};

/**
 * The inbox's search box. As the agent types it suggests customers (by name or email) and
 * organizations (by name or domain); picking one shows their tickets. Enter without a
 * suggestion chosen searches as typed.
 */
export function SearchBox({
  value,
  onChange,
  onPick,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  onPick: (s: Suggestion) => void;
  inputRef: Ref<HTMLInputElement>;
}) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [q] = useDebouncedValue(value, 150);
  const asked = suggestsFor(q) ? q : '';
  const customers = useCustomerSearch(asked).data ?? [];
  const organizations = useOrganizationSearch(asked).data ?? [];
  const some = asked !== '' && (customers.length > 0 || organizations.length > 0);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(v) => {
        const [kind, id] = v.split(':');
        onPick(kind === 'customer' ? { requesterId: Number(id) } : { organizationId: Number(id) });
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          id="ticket-search"
          ref={inputRef}
          type="search"
          aria-label={en.inbox.search}
          placeholder={en.inbox.searchPlaceholder}
          value={value}
          onChange={(e) => {
            onChange(e.currentTarget.value);
            combobox.openDropdown();
            combobox.resetSelectedOption();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!some} aria-label={en.inbox.suggestions}>
        <Combobox.Options>
          {customers.length > 0 && (
            <Combobox.Group label={en.inbox.customers}>
              {customers.map((c) => (
                <Combobox.Option key={c.id} value={`customer:${c.id}`} data-testid="suggestion">
                  <Text size="sm" truncate>
                    {c.name ? `${c.name} <${c.email}>` : c.email}
                  </Text>
                </Combobox.Option>
              ))}
            </Combobox.Group>
          )}
          {organizations.length > 0 && (
            <Combobox.Group label={en.nav.organizations}>
              {organizations.map((o) => (
                <Combobox.Option key={o.id} value={`organization:${o.id}`} data-testid="suggestion">
                  <Text size="sm" truncate>
                    {o.name}
                  </Text>
                </Combobox.Option>
              ))}
            </Combobox.Group>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
