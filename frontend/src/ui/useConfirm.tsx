import { Button, Group, Modal, Text } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { en } from '../i18n/en';

/** A destructive action to confirm: what it is, what is lost, the button that does it. */
export interface Confirmation {
  /** A question naming the thing: "Delete mailbox support@example.com?" */
  title: string;
  /** What is lost, in the admin's terms. */
  consequence: string;
  /** The confirming button's label: "Delete mailbox". */
  action: string;
  run: () => void;
}

/**
 * Confirmation before something that cannot be taken back. Returns the dialog to render and
 * `confirm(c)`, which opens it; `c.run` runs only on the red button. Cancel is focused first,
 * so a stray Enter does no harm.
 */
export function useConfirm(): [ReactNode, (c: Confirmation) => void] {
  const [pending, setPending] = useState<Confirmation | null>(null);
  const close = () => setPending(null);
  const dialog = (
    // Above any other dialog: a form's Save may be what asks.
    <Modal opened={pending !== null} onClose={close} title={pending?.title} zIndex={300}>
      <Text size="sm" mb="md">
        {pending?.consequence}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={close} data-autofocus>
          {en.admin.cancel}
        </Button>
        <Button
          color="red"
          onClick={() => {
            pending?.run();
            close();
          }}
        >
          {pending?.action}
        </Button>
      </Group>
    </Modal>
  );
  return [dialog, setPending];
}
