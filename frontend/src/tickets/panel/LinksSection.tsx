import { Anchor, Button, CloseButton, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { EditableLinkKind } from '../../api/openapi.gen';
import type { TicketDetail } from '../../api/types';
import { en } from '../../i18n/en';
import { StatusBadge } from '../../ui/badges';
import { useLinks } from '../ticket-model.api';
import { MergeDialog } from './MergeDialog';
import { TicketPicker } from './TicketPicker';

const EDITABLE: EditableLinkKind[] = ['related', 'duplicate_of', 'follow_up'];

/**
 * The ticket's links to other tickets, read from this ticket's side ("Duplicate of #12",
 * "Followed up by #15"), with a dialog to add one and a button to remove each editable
 * one; and the merge into another ticket.
 */
export function LinksSection({ ticket }: { ticket: TicketDetail }) {
  const { add, remove } = useLinks(ticket.id);
  const [adding, setAdding] = useState(false);
  const [merging, setMerging] = useState(false);
  const [other, setOther] = useState<number | null>(null);
  const [kind, setKind] = useState<EditableLinkKind>('related');

  return (
    <Stack gap={6} component="section" aria-label={en.links.title} data-testid="links-section">
      <Title order={3} size="h6">
        {en.links.title}
      </Title>
      {!ticket.links.length && (
        <Text size="sm" c="dimmed">
          {en.links.none}
        </Text>
      )}
      <Stack gap={4} role="list">
        {ticket.links.map((l) => (
          <Group key={`${l.kind}-${l.ticket.id}`} gap={6} wrap="nowrap" role="listitem">
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {(l.direction === 'outgoing' ? en.links.kinds : en.links.incoming)[l.kind]}
            </Text>
            <Anchor component={Link} to={`/tickets/${l.ticket.id}`} size="sm" truncate style={{ flex: 1 }}>
              #{l.ticket.number} {l.ticket.subject}
            </Anchor>
            <StatusBadge status={l.ticket.status} />
            {(EDITABLE as string[]).includes(l.kind) && (
              <CloseButton
                size="sm"
                aria-label={en.links.remove(l.ticket.number)}
                onClick={() => remove.mutate(l.ticket.id)}
              />
            )}
          </Group>
        ))}
      </Stack>
      <Group gap="xs">
        <Button size="compact-xs" variant="default" onClick={() => setAdding(true)}>
          {en.links.add}
        </Button>
        {ticket.status !== 'closed' && (
          <Button size="compact-xs" variant="default" onClick={() => setMerging(true)}>
            {en.merge.button}
          </Button>
        )}
      </Group>
      <Modal opened={adding} onClose={() => setAdding(false)} title={en.links.add}>
        <Stack>
          <Select
            label={en.links.kind}
            data={EDITABLE.map((k) => ({ value: k, label: en.links.kinds[k] }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => v && setKind(v as EditableLinkKind)}
          />
          <TicketPicker label={en.links.search} exclude={ticket.id} value={other} onChange={(id) => setOther(id)} />
          <Group justify="flex-end">
            <Button
              disabled={other === null}
              loading={add.isPending}
              onClick={() =>
                other !== null &&
                add.mutate(
                  { ticketId: other, kind },
                  {
                    onSuccess: () => {
                      setAdding(false);
                      setOther(null);
                    },
                  },
                )
              }
            >
              {en.links.link}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {merging && <MergeDialog ticket={ticket} onClose={() => setMerging(false)} />}
    </Stack>
  );
}
