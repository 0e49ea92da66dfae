import { Alert, Button, Code, Group, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, post } from '../api/client';
import type { ApiToken, Page } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { DataTable, Section, useAdminMutation } from './shared';

const KEY = ['admin', 'tokens'];

/** The signed-in user's API tokens; a new token's secret is shown once. */
export function TokensAdmin() {
  const tokens = useQuery({ queryKey: KEY, queryFn: () => get<Page<ApiToken>>('/api/v1/tokens') });
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const create = useAdminMutation(
    (n: string) => post<{ token: string }>('/api/v1/tokens', { name: n }),
    KEY,
    (r) => {
      setSecret(r.token);
      setName('');
    },
  );
  const revoke = useAdminMutation((id: number) => del(`/api/v1/tokens/${id}`), KEY);
  return (
    <Section title={en.admin.sections.tokens} query={tokens}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate(name.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={en.admin.tokenName}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={create.isPending}>
            {en.admin.add}
          </Button>
        </Group>
      </form>
      {secret && (
        <Alert color="yellow" withCloseButton closeButtonLabel={en.app.dismiss} onClose={() => setSecret(null)}>
          {en.admin.tokenCreated} <Code>{secret}</Code>
        </Alert>
      )}
      <DataTable head={[en.admin.name, 'Created', 'Last used', '']}>
        {tokens.data?.items.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td>{t.name}</Table.Td>
            <Table.Td>{fullTime(t.createdAt)}</Table.Td>
            <Table.Td>{t.lastUsedAt ? fullTime(t.lastUsedAt) : '—'}</Table.Td>
            <Table.Td>
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => revoke.mutate(t.id)}>
                {en.admin.revoke}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Section>
  );
}
