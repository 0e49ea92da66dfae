import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Ticket } from '../api/types';
import { en } from '../i18n/en';
import { StatusBadge } from '../ui/badges';

/** An organization's tickets, one line each (status, number and subject, linked); `loaded` and none: says so. */
export function TicketLines({ tickets, loaded }: { tickets: Ticket[]; loaded: boolean }) {
  return (
    <>
      {loaded && !tickets.length && (
        <Text size="sm" c="dimmed">
          {en.organization.noTickets}
        </Text>
      )}
      {tickets.map((t) => (
        <Group key={t.id} gap={6} wrap="nowrap">
          <StatusBadge status={t.status} />
          <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate style={{ flex: 1 }}>
            #{t.number} {t.subject}
          </Anchor>
        </Group>
      ))}
    </>
  );
}
