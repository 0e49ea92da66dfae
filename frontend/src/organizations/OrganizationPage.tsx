import {
  ActionIcon,
  Anchor,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CustomField, FieldValue, Organization } from '../api/types';
import { en } from '../i18n/en';
import { FieldInput } from '../tickets/panel/FieldInput';
import { useFields } from '../tickets/ticket-model.api';
import { PageLoader } from '../ui/PageLoader';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { TicketLines } from './TicketLines';
import {
  useCustomerSearch,
  useMembers,
  useOrganization,
  useOrganizationTickets,
  useSaveOrganization,
  useUpdateCustomer,
} from './organizations.api';

/**
 * One organization: its details (name, domains, notes, tags, the portal sharing setting)
 * saved together, its custom fields each saved on change, its members (an agent moves
 * customers in and out) and its newest tickets.
 */
export default function OrganizationPage() {
  const id = Number(useParams().id);
  const org = useOrganization(id);
  useDocumentTitle(org.data?.name, en.organization.list);
  if (!org.data) return <PageLoader />;
  return (
    <Stack p="md" gap="md" maw={1100}>
      <Anchor component={Link} to="/organizations" size="sm">
        {en.organization.list}
      </Anchor>
      <Title order={1} size="h3">
        {org.data.name}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <DetailsForm org={org.data} />
          <OrganizationFields org={org.data} />
        </Stack>
        <Stack gap="md">
          <Members organizationId={id} />
          <Tickets organizationId={id} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function DetailsForm({ org }: { org: Organization }) {
  const save = useSaveOrganization();
  const [draft, setDraft] = useState(org);
  useEffect(() => setDraft(org), [org]);
  const set = <K extends keyof Organization>(k: K, v: Organization[K]) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const { name, domains, notes, tags, sharedTickets } = draft;
          save.mutate(
            { id: org.id, name, domains, notes, tags, sharedTickets },
            { onSuccess: () => notifications.show({ message: en.organization.saved }) },
          );
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={en.organization.name}
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <TagsInput
            label={en.organization.domains}
            description={en.organization.domainsHelp}
            value={draft.domains}
            onChange={(v) => set('domains', v)}
          />
          <TagsInput label={en.organization.tags} value={draft.tags} onChange={(v) => set('tags', v)} />
          <Textarea
            label={en.organization.notes}
            autosize
            minRows={2}
            value={draft.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
          />
          <Checkbox
            label={en.organization.shared}
            checked={draft.sharedTickets}
            onChange={(e) => set('sharedTickets', e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {en.admin.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's custom fields (active ones, and any deactivated one that holds a value). */
function OrganizationFields({ org }: { org: Organization }) {
  const fields = useFields('organization').data ?? [];
  const save = useSaveOrganization();
  const values = org.fields as Record<string, FieldValue>;
  const shown = fields.filter((f) => f.active || values[f.key] !== undefined);
  if (!shown.length) return null;
  const onSave = (f: CustomField, value: FieldValue | null) =>
    save.mutate(
      { id: org.id, name: org.name, fields: { [f.key]: value } },
      { onSuccess: () => notifications.show({ message: en.fields.saved(f.label) }) },
    );
  return (
    <Paper withBorder p="md" component="section" aria-label={en.fields.title}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {en.fields.title}
        </Title>
        {shown.map((f) => (
          <FieldInput key={f.id} field={f} value={values[f.key]} size="sm" onSave={(v) => onSave(f, v)} />
        ))}
      </Stack>
    </Paper>
  );
}

function Members({ organizationId }: { organizationId: number }) {
  const members = useMembers(organizationId);
  const [q, setQ] = useState('');
  const found = useCustomerSearch(q);
  const update = useUpdateCustomer();
  const people = members.data?.pages.flatMap((p) => p.items) ?? [];
  const candidates = (found.data ?? []).filter((c) => c.organizationId !== organizationId);
  const moveIn = (email: string) => {
    const person = candidates.find((c) => c.email === email);
    if (person) update.mutate({ id: person.id, organizationId }, { onSuccess: () => setQ('') });
  };
  return (
    <Paper withBorder p="md" component="section" aria-label={en.organization.members}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {en.organization.members}
        </Title>
        <Autocomplete
          label={en.organization.addMember}
          placeholder={en.organization.addMemberPlaceholder}
          value={q}
          onChange={setQ}
          data={candidates.map((c) => ({ value: c.email, label: c.name ? `${c.name} <${c.email}>` : c.email }))}
          onOptionSubmit={moveIn}
        />
        {members.isSuccess && !people.length && (
          <Text size="sm" c="dimmed">
            {en.organization.noMembers}
          </Text>
        )}
        {people.map((p) => (
          <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="member">
            <Text size="sm" truncate>
              {p.name ? `${p.name} <${p.email}>` : p.email}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={en.organization.removeMember(p.name || p.email)}
              onClick={() => update.mutate({ id: p.id, organizationId: null })}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {members.hasNextPage && (
          <Button variant="default" size="xs" onClick={() => void members.fetchNextPage()}>
            {en.organization.more}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function Tickets({ organizationId }: { organizationId: number }) {
  const tickets = useOrganizationTickets(organizationId, 20);
  const items = tickets.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-label={en.organization.tickets}>
      <Stack gap={6}>
        <Title order={2} size="h5">
          {en.organization.tickets}
        </Title>
        <TicketLines tickets={items} loaded={tickets.isSuccess} />
      </Stack>
    </Paper>
  );
}
