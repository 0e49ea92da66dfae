import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../api/client';
import { useNames } from '../api/directory';
import { keys } from '../api/keys';
import { TICKET_STATUSES, type Ticket } from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';

type Change = { assigneeId: number | null } | { status: string } | { addTag: string };

/** What PATCH /tickets/:id gets for one ticket of a bulk change (tags are added to each ticket's own). */
export function patchFor(t: Ticket, change: Change): Record<string, unknown> {
  if ('addTag' in change) return { tags: [...new Set([...t.tags, change.addTag.trim().toLowerCase()])] };
  return change;
}

/** Runs `work` over items, at most `limit` at a time; resolves to how many failed. */
export async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<number> {
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item).catch(() => failed++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failed;
}

/** Bulk assign / status / tag for the selected tickets: one PATCH per ticket (there is no bulk endpoint). */
export function BulkBar({ tickets, onDone }: { tickets: Ticket[]; onDone: () => void }) {
  const { users } = useNames();
  const { user } = useSession();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');

  const apply = async (change: Change) => {
    setBusy(true);
    const failed = await runLimited(tickets, 4, (t) => patch(`/api/v1/tickets/${t.id}`, patchFor(t, change)));
    setBusy(false);
    const done = tickets.length - failed;
    if (done) notifications.show({ message: en.inbox.bulkDone(done) });
    if (failed) notifications.show({ color: 'red', message: en.inbox.bulkFailed(failed) });
    void qc.invalidateQueries({ queryKey: keys.ticketLists });
    void qc.invalidateQueries({ queryKey: keys.counts });
    if (!failed) onDone();
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
          onChange={(v) => v && void apply({ status: v })}
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
        <Button size="xs" variant="subtle" onClick={onDone} loading={busy}>
          {en.inbox.clear}
        </Button>
      </Group>
    </Paper>
  );
}
