import { Anchor, Button, Code, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useFailedRuns, useRetryRun } from './api/rules';
import { DataTable } from './shared';

/** Trigger runs the worker gave up on after its retries: which ticket, why, and a button to run them again. */
export function FailedRuns() {
  const runs = useFailedRuns();
  const retry = useRetryRun();
  const items = runs.data?.items ?? [];
  return (
    <Stack gap={4} data-testid="failed-runs">
      <Text fw={600} size="sm">
        {en.rules.failedRuns}
      </Text>
      {items.length === 0 ? (
        <Text size="xs" c="dimmed">
          {en.rules.noFailedRuns}
        </Text>
      ) : (
        <DataTable head={['', en.rules.ticket, en.rules.attempts, en.rules.error, '']}>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{fullTime(r.createdAt)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/tickets/${r.ticketId}`} size="sm">
                  {r.ticketId}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.attempts}</Table.Td>
              <Table.Td>
                <Code>{r.lastError ?? '—'}</Code>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={retry.isPending && retry.variables === r.id}
                  onClick={() => retry.mutate(r.id)}
                >
                  {en.rules.retry}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
