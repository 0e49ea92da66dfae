import { CloseButton, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useNames } from '../api/directory';
import { TICKET_PRIORITIES, TICKET_STATUSES, type ViewFilters } from '../api/types';
import { en } from '../i18n/en';
import { FieldFilters } from './FieldFilters';

/** Edits the filter query parameters; every combination can be saved as a view. */
export function FilterBar({
  filters,
  onChange,
}: {
  filters: ViewFilters;
  onChange: (next: Record<string, string | undefined>) => void;
}) {
  const { users, groups } = useNames();
  const list = (v: string | undefined) => (v ? v.split(',') : []);
  return (
    <Group gap="xs" wrap="wrap" className="filter-bar">
      <MultiSelect
        size="xs"
        aria-label={en.inbox.filterStatus}
        placeholder={en.inbox.filterStatus}
        data={TICKET_STATUSES.map((s) => ({ value: s, label: en.status[s] }))}
        value={list(filters.status)}
        onChange={(v) => onChange({ status: v.join(',') || undefined })}
        clearable
        w={340}
        maw="100%"
      />
      <MultiSelect
        size="xs"
        aria-label={en.inbox.filterPriority}
        placeholder={en.inbox.filterPriority}
        data={TICKET_PRIORITIES.map((p) => ({ value: p, label: en.priority[p] }))}
        value={list(filters.priority)}
        onChange={(v) => onChange({ priority: v.join(',') || undefined })}
        clearable
        w={170}
      />
      <Select
        size="xs"
        aria-label={en.inbox.filterAssignee}
        placeholder={en.inbox.filterAssignee}
        data={[
          { value: 'me', label: en.me },
          { value: 'none', label: en.unassigned },
          ...users.map((u) => ({ value: String(u.id), label: u.name })),
        ]}
        value={filters.assigneeId ?? null}
        onChange={(v) => onChange({ assigneeId: v ?? undefined })}
        clearable
        searchable
        w={150}
      />
      <Select
        size="xs"
        aria-label={en.inbox.filterGroup}
        placeholder={en.inbox.filterGroup}
        data={[{ value: 'none', label: en.noGroup }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))]}
        value={filters.groupId ?? null}
        onChange={(v) => onChange({ groupId: v ?? undefined })}
        clearable
        w={140}
      />
      <TextInput
        size="xs"
        aria-label={en.inbox.filterTag}
        placeholder={en.inbox.filterTag}
        defaultValue={filters.tag ?? ''}
        key={filters.tag ?? ''}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ tag: e.currentTarget.value.trim() || undefined })}
        onBlur={(e) =>
          e.currentTarget.value.trim() !== (filters.tag ?? '') &&
          onChange({ tag: e.currentTarget.value.trim() || undefined })
        }
        rightSection={
          filters.tag ? (
            <CloseButton size="xs" aria-label={en.inbox.clear} onClick={() => onChange({ tag: undefined })} />
          ) : null
        }
        w={110}
      />
      <FieldFilters filters={filters} onChange={onChange} />
    </Group>
  );
}
