import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { TicketDetail } from '../../api/types';
import { en } from '../../i18n/en';
import { useOrganization, useOrganizationTickets } from '../../organizations/organizations.api';
import { TicketLines } from '../../organizations/TicketLines';

/** The ticket's organization in the side panel: its name (to its page), tags, and its other tickets. */
export function OrganizationSection({ ticket }: { ticket: TicketDetail }) {
  const org = useOrganization(ticket.organizationId);
  const others = useOrganizationTickets(ticket.organizationId, 6);
  if (ticket.organizationId === null) return null;
  const tickets = others.data?.items.filter((t) => t.id !== ticket.id).slice(0, 5) ?? [];
  return (
    <Stack gap={6} component="section" aria-label={en.organization.title} data-testid="organization-section">
      <Title order={3} size="h6">
        {en.organization.title}
      </Title>
      {org.data && (
        <Group gap={6}>
          <Anchor component={Link} to={`/organizations/${org.data.id}`} size="sm" fw={500}>
            {org.data.name}
          </Anchor>
          {org.data.tags.map((t) => (
            <Badge key={t} size="xs" variant="light" color="gray">
              {t}
            </Badge>
          ))}
        </Group>
      )}
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {en.organization.otherTickets}
      </Text>
      <TicketLines tickets={tickets} loaded={others.isSuccess} />
    </Stack>
  );
}
