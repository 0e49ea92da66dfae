import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Message } from '../api/types';
import { en } from '../i18n/en';
import { useSplit } from './ticket-model.api';

/** Splits a message off its ticket into a new ticket linked to it (its own subject, if given), then opens it. */
export function SplitMessageButton({ message }: { message: Message }) {
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const split = useSplit(message.ticketId);
  const navigate = useNavigate();
  return (
    <>
      <Button size="compact-xs" variant="subtle" aria-label={en.split.label} onClick={() => setOpen(true)}>
        {en.split.button}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={en.split.label}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            split.mutate(
              { messageId: message.id, subject: subject.trim() || undefined },
              {
                onSuccess: (created) => {
                  notifications.show({ message: en.split.done(created.number) });
                  setOpen(false);
                  navigate(`/tickets/${created.id}`);
                },
              },
            );
          }}
        >
          <Stack>
            <TextInput
              label={en.admin.subject}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {en.admin.cancel}
              </Button>
              <Button type="submit" loading={split.isPending}>
                {en.split.button}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
