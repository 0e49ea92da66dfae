import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../../api/types';
import { en } from '../../i18n/en';
import { useMerge } from '../ticket-model.api';
import { TicketPicker } from './TicketPicker';

/**
 * Merges this ticket into another (Zendesk's "merge into another ticket"): find the
 * target by number or words, confirm, and go to it.
 */
export function MergeDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const merge = useMerge();
  const navigate = useNavigate();
  const [target, setTarget] = useState<{ id: number; number: number } | null>(null);
  return (
    <Modal opened onClose={onClose} title={en.merge.title}>
      <Stack>
        <Text size="sm">{en.merge.explain(ticket.number)}</Text>
        <TicketPicker
          label={en.merge.search}
          exclude={ticket.id}
          value={target?.id ?? null}
          onChange={(id, number) => setTarget(id === null ? null : { id, number: number! })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {en.admin.cancel}
          </Button>
          <Button
            color="red"
            disabled={!target}
            loading={merge.isPending}
            onClick={() =>
              target &&
              merge.mutate(
                { targetId: target.id, sourceIds: [ticket.id] },
                {
                  onSuccess: () => {
                    notifications.show({ message: en.merge.done(target.number) });
                    onClose();
                    navigate(`/tickets/${target.id}`);
                  },
                },
              )
            }
          >
            {target ? en.merge.confirm(target.number) : en.merge.title}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
