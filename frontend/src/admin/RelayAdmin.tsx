import { Alert, Button, Group, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { en } from '../i18n/en';
import { useRelaySetting, useSaveRelaySetting } from './api/relay';
import { useRelayTestMail } from './api/setup';
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
      {relay.data?.url && <RelayTestMail />}
      {confirmation}
    </Section>
  );
}

/** Sends a test mail through the relay now and shows what the relay answered, or its error. */
function RelayTestMail() {
  const [to, setTo] = useState('');
  const test = useRelayTestMail();
  const result = test.data;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (to.trim()) test.mutate(to.trim());
      }}
    >
      <Title order={3} size="h5" mt="md" mb={4}>
        {en.setup.testMail.title}
      </Title>
      <Group align="flex-end">
        <TextInput
          label={en.setup.testMail.to}
          type="email"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          style={{ flex: 1 }}
          maw={360}
        />
        <Button type="submit" variant="light" loading={test.isPending}>
          {en.setup.testMail.send}
        </Button>
      </Group>
      {result && (
        <Alert mt="sm" color={result.ok ? 'teal' : 'red'} role="status" data-testid="relay-test-result" maw={620}>
          {result.ok
            ? en.setup.testMail.ok(result.response ?? '')
            : en.setup.testMail.failed(result.error ?? result.response ?? '')}
        </Alert>
      )}
    </form>
  );
}
