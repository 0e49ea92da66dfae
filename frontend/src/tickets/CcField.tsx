import { Button, TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { TicketDetail } from '../api/types';
import { en } from '../i18n/en';
import { useCustomerSearch } from '../organizations/organizations.api';
import { looksLikeEmail } from './RequesterPicker';

/**
 * Email addresses with suggestions from the customers directory (after two typed characters);
 * anything that does not look like an address is dropped with a message under the field.
 */
export function AddressInput({
  label,
  description,
  value,
  onChange,
  autoFocus,
  required,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (next: string[]) => void;
  autoFocus?: boolean;
  required?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 200);
  const [error, setError] = useState<string | null>(null);
  const found = useCustomerSearch(q).data ?? [];
  return (
    <TagsInput
      label={label}
      description={description}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      data={found.map((c) => c.email).filter((e) => !value.includes(e))}
      splitChars={[',', ' ', ';']}
      acceptValueOnBlur
      clearable
      autoFocus={autoFocus}
      required={required}
      error={error}
      onChange={(next) => {
        const bad = next.find((a) => !looksLikeEmail(a));
        setError(bad ? en.ccForward.invalid(bad) : null);
        onChange(next.filter(looksLikeEmail).map((a) => a.trim()));
      }}
    />
  );
}

/**
 * The reply's Cc (RFC 5322 §3.6.3): off (null: the ticket's CC stays as it is), or the
 * addresses to copy, pre-filled with the ticket's current CC (`TicketDetailView.cc`). What
 * is sent becomes the ticket's CC: removing someone here stops copying them.
 */
export function CcField({
  ticket,
  value,
  onChange,
}: {
  ticket: TicketDetail;
  value: string[] | null;
  onChange: (next: string[] | null) => void;
}) {
  if (value === null) {
    const label = `${en.ccForward.ccToggle}${ticket.cc.length ? ` (${ticket.cc.length})` : ''}`;
    return (
      // The name starts with the visible text (WCAG 2.5.3), then says what it does.
      <Button
        variant="subtle"
        size="compact-xs"
        aria-label={`${label}: ${en.ccForward.ccShow}`}
        onClick={() => onChange([...ticket.cc])}
      >
        {label}
      </Button>
    );
  }
  return (
    <AddressInput
      label={en.ccForward.cc}
      description={en.ccForward.ccHint}
      value={value}
      onChange={onChange}
      autoFocus
    />
  );
}
