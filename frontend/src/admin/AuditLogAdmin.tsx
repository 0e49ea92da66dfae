import { Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useUsers } from '../api/directory';
import type { AuditLogEntry } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { auditLogCsvUrl, auditLogQuery, type AuditLogFilters } from './api/audit-log';
import { DataTable, Section } from './shared';

/** `{name: {before, after}}` → "name: Old → New", one line per field. */
function Changes({ changes }: { changes: AuditLogEntry['changes'] }) {
  const show = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <Text size="xs" component="div">
      {Object.entries(changes).map(([field, c]) => (
        <div key={field}>
          <Code>{field}</Code> {show(c.before)} → {show(c.after)}
        </div>
      ))}
    </Text>
  );
}

/** Who did what as an admin, newest first, filtered by admin and action; the same view as CSV. */
export function AuditLogAdmin() {
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const filters: AuditLogFilters = {
    action: /^[a-z_]+(\.([a-z_]+|\*))?$/.test(action) ? action : undefined,
    actorId: actorId ? Number(actorId) : undefined,
  };
  const users = useUsers().data ?? [];
  const log = useInfiniteQuery(auditLogQuery(filters));
  const admins = users.filter((u) => u.role === 'admin');
  const name = (id: number | null) => (id === null ? '—' : (users.find((u) => u.id === id)?.name ?? `#${id}`));
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const a = en.admin.audit;
  return (
    <Section
      title={en.admin.sections.audit}
      query={log}
      actions={
        <Button component="a" variant="default" size="xs" href={auditLogCsvUrl(filters)}>
          {a.export}
        </Button>
      }
    >
      <Group align="flex-end">
        <TextInput label={a.filterAction} value={action} onChange={(e) => setAction(e.currentTarget.value.trim())} />
        <Select
          label={a.filterActor}
          clearable
          data={admins.map((u) => ({ value: String(u.id), label: u.name }))}
          value={actorId}
          onChange={setActorId}
        />
      </Group>
      {entries.length === 0 && !log.isFetching && <Text size="sm">{a.empty}</Text>}
      <DataTable head={[a.when, a.who, a.action, a.target, a.changes, a.ip]}>
        {entries.map((e) => (
          <Table.Tr key={e.id} data-testid="audit-row">
            <Table.Td>{fullTime(e.createdAt)}</Table.Td>
            <Table.Td>{name(e.actorId)}</Table.Td>
            <Table.Td>
              <Code>{e.action}</Code>
            </Table.Td>
            <Table.Td>
              {e.targetType}
              {e.targetId ? ` ${e.targetId}` : ''}
            </Table.Td>
            <Table.Td>
              <Changes changes={e.changes} />
            </Table.Td>
            <Table.Td>{e.ip ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {log.hasNextPage && (
        <Group>
          <Button variant="default" size="xs" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {en.admin.more}
          </Button>
        </Group>
      )}
    </Section>
  );
}
