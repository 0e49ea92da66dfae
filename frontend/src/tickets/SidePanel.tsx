import { Anchor, Button, Divider, Group, Select, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useNames } from '../api/directory';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketDetail,
  type TicketPriority,
  type TicketStatus,
} from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { StatusBadge } from '../ui/badges';
import { relativeTime } from '../ui/format';
import { FieldsSection } from './panel/FieldsSection';
import { FollowersSection } from './panel/FollowersSection';
import { LinksSection } from './panel/LinksSection';
import { OrganizationSection } from './panel/OrganizationSection';
import { RequesterEditor } from './panel/RequesterEditor';
import { PortalLinkButton } from './PortalLinkButton';
import { TagsField } from './TagsField';
import { useRequesterTickets, useUpdateTicket } from './tickets.api';

/** Fields of the ticket, saved as soon as they change; the requester and their other tickets. */
export function SidePanel({ ticket }: { ticket: TicketDetail }) {
  const { user } = useSession();
  const { users, groups } = useNames();
  const update = useUpdateTicket(ticket.id);
  const others = useRequesterTickets(ticket.requesterId);
  const otherTickets = others.data?.items.filter((t) => t.id !== ticket.id).slice(0, 10) ?? [];

  return (
    <Stack gap="sm" component="aside" aria-label={en.ticket.details}>
      <Title order={2} size="h5">
        {en.ticket.details}
      </Title>
      <Select
        label={en.ticket.status}
        data={TICKET_STATUSES.map((s) => ({ value: s, label: en.status[s] }))}
        value={ticket.status}
        allowDeselect={false}
        onChange={(v) => v && update.mutate({ status: v as TicketStatus })}
        size="xs"
        data-testid="field-status"
      />
      <Select
        label={en.ticket.priority}
        data={TICKET_PRIORITIES.map((p) => ({ value: p, label: en.priority[p] }))}
        value={ticket.priority}
        allowDeselect={false}
        onChange={(v) => v && update.mutate({ priority: v as TicketPriority })}
        size="xs"
        data-testid="field-priority"
      />
      <div>
        <Select
          label={en.ticket.assignee}
          data={[
            { value: 'none', label: en.unassigned },
            ...users
              .filter((u) => u.active || u.id === ticket.assigneeId)
              .map((u) => ({ value: String(u.id), label: u.name })),
          ]}
          value={ticket.assigneeId == null ? 'none' : String(ticket.assigneeId)}
          allowDeselect={false}
          searchable
          onChange={(v) => v && update.mutate({ assigneeId: v === 'none' ? null : Number(v) })}
          size="xs"
          data-testid="field-assignee"
        />
        {ticket.assigneeId !== user.id && (
          <Button variant="subtle" size="compact-xs" mt={4} onClick={() => update.mutate({ assigneeId: user.id })}>
            {en.ticket.assignToMe} (a)
          </Button>
        )}
      </div>
      <Select
        label={en.ticket.group}
        data={[{ value: 'none', label: en.noGroup }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))]}
        value={ticket.groupId == null ? 'none' : String(ticket.groupId)}
        allowDeselect={false}
        onChange={(v) => v && update.mutate({ groupId: v === 'none' ? null : Number(v) })}
        size="xs"
      />
      <TagsField tags={ticket.tags} onChange={(tags) => update.mutate({ tags })} />
      <FieldsSection ticket={ticket} />
      <Divider />
      <Title order={2} size="h5">
        {en.ticket.requester}
      </Title>
      <div data-testid="requester">
        <Text size="sm" fw={500}>
          {ticket.requester.name || ticket.requester.email}
        </Text>
        <Anchor href={`mailto:${ticket.requester.email}`} size="sm">
          {ticket.requester.email}
        </Anchor>
      </div>
      <RequesterEditor key={ticket.requesterId} ticket={ticket} />
      <PortalLinkButton ticketId={ticket.id} />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {en.ticket.otherTickets}
      </Text>
      {others.isSuccess && otherTickets.length === 0 && (
        <Text size="sm" c="dimmed">
          {en.ticket.noOtherTickets}
        </Text>
      )}
      <Stack gap={4}>
        {otherTickets.map((t) => (
          <Group key={t.id} gap={6} wrap="nowrap">
            <StatusBadge status={t.status} />
            <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate style={{ flex: 1 }}>
              #{t.number} {t.subject}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {relativeTime(t.updatedAt)}
            </Text>
          </Group>
        ))}
      </Stack>
      <OrganizationSection ticket={ticket} />
      <Divider />
      <FollowersSection ticket={ticket} />
      <Divider />
      <LinksSection ticket={ticket} />
    </Stack>
  );
}
