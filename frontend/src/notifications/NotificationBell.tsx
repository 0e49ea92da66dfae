import {
  ActionIcon,
  Box,
  Button,
  Group,
  Indicator,
  Popover,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { NotificationView } from '../api/openapi.gen';
import { en } from '../i18n/en';
import { BellIcon } from '../ui/icons';
import { FALLBACK_POLL_MS, useLiveConnected } from '../realtime/useLiveUpdates';
import { notificationsQuery, useMarkNotificationsRead } from './notifications.api';

/** "Alex assigned #12 Printer on fire to you": a notification in words. */
export function describeNotification(n: NotificationView): string {
  const who = n.actor?.name || null;
  const t = en.notifications;
  const say = n.kind === 'assigned' ? t.assigned : n.kind === 'mentioned' ? t.mentioned : t.customerReplied;
  return say(who, n.ticketNumber, n.ticketSubject);
}

/**
 * The header's bell: the unread count as a badge (none at 0), and on click the newest
 * notifications, unread ones bold. Opening one goes to its ticket and marks it read.
 * Live: `notification.created` refetches it (useLiveUpdates); without a socket it polls.
 */
export function NotificationBell() {
  const live = useLiveConnected();
  const { data } = useQuery({ ...notificationsQuery, refetchInterval: live ? false : FALLBACK_POLL_MS });
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];

  const open = (n: NotificationView) => {
    setOpened(false);
    if (!n.read) markRead.mutate({ ids: [n.id] });
    void navigate(`/tickets/${n.ticketId}`);
  };

  return (
    // The Indicator wraps the Popover, not the reverse: the Popover's target (which gets its ARIA
    // attributes) must be the button itself.
    <Indicator
      disabled={unread === 0}
      label={
        <span data-testid="notifications-count" aria-hidden>
          {unread > 99 ? '99+' : unread}
        </span>
      }
      size={16}
      offset={4}
      // Dark enough for white digits to pass contrast in both themes.
      color="red.9"
    >
      {/* The badge's digits are hidden from screen readers; the bell's description says it instead. */}
      {unread > 0 && <VisuallyHidden id="notifications-unread">{en.notifications.unread(unread)}</VisuallyHidden>}
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withinPortal>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            onClick={() => setOpened((o) => !o)}
            aria-label={en.notifications.button}
            aria-describedby={unread ? 'notifications-unread' : undefined}
            data-testid="notifications-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" role="dialog" aria-label={en.notifications.title}>
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Text fw={600} size="sm">
              {en.notifications.title}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={unread === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              {en.notifications.markAll}
            </Button>
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {en.notifications.empty}
            </Text>
          ) : (
            <Box
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: 'none', maxHeight: 420, overflowY: 'auto', display: 'grid', gap: 2 }}
            >
              {items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    onClick={() => open(n)}
                    data-testid="notification"
                    data-unread={n.read ? undefined : true}
                    w="100%"
                    p={6}
                  >
                    <Text span display="block" size="sm" fw={n.read ? 400 : 700} data-testid="notification-text">
                      {describeNotification(n)}
                    </Text>
                    <Text span display="block" size="xs" c="dimmed">
                      {new Date(n.createdAt).toLocaleString()}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Box>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
