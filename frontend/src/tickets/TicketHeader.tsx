import { ActionIcon, Anchor, Badge, Group, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { TicketDetail } from '../api/types';
import { en } from '../i18n/en';
import type { Viewer } from '../realtime/socket';
import { PriorityBadge, StatusBadge } from '../ui/badges';
import { Presence } from './Presence';
import { TicketActions } from './TicketActions';
import classes from './TicketPage.module.css';
import type { useViewNavigation } from './useViewNavigation';

/**
 * Back to the list, previous/next ticket of that list, the ticket's number, subject and state (spam
 * marked), its triage actions, who else is here.
 */
export function TicketHeader({
  ticket,
  nav,
  others,
}: {
  ticket: TicketDetail;
  nav: ReturnType<typeof useViewNavigation>;
  others: Viewer[];
}) {
  return (
    <header className={classes.header}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Anchor component={Link} to={nav.backHref} size="xs">
          ← {en.ticket.back}
        </Anchor>
        {nav.position && (
          <Group gap={4} wrap="nowrap" data-testid="view-position">
            <Text size="xs" c="dimmed">
              {en.ticket.position(nav.position.index, nav.position.total)}
            </Text>
            <StepButton label={en.ticket.previous} disabled={!nav.hasPrev} onClick={nav.goPrev} glyph="‹" />
            <StepButton label={en.ticket.next} disabled={!nav.hasNext} onClick={nav.goNext} glyph="›" />
          </Group>
        )}
      </Group>
      <Group justify="space-between" align="flex-start" gap="xs" mt={4}>
        <Title order={1} size="h3" className={classes.subject}>
          <Text span c="dimmed" inherit>
            #{ticket.number}
          </Text>{' '}
          {ticket.subject}
        </Title>
        <Group gap={6}>
          {ticket.spam && (
            <Badge color="red" variant="light" data-testid="spam-badge">
              {en.ticket.spamBadge}
            </Badge>
          )}
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <TicketActions ticket={ticket} backHref={nav.backHref} />
        </Group>
      </Group>
      <Presence others={others} />
    </header>
  );
}

function StepButton({
  label,
  disabled,
  onClick,
  glyph,
}: {
  label: string;
  disabled: boolean;
  onClick: () => void;
  glyph: string;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="default" size="sm" aria-label={label} disabled={disabled} onClick={onClick}>
        <span aria-hidden>{glyph}</span>
      </ActionIcon>
    </Tooltip>
  );
}
