import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Mention } from '../api/types';
import { en } from '../i18n/en';
import { StatusBadge } from '../ui/badges';
import { fullTime, relativeTime } from '../ui/format';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { mentionsUnreadQuery, useMarkMentionsRead, useMentions } from './mentions.api';

/**
 * The agent's mentions inbox (issue 15): every note or reply that @-mentioned them, newest
 * first, unread ones marked; opening one marks it read, "Mark all read" clears the rest.
 */
export default function MentionsPage() {
  const list = useMentions();
  const unread = useQuery(mentionsUnreadQuery);
  const markRead = useMarkMentionsRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = unread.data?.unread ?? 0;
  useDocumentTitle(unreadCount ? `(${unreadCount}) ${en.mentions.title}` : en.mentions.title);

  return (
    <Stack p="md" gap="md" maw={960}>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {en.mentions.title}
        </Title>
        <Button
          variant="default"
          disabled={!unreadCount}
          loading={markRead.isPending}
          onClick={() => markRead.mutate({})}
        >
          {en.mentions.markAll}
        </Button>
      </Group>
      {list.isSuccess && !items.length && <Text c="dimmed">{en.mentions.empty}</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((m) => (
          <MentionItem key={m.id} mention={m} onOpen={() => !m.readAt && markRead.mutate({ ids: [m.id] })} />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {en.mentions.more}
        </Button>
      )}
    </Stack>
  );
}

/** One mention: who wrote where, the start of the message; the ticket link opens it (and marks it read). */
function MentionItem({ mention: m, onOpen }: { mention: Mention; onOpen: () => void }) {
  const unread = !m.readAt;
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-unread={unread || undefined}
      aria-label={en.mentions.item(m.author.name, m.ticket.number)}
    >
      <Group gap={6} wrap="nowrap">
        {unread && (
          <Badge size="xs" variant="filled">
            {en.mentions.unread}
          </Badge>
        )}
        <StatusBadge status={m.ticket.status} />
        <Anchor component={Link} to={`/tickets/${m.ticket.id}`} onClick={onOpen} fw={unread ? 700 : 400} truncate>
          #{m.ticket.number} {m.ticket.subject}
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        {m.author.name} · {m.internal ? en.mentions.inNote : en.mentions.inReply} ·{' '}
        <time dateTime={m.createdAt} title={fullTime(m.createdAt)}>
          {relativeTime(m.createdAt)}
        </time>
      </Text>
      <Text size="sm" mt={4} lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
        {m.excerpt}
      </Text>
    </Paper>
  );
}
