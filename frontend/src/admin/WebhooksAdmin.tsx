import {
  Alert,
  Badge,
  Button,
  Code,
  MultiSelect,
  PasswordInput,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useConfirm } from '../ui/useConfirm';
import {
  type WebhookDraft,
  useDeleteWebhook,
  useDeliveries,
  usePingWebhook,
  useSaveWebhook,
  useWebhooks,
} from './api/rules';
import { DataTable, DraftModal, RowActions, Section } from './shared';

const EVENTS = ['ticket.created', 'ticket.updated', 'message.created'];

/** Webhooks, the notice of one turned off after failures, and each one's delivery log. */
export function WebhooksAdmin() {
  const webhooks = useWebhooks();
  const [draft, setDraft] = useState<WebhookDraft | null>(null);
  const [logOf, setLogOf] = useState<number | null>(null);
  const save = useSaveWebhook(() => setDraft(null));
  const remove = useDeleteWebhook();
  const [confirmation, confirm] = useConfirm();
  const ping = usePingWebhook();
  const deliveries = useDeliveries(logOf);
  return (
    <Section
      title={en.rules.webhooks}
      query={webhooks}
      actions={
        <Button size="xs" onClick={() => setDraft({ name: '', url: 'https://', events: [], secret: '' })}>
          {en.admin.add}
        </Button>
      }
    >
      {webhooks.data
        ?.filter((w) => w.disabledReason)
        .map((w) => (
          <Alert key={w.id} color="orange" role="alert">
            {w.name}: {en.rules.disabled(w.disabledReason!)}
          </Alert>
        ))}
      <DataTable head={[en.admin.name, en.rules.url, en.rules.events, en.rules.active, '']}>
        {webhooks.data?.map((w) => (
          <Table.Tr key={w.id}>
            <Table.Td>{w.name}</Table.Td>
            <Table.Td>
              <Code>{w.url}</Code>
            </Table.Td>
            <Table.Td>{w.events.join(', ') || '—'}</Table.Td>
            <Table.Td>{w.active ? '✓' : <Badge color="orange">off</Badge>}</Table.Td>
            <Table.Td>
              <RowActions
                onEdit={() =>
                  setDraft({
                    id: w.id,
                    name: w.name,
                    url: w.url,
                    events: w.events as WebhookDraft['events'],
                    active: w.active,
                    secret: '',
                  })
                }
                onDelete={() => confirm({ ...en.admin.confirm.deleteWebhook(w.name), run: () => remove.mutate(w.id) })}
              />
              <Button size="compact-xs" variant="subtle" onClick={() => setLogOf(w.id)}>
                {en.rules.deliveries}
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => ping.mutate(w.id)}>
                {en.rules.ping}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {logOf !== null && (
        <Stack gap={4} data-testid="delivery-log">
          <Text fw={600} size="sm">
            {en.rules.deliveries}
          </Text>
          <DataTable head={['', 'Event', 'Ticket', 'Status', 'HTTP', 'Attempts', 'Error']}>
            {deliveries.data?.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{fullTime(d.createdAt)}</Table.Td>
                <Table.Td>{d.event}</Table.Td>
                <Table.Td>{d.ticketId ?? '—'}</Table.Td>
                <Table.Td>{d.status}</Table.Td>
                <Table.Td>{d.responseStatus ?? '—'}</Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{d.error ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      )}
      {draft && (
        <DraftModal draft={draft} name={draft.name} save={save} onClose={() => setDraft(null)}>
          <TextInput
            label={en.admin.name}
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <TextInput
            label={en.rules.url}
            required
            value={draft.url}
            onChange={(e) => setDraft({ ...draft, url: e.currentTarget.value })}
          />
          <PasswordInput
            label={en.rules.secret}
            required={!draft.id}
            value={draft.secret ?? ''}
            onChange={(e) => setDraft({ ...draft, secret: e.currentTarget.value })}
          />
          <MultiSelect
            label={en.rules.events}
            data={EVENTS}
            value={draft.events ?? []}
            onChange={(events) => setDraft({ ...draft, events: events as WebhookDraft['events'] })}
          />
          {draft.id && (
            <Switch
              label={en.rules.active}
              checked={draft.active ?? true}
              onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
            />
          )}
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
