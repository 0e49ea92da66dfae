import { Badge, Button, Group as Row, Select, Switch, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, patch, post } from '../api/client';
import { useGroups } from '../api/directory';
import type { Mailbox, Page } from '../api/types';
import { en } from '../i18n/en';
import { DataTable, FormModal, Section, useAdminMutation } from './shared';
import { SourceState } from './SourceState';

const KEY = ['admin', 'mailboxes'];
type Draft = {
  id?: number;
  address: string;
  displayName: string;
  defaultGroupId: number | null;
  outboundFrom: string;
  active: boolean;
};

export function MailboxesAdmin() {
  const mailboxes = useQuery({
    queryKey: KEY,
    queryFn: async () => (await get<Page<Mailbox>>('/api/v1/mailboxes')).items,
  });
  const groups = useGroups();
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useAdminMutation(
    (d: Draft) => {
      const body = {
        displayName: d.displayName,
        defaultGroupId: d.defaultGroupId,
        outboundFrom: d.outboundFrom.trim() || null,
        active: d.active,
      };
      return d.id
        ? patch(`/api/v1/mailboxes/${d.id}`, body)
        : post('/api/v1/mailboxes', { address: d.address, ...body });
    },
    KEY,
    () => setDraft(null),
  );
  const remove = useAdminMutation((id: number) => del(`/api/v1/mailboxes/${id}`), KEY);
  const groupName = (id: number | null) => groups.data?.find((g) => g.id === id)?.name ?? '—';
  return (
    <Section
      title={en.admin.sections.mailboxes}
      query={mailboxes}
      actions={
        <Button
          size="xs"
          onClick={() =>
            setDraft({ address: '', displayName: '', defaultGroupId: null, outboundFrom: '', active: true })
          }
        >
          {en.admin.add}
        </Button>
      }
    >
      <DataTable
        head={[
          en.admin.address,
          en.admin.displayName,
          en.admin.defaultGroup,
          en.admin.outboundFrom,
          en.admin.source.column,
          en.admin.active,
          '',
        ]}
      >
        {mailboxes.data?.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{m.address}</Table.Td>
            <Table.Td>{m.displayName}</Table.Td>
            <Table.Td>{groupName(m.defaultGroupId)}</Table.Td>
            <Table.Td>{m.outboundFrom ?? '—'}</Table.Td>
            <Table.Td>
              <SourceState source={m.source} />
            </Table.Td>
            <Table.Td>
              {m.active ? (
                <Badge size="sm" variant="light" color="teal">
                  {en.admin.active}
                </Badge>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <Row gap={4} wrap="nowrap">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    setDraft({
                      id: m.id,
                      address: m.address,
                      displayName: m.displayName,
                      defaultGroupId: m.defaultGroupId,
                      outboundFrom: m.outboundFrom ?? '',
                      active: m.active,
                    })
                  }
                >
                  {en.admin.edit}
                </Button>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(m.id)}>
                  {en.admin.delete}
                </Button>
              </Row>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <FormModal
          opened
          title={draft.id ? `${en.admin.edit} ${draft.address}` : en.admin.add}
          onClose={() => setDraft(null)}
          onSubmit={() => save.mutate(draft)}
          busy={save.isPending}
        >
          {!draft.id && (
            <TextInput
              label={en.admin.address}
              required
              value={draft.address}
              onChange={(e) => setDraft({ ...draft, address: e.currentTarget.value })}
            />
          )}
          <TextInput
            label={en.admin.displayName}
            value={draft.displayName}
            onChange={(e) => setDraft({ ...draft, displayName: e.currentTarget.value })}
          />
          <Select
            label={en.admin.defaultGroup}
            clearable
            data={(groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name }))}
            value={draft.defaultGroupId === null ? null : String(draft.defaultGroupId)}
            onChange={(v) => setDraft({ ...draft, defaultGroupId: v ? Number(v) : null })}
          />
          <TextInput
            label={en.admin.outboundFrom}
            type="email"
            value={draft.outboundFrom}
            onChange={(e) => setDraft({ ...draft, outboundFrom: e.currentTarget.value })}
          />
          <Switch
            label={en.admin.active}
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
          />
        </FormModal>
      )}
    </Section>
  );
}
