import { Anchor, Button, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { PagedQuery } from '../api/paging';
import { en } from '../i18n/en';
import { DataTable, Section } from './shared';

interface Row {
  id: number;
  status: string;
  attempts: number;
  reason: string | null;
  ticketId?: number | null;
}

/** A paged list of queued mail (inbound spool or outbox) with a status filter and a per-row action. */
export function MailQueue<T extends Row, S extends string>(props: {
  title: string;
  /** The list of one status, or of all (null). */
  query: (status: S | null) => PagedQuery<T>;
  statuses: readonly S[];
  head: string[];
  cells: (row: T) => ReactNode[];
  action: (row: T) => ReactNode;
}) {
  const [status, setStatus] = useState<S | ''>('');
  const list = useInfiniteQuery({ ...props.query(status || null), retry: false });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      title={props.title}
      query={list}
      actions={
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(s) => setStatus(s as S | '')}
          data={[{ value: '', label: en.admin.all }, ...props.statuses.map((s) => ({ value: s, label: s }))]}
          aria-label={en.admin.status}
        />
      }
    >
      <DataTable head={['#', en.admin.status, ...props.head, en.admin.attempts, en.admin.reason, en.admin.ticket, '']}>
        {rows.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.id}</Table.Td>
            <Table.Td>{r.status}</Table.Td>
            {props.cells(r).map((c, i) => (
              <Table.Td key={i}>{c}</Table.Td>
            ))}
            <Table.Td>{r.attempts}</Table.Td>
            <Table.Td>
              <Text size="xs" lineClamp={2}>
                {r.reason ?? ''}
              </Text>
            </Table.Td>
            <Table.Td>
              {r.ticketId ? (
                <Anchor component={Link} to={`/tickets/${r.ticketId}`}>
                  {r.ticketId}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>{props.action(r)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {list.hasNextPage && (
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {en.admin.more}
          </Button>
        </Group>
      )}
    </Section>
  );
}
