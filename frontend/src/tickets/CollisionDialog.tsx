import { Button, Group, Modal, Text } from '@mantine/core';
import { en } from '../i18n/en';

/** "Someone answered meanwhile": read their message first, or send anyway. `names` null: closed. */
export function CollisionDialog({
  names,
  onReview,
  onSendAnyway,
}: {
  names: string | null;
  onReview: () => void;
  onSendAnyway: () => void;
}) {
  return (
    <Modal opened={names !== null} onClose={onReview} title={en.composer.collisionTitle}>
      <Text size="sm" mb="md">
        {names !== null && en.composer.collisionBody(names)}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onReview}>
          {en.composer.review}
        </Button>
        <Button color="red" onClick={onSendAnyway}>
          {en.composer.sendAnyway}
        </Button>
      </Group>
    </Modal>
  );
}
