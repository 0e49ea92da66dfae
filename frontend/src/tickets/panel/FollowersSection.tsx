import { Button, CloseButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { TicketDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { en } from '../../i18n/en';
import { useFollowers } from '../ticket-model.api';

/**
 * Who follows the ticket: the follow button (agents hear of customer replies by mail and
 * in the UI), the agents who follow, and the customers CC'd on its replies, whom agents
 * add by address and remove.
 */
export function FollowersSection({ ticket }: { ticket: TicketDetail }) {
  const { user } = useSession();
  const { add, remove } = useFollowers(ticket.id);
  const [cc, setCc] = useState('');
  const following = ticket.followers.users.some((u) => u.id === user.id);
  const closed = ticket.status === 'closed';
  const addCc = () => {
    const email = cc.trim();
    if (email) add.mutate({ email }, { onSuccess: () => setCc('') });
  };

  return (
    <Stack gap={6} component="section" aria-label={en.followers.title} data-testid="followers-section">
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h6">
          {en.followers.title}
        </Title>
        <Button
          size="compact-xs"
          variant={following ? 'light' : 'filled'}
          disabled={closed}
          loading={add.isPending || remove.isPending}
          aria-pressed={following}
          onClick={() => (following ? remove.mutate({}) : add.mutate({}))}
        >
          {following ? en.followers.unfollow : en.followers.follow}
        </Button>
      </Group>
      {!ticket.followers.users.length && !ticket.followers.customers.length && (
        <Text size="sm" c="dimmed">
          {en.followers.none}
        </Text>
      )}
      {ticket.followers.users.length > 0 && (
        <Text size="sm" data-testid="agent-followers">
          {en.followers.agents}: {ticket.followers.users.map((u) => u.name).join(', ')}
        </Text>
      )}
      {ticket.followers.customers.length > 0 && (
        <Stack gap={2} aria-label={en.followers.ccs} role="list">
          {ticket.followers.customers.map((c) => (
            <Group key={c.id} gap={4} wrap="nowrap" role="listitem">
              <Text size="sm" truncate style={{ flex: 1 }}>
                {c.name ? `${c.name} <${c.email}>` : c.email}
              </Text>
              <CloseButton
                size="sm"
                disabled={closed}
                aria-label={en.followers.remove(c.email)}
                onClick={() => remove.mutate({ customerId: c.id })}
              />
            </Group>
          ))}
        </Stack>
      )}
      {!closed && (
        <TextInput
          size="xs"
          type="email"
          label={en.followers.addCc}
          value={cc}
          onChange={(e) => setCc(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addCc();
            }
          }}
          rightSection={
            cc.trim() ? (
              <Button size="compact-xs" variant="subtle" onClick={addCc} aria-label={en.followers.addCc}>
                +
              </Button>
            ) : null
          }
        />
      )}
    </Stack>
  );
}
