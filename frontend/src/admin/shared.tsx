import { Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Title } from '@mantine/core';
import { FormEvent, ReactNode } from 'react';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';

/** What a section needs to know of its query (plain or infinite). */
interface QueryState {
  isLoading: boolean;
  isError: boolean;
  isSuccess: boolean;
  error: unknown;
}

/** Section frame: title, actions, and the query's loading/error/absent-on-this-server states. */
export function Section({
  title,
  actions,
  query,
  children,
}: {
  title: string;
  actions?: ReactNode;
  query?: QueryState;
  children: ReactNode;
}) {
  const missing = query?.error instanceof ApiError && query.error.status === 404;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {title}
        </Title>
        {!missing && actions}
      </Group>
      {query?.isLoading && <Loader size="sm" aria-label={en.app.loading} />}
      {missing && <Alert color="gray">{en.admin.notAvailable}</Alert>}
      {query?.isError && !missing && (
        <Alert color="red" role="alert">
          {(query.error as Error).message}
        </Alert>
      )}
      {(!query || query.isSuccess) && children}
    </Stack>
  );
}

export function DataTable({ head, children }: { head: string[]; children: ReactNode }) {
  return (
    <ScrollArea>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={i}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** A modal form with a Save button. */
export function FormModal({
  opened,
  title,
  onClose,
  onSubmit,
  busy,
  children,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit}>
        <Stack>
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {en.admin.cancel}
            </Button>
            <Button type="submit" loading={busy}>
              {en.admin.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
