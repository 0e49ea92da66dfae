import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNames } from '../api/directory';
import type { BulkChangesDto } from '../api/openapi.gen';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { useBulkUpdate } from '../tickets/tickets.api';
import { useConfirm } from '../ui/useConfirm';

type Change = { assigneeId: number | null } | { status: TicketStatus } | { addTag: string } | { spam: true };

/** What POST /tickets/bulk gets as `changes` for a choice of the bar (a tag is added to each ticket's own). */
export function bulkChanges(change: Change): BulkChangesDto {
  if ('addTag' in change) return { addTags: [change.addTag.trim().toLowerCase()] };
  return change;
}

/**
 * Bulk assign / status / tag / spam for the selected tickets, in one POST /tickets/bulk.
 * Spam is confirmed first (it closes them without a reply and cancels their automatic mail).
 */
export function BulkBar({ tickets, onDone }: { tickets: Ticket[]; onDone: () => void }) {
  const { users } = useNames();
  const { user } = useSession();
  const bulk = useBulkUpdate();
  const busy = bulk.isPending;
  const [tag, setTag] = useState('');
  const [dialog, confirm] = useConfirm();

  const apply = async (change: Change) => {
    const { updated, failed } = await bulk.mutateAsync({ ids: tickets.map((t) => t.id), changes: bulkChanges(change) });
    if (updated.length) notifications.show({ message: en.inbox.bulkDone(updated.length) });
    if (failed.length) notifications.show({ color: 'red', message: en.inbox.bulkFailed(failed.length) });
    if (!failed.length) onDone();
  };

  return (
    <Paper
      withBorder
      mx="md"
      mb={6}
      px="sm"
      py={6}
      role="region"
      aria-label={en.inbox.selected(tickets.length)}
      data-testid="bulk-bar"
    >
      {dialog}
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {en.inbox.selected(tickets.length)}
        </Text>
        <Select
          size="xs"
          aria-label={en.inbox.bulkAssign}
          placeholder={en.inbox.bulkAssign}
          data={[
            { value: String(user.id), label: `${en.me} (${user.name})` },
            { value: 'none', label: en.unassigned },
            ...users.filter((u) => u.id !== user.id && u.active).map((u) => ({ value: String(u.id), label: u.name })),
          ]}
          value={null}
          onChange={(v) => v && void apply({ assigneeId: v === 'none' ? null : Number(v) })}
          disabled={busy}
          w={170}
        />
        <Select
          size="xs"
          aria-label={en.inbox.bulkStatus}
          placeholder={en.inbox.bulkStatus}
          data={TICKET_STATUSES.map((s) => ({ value: s, label: en.status[s] }))}
          value={null}
          onChange={(v) => v && void apply({ status: v as TicketStatus })}
          disabled={busy}
          w={140}
        />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) void apply({ addTag: tag }).then(() => setTag(''));
          }}
        >
          <Group gap={4}>
            <TextInput
              size="xs"
              aria-label={en.inbox.bulkTag}
              placeholder={en.inbox.bulkTag}
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              disabled={busy}
              w={120}
            />
            <Button size="xs" type="submit" variant="default" disabled={busy || !tag.trim()}>
              {en.inbox.bulkApply}
            </Button>
          </Group>
        </form>
        <Button
          size="xs"
          variant="default"
          color="red"
          disabled={busy}
          onClick={() =>
            confirm({ ...en.inbox.confirmBulkSpam(tickets.length), run: () => void apply({ spam: true }) })
          }
        >
          {en.ticket.markSpam}
        </Button>
        <Button size="xs" variant="subtle" onClick={onDone} loading={busy}>
          {en.inbox.clear}
        </Button>
      </Group>
    </Paper>
  );
}
