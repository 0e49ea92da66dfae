import { Button, Table, Text } from '@mantine/core';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useDeletedTickets, useRestoreTicket } from './api/deleted-tickets';
import { DataTable, Section } from './shared';

/** Deleted tickets (newest first), who deleted them, when they go for good, and Restore. */
export function DeletedTicketsAdmin() {
  const deleted = useDeletedTickets();
  const restore = useRestoreTicket();
  const items = deleted.data?.items ?? [];
  return (
    <Section title={en.admin.sections.deletedTickets} query={deleted}>
      <Text size="sm">{en.admin.trash.intro}</Text>
      {deleted.data && !items.length ? (
        <Text c="dimmed" size="sm">
          {en.admin.trash.empty}
        </Text>
      ) : (
        <DataTable
          head={[
            en.inbox.columns.number,
            en.inbox.columns.subject,
            en.inbox.columns.requester,
            en.admin.trash.deletedAt,
            en.admin.trash.deletedBy,
            en.admin.trash.purgeAt,
            '',
          ]}
        >
          {items.map((t) => (
            <Table.Tr key={t.id} data-ticket-id={t.id}>
              <Table.Td>{t.number}</Table.Td>
              <Table.Td>{t.subject}</Table.Td>
              <Table.Td>{t.requester.name || t.requester.email}</Table.Td>
              <Table.Td>{fullTime(t.deletedAt)}</Table.Td>
              <Table.Td>{t.deletedByName ?? '—'}</Table.Td>
              <Table.Td>{fullTime(t.purgeAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="light"
                  loading={restore.isPending && restore.variables === t.id}
                  onClick={() => restore.mutate(t.id)}
                  aria-label={`${en.admin.trash.restore} #${t.number}`}
                >
                  {en.admin.trash.restore}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}
