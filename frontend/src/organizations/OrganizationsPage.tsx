import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { en } from '../i18n/en';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { useOrganizationList, useSaveOrganization } from './organizations.api';

/** Organizations by name (search by a name's start or an exact domain), and a new one by name. */
export default function OrganizationsPage() {
  useDocumentTitle(en.organization.list);
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const list = useOrganizationList(q.trim());
  const save = useSaveOrganization();
  const navigate = useNavigate();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack p="md" gap="md" maw={960}>
      <Title order={1} size="h3">
        {en.organization.list}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate({ name: name.trim() }, { onSuccess: (o) => navigate(`/organizations/${o.id}`) });
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={en.organization.new}
            placeholder={en.organization.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
            {en.admin.add}
          </Button>
        </Group>
      </form>
      <TextInput
        label={en.organization.search}
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={360}
      />
      <Table striped highlightOnHover aria-label={en.organization.list}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{en.organization.name}</Table.Th>
            <Table.Th>{en.organization.domains}</Table.Th>
            <Table.Th>{en.organization.tags}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/organizations/${o.id}`}>
                  {o.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{o.domains.join(', ')}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {o.tags.map((t) => (
                    <Badge key={t} size="xs" variant="light" color="gray">
                      {t}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.isSuccess && !items.length && <Text c="dimmed">{en.organization.none}</Text>}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {en.organization.more}
        </Button>
      )}
    </Stack>
  );
}
