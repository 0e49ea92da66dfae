import { Button, List, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useNames } from '../api/directory';
import type { Message } from '../api/types';
import { en } from '../i18n/en';
import { fullTime, relativeTime } from '../ui/format';
import { actorName, changeSets, describeEvent } from './audit';
import { useTicketEvents } from './tickets.api';

/** The ticket's audit trail in words, one entry per change set; `messages` tell who wrote what. */
export function AuditTrail({ ticketId, messages }: { ticketId: number; messages: Message[] }) {
  const events = useTicketEvents(ticketId);
  const { userName, groupName } = useNames();
  const names = { userName, groupName, messageAuthor: (id: number) => messages.find((m) => m.id === id)?.author.type };
  if (events.isLoading) return <Loader size="xs" aria-label={en.app.loading} />;
  const sets = changeSets(events.data?.pages.flatMap((p) => p.items) ?? []);
  if (!sets.length)
    return (
      <Text size="sm" c="dimmed">
        {en.ticket.noHistory}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="audit-trail">
      <Timeline bulletSize={10} lineWidth={2}>
        {sets.map((set) => (
          <Timeline.Item
            key={set.key}
            data-testid="audit-entry"
            title={
              <Text size="sm" fw={600}>
                {actorName(set.actor)}{' '}
                <Text span size="xs" c="dimmed" fw={400}>
                  <time dateTime={set.createdAt} title={fullTime(set.createdAt)}>
                    {relativeTime(set.createdAt)}
                  </time>
                </Text>
              </Text>
            }
          >
            <List size="sm" listStyleType="none" spacing={2}>
              {set.events.map((e, i) => (
                <List.Item key={e.id}>
                  {describeEvent(e, names)}
                  {/* One pass may apply several rules: name each where its changes start. */}
                  {e.rule && e.rule.id !== set.events[i - 1]?.rule?.id && (
                    <Text size="xs" c="dimmed" data-testid="applied-by-rule">
                      {en.rules.appliedByRule(e.rule.kind, e.rule.title, e.rule.id)}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          </Timeline.Item>
        ))}
      </Timeline>
      {events.hasNextPage && (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
        >
          {en.admin.more}
        </Button>
      )}
    </Stack>
  );
}

/** The audit trail behind a "show" button, so it is fetched only when someone wants it. */
export function AuditTrailSection({ ticketId, messages }: { ticketId: number; messages: Message[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack gap="xs" mt="md">
      <Button variant="subtle" size="xs" onClick={() => setOpen((s) => !s)} aria-expanded={open}>
        {open ? en.ticket.hideHistory : en.ticket.showHistory}
      </Button>
      {open && <AuditTrail ticketId={ticketId} messages={messages} />}
    </Stack>
  );
}
