import { Button, Group, Modal, Text } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';
import { en } from '../i18n/en';

/**
 * Asks before the agent leaves a ticket with unsent text (another ticket, the inbox, j/k, a
 * reload or closing the tab); the text is kept as their draft either way (drafts.ts). `isDirty`
 * is read at the moment of leaving, so a send that just cleared the text lets the next
 * navigation through. Sign-in after an ended session is not held up.
 */
export function LeaveGuard({ isDirty }: { isDirty: () => boolean }) {
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      isDirty() && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== '/login',
    [isDirty],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (isDirty()) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [isDirty]);

  const blocked = blocker.state === 'blocked';
  return (
    <Modal opened={blocked} onClose={() => blocker.reset?.()} title={en.composer.leaveTitle}>
      <Text size="sm" mb="md">
        {en.composer.leaveBody}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
          {en.composer.keepWriting}
        </Button>
        <Button onClick={() => blocker.proceed?.()}>{en.composer.leaveKeepDraft}</Button>
      </Group>
    </Modal>
  );
}
