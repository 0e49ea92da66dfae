import { Alert, Button, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useConfirm } from '../ui/useConfirm';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './api/tokens';
import { DataTable, Section } from './shared';

/** The signed-in user's API tokens; a new token's secret is shown once. */
export function TokensAdmin() {
  const tokens = useApiTokens();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const create = useCreateApiToken((token) => {
    setSecret(token);
    setName('');
  });
  const revoke = useRevokeApiToken();
  const [confirmation, confirm] = useConfirm();
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
              {t.revokedAt ? (
                <Text size="xs" c="dimmed" title={fullTime(t.revokedAt)}>
                  {en.admin.revoked}
                </Text>
              ) : (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => confirm({ ...en.admin.confirm.revokeToken(t.name), run: () => revoke.mutate(t.id) })}
                >
                  {en.admin.revoke}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {confirmation}
    </Section>
  );
}
