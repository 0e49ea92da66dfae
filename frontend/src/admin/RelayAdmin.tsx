import { Button, Group, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { en } from '../i18n/en';
import { useRelaySetting, useSaveRelaySetting } from './api/relay';
import { Section } from './shared';
import { useConfirm } from '../ui/useConfirm';

/** Outbound SMTP relay; read-only when the environment sets it. */
export function RelayAdmin() {
  const relay = useRelaySetting();
  const [url, setUrl] = useState('');
  useEffect(() => setUrl(relay.data?.url ?? ''), [relay.data]);
  const save = useSaveRelaySetting();
  const [confirmation, confirm] = useConfirm();
  const fromEnv = relay.data?.source === 'env';
  return (
    <Section title={en.admin.sections.relay} query={relay}>
      <Text size="sm" c="dimmed">
        {en.admin.relaySource(relay.data?.source ?? null)}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const next = url.trim() || null;
          // Removing the relay stops all outgoing mail: asked first.
          if (!next && relay.data?.url) confirm({ ...en.admin.confirm.removeRelay, run: () => save.mutate(null) });
          else save.mutate(next);
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
      {confirmation}
    </Section>
  );
}
