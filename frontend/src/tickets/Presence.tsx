import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { en } from '../i18n/en';
import type { Viewer } from '../realtime/socket';

/** Other agents on this ticket, and who of them is typing (announced politely to screen readers). */
export function Presence({ others }: { others: Viewer[] }) {
  if (!others.length) return null;
  return (
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
  );
}
