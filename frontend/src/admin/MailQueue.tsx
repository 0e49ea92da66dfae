import { Anchor, Button, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client';
import type { Page } from '../api/types';
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
export function MailQueue<T extends Row>(props: {
  title: string;
  queryKey: string;
  url: string;
  statuses: string[];
  head: string[];
  cells: (row: T) => ReactNode[];
  action: (row: T) => ReactNode;
}) {
  const [status, setStatus] = useState('');
  const list = useInfiniteQuery({
    queryKey: ['admin', props.queryKey, status],
    queryFn: ({ pageParam }) =>
      get<Page<T>>(
        `${props.url}?limit=50${status ? `&status=${status}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (p) => p.nextCursor,
    retry: false,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      title={props.title}
      query={list}
      actions={
        <SegmentedControl
          size="xs"
          value={status}
          onChange={setStatus}
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
