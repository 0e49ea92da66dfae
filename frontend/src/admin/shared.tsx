import { ActionIcon, Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
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

/** A table row's Edit button and, given `onDelete`, its Delete button. */
export function RowActions({ onEdit, onDelete }: { onEdit: () => void; onDelete?: () => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="subtle" onClick={onEdit}>
        {en.admin.edit}
      </Button>
      {onDelete && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={onDelete}>
          {en.admin.delete}
        </Button>
      )}
    </Group>
  );
}

/**
 * The form of a draft in a modal: one being edited (it has an id, the title names it) or added.
 * Save runs `save` with the draft; Cancel and closing call `onClose`. Given `save.error`, the
 * API's refusal is shown above the form until the next try.
 */
export function DraftModal<D extends { id?: number }>({
  draft,
  name,
  save,
  onClose,
  children,
}: {
  draft: D;
  name: string;
  save: { mutate: (draft: D) => void; isPending: boolean; error?: Error | null };
  onClose: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <Modal opened onClose={onClose} title={draft.id ? `${en.admin.edit} ${name}` : en.admin.add}>
      <form onSubmit={submit}>
        <Stack>
          {save.error && (
            <Alert color="red" role="alert" title={en.admin.notSaved}>
              {save.error.message}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {en.admin.cancel}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {en.admin.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Asks before an action that loses something: `title` names the action and its object, the body
 * says what is lost. The confirm button names the action too (red when `destructive`).
 */
export function ConfirmModal({
  title,
  confirmLabel,
  destructive = true,
  busy,
  confirmDisabled,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  busy: boolean;
  /** The confirm button waits (e.g. for a name typed back). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {en.admin.cancel}
          </Button>
          <Button color={destructive ? 'red' : undefined} loading={busy} disabled={confirmDisabled} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * What the API said is wrong with `field` (a 400's `fields`, e.g. `label` or `options.0.value`),
 * as one line for an input's `error`; undefined when nothing is.
 */
export function problemsOf(error: Error | null | undefined, field: string): string | undefined {
  const problems = error instanceof ApiError ? error.fields?.[field] : undefined;
  return problems?.length ? problems.join('; ') : undefined;
}

/**
 * Move up, move down and remove buttons for one item of an ordered list, each named after
 * `what`, so the order can be changed with the keyboard alone. At the ends a move button looks
 * and reads disabled but keeps its focus, so pressing it repeatedly does not lose the keyboard.
 */
export function OrderButtons({
  what,
  index,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
}) {
  const move = (label: string, to: number) => {
    const stuck = to < 0 || to >= count;
    return (
      <ActionIcon
        variant="subtle"
        aria-label={label}
        aria-disabled={stuck}
        data-disabled={stuck || undefined}
        onClick={() => !stuck && onMove(index, to)}
      >
        {to < index ? '↑' : '↓'}
      </ActionIcon>
    );
  };
  return (
    <Group gap={2} wrap="nowrap">
      {move(en.admin.customFields.moveUp(what), index - 1)}
      {move(en.admin.customFields.moveDown(what), index + 1)}
      <ActionIcon variant="subtle" color="red" aria-label={en.admin.customFields.remove(what)} onClick={onRemove}>
        ×
      </ActionIcon>
    </Group>
  );
}

/** `list` with the item at `from` moved to `to`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  next.splice(to, 0, ...next.splice(from, 1));
  return next;
}
