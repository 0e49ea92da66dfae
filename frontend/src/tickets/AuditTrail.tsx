import { Button, Loader, Stack, Text, Timeline } from '@mantine/core';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useTicketEvents } from './tickets.api';

const show = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : Array.isArray(v)
      ? v.join(', ') || '—'
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** The ticket's audit events, fetched only when asked for. */
export function AuditTrail({ ticketId }: { ticketId: number }) {
  const events = useTicketEvents(ticketId);
  if (events.isLoading) return <Loader size="xs" aria-label={en.app.loading} />;
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length)
    return (
      <Text size="sm" c="dimmed">
        {en.ticket.noHistory}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="audit-trail">
      <Timeline bulletSize={10} lineWidth={2}>
        {items.map((e) => (
          <Timeline.Item
            key={e.id}
            title={
              <Text size="sm">
                {e.actor.name ?? en.ticket.system} · {e.action}
                {e.field ? ` ${e.field}` : ''}
              </Text>
            }
          >
            {e.field && (
              <Text size="xs" c="dimmed">
                {show(e.before)} → {show(e.after)}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {fullTime(e.createdAt)}
            </Text>
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
