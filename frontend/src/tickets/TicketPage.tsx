import { Alert, Anchor, Avatar, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { useShortcuts } from '../keyboard/shortcuts';
import { FALLBACK_POLL_MS, useLiveConnected } from '../realtime/useLiveUpdates';
import { usePresence } from '../realtime/usePresence';
import { PriorityBadge, StatusBadge } from '../ui/badges';
import { PageLoader } from '../ui/PageLoader';
import { AuditTrail } from './AuditTrail';
import { Composer, ComposerHandle } from './Composer';
import { MessageItem } from './MessageItem';
import { SidePanel } from './SidePanel';
import classes from './TicketPage.module.css';
import { ticketQuery, useUpdateTicket } from './tickets.api';

/** One ticket: conversation, composer, side panel, presence of other agents. */
export default function TicketPage() {
  const id = Number(useParams().id);
  const { user } = useSession();
  const live = useLiveConnected();
  const ticket = useQuery({ ...ticketQuery(id), refetchInterval: live ? false : FALLBACK_POLL_MS });
  const { others, setTyping } = usePresence(id, user.id);
  const composer = useRef<ComposerHandle>(null);
  const [showHistory, setShowHistory] = useState(false);
  const update = useUpdateTicket(id);
  const assignToMe = () =>
    update.mutate(
      { assigneeId: user.id },
      { onSuccess: () => notifications.show({ message: `${en.ticket.assignee}: ${user.name}` }) },
    );

  useShortcuts({
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    a: () => ticket.data && ticket.data.assigneeId !== user.id && assignToMe(),
  });

  if (ticket.isLoading) return <PageLoader />;
  if (ticket.isError || !ticket.data) {
    const notFound = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Alert color="red" m="md" role="alert">
        {notFound ? en.ticket.notFound : (ticket.error as Error).message}{' '}
        <Anchor component={Link} to="/">
          {en.ticket.back}
        </Anchor>
      </Alert>
    );
  }
  const t = ticket.data;

  return (
    <div className={classes.page}>
      <div className={classes.main}>
        <Stack gap={4} mb="sm">
          <Anchor component={Link} to="/" size="xs">
            ← {en.ticket.back}
          </Anchor>
          <Group justify="space-between" align="flex-start" gap="xs">
            <Title order={1} size="h3" className={classes.subject}>
              <Text span c="dimmed" inherit>
                #{t.number}
              </Text>{' '}
              {t.subject}
            </Title>
            <Group gap={6}>
              <StatusBadge status={t.status} />
              <PriorityBadge priority={t.priority} />
            </Group>
          </Group>
          {others.length > 0 && (
            <Group gap={6} data-testid="presence" aria-live="polite">
              <Text size="xs" c="dimmed">
                {en.ticket.viewing}
              </Text>
              {others.map((v) => (
                <Tooltip key={v.userId} label={v.typing ? `${v.name} ${en.ticket.typing}` : v.name}>
                  <Group gap={4}>
                    <Avatar size="sm" radius="xl" color={v.typing ? 'teal' : 'gray'} alt={v.name}>
                      {v.name.slice(0, 2).toUpperCase()}
                    </Avatar>
                    <Text size="xs">
                      {v.name}
                      {v.typing ? ` — ${en.ticket.typing}` : ''}
                    </Text>
                  </Group>
                </Tooltip>
              ))}
            </Group>
          )}
        </Stack>
        <Stack gap="sm" component="section" aria-label={en.ticket.conversation} data-testid="conversation">
          {t.messages.map((m) => (
            <MessageItem key={m.id} message={m} />
          ))}
        </Stack>
        <div className={classes.composer}>
          <Composer ref={composer} ticket={t} onTyping={setTyping} />
        </div>
        <Button
          variant="subtle"
          size="xs"
          mt="md"
          onClick={() => setShowHistory((s) => !s)}
          aria-expanded={showHistory}
        >
          {showHistory ? en.ticket.hideHistory : en.ticket.showHistory}
        </Button>
        {showHistory && <AuditTrail ticketId={t.id} />}
      </div>
      <div className={classes.side}>
        <SidePanel ticket={t} />
      </div>
    </div>
  );
}
