import { Button, Group, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, put } from '../api/client';
import { en } from '../i18n/en';
import { Section, useAdminMutation } from './shared';

const KEY = ['admin', 'relay'];

/** Outbound SMTP relay; read-only when the environment sets it. */
export function RelayAdmin() {
  const relay = useQuery({
    queryKey: KEY,
    queryFn: () => get<{ url: string | null; source: 'env' | 'settings' | null }>('/api/v1/settings/relay'),
    retry: false,
  });
  const [url, setUrl] = useState('');
  useEffect(() => setUrl(relay.data?.url ?? ''), [relay.data]);
  const save = useAdminMutation((u: string | null) => put('/api/v1/settings/relay', { url: u }), KEY);
  const fromEnv = relay.data?.source === 'env';
  return (
    <Section title={en.admin.sections.relay} query={relay}>
      <Text size="sm" c="dimmed">
        {en.admin.relaySource(relay.data?.source ?? null)}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(url.trim() || null);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={en.admin.relayUrl}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            disabled={fromEnv}
            style={{ flex: 1 }}
            maw={520}
          />
          <Button type="submit" disabled={fromEnv} loading={save.isPending}>
            {en.admin.save}
          </Button>
        </Group>
      </form>
    </Section>
  );
}
