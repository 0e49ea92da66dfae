import { Badge, Button, Select, Switch, Table, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useGroups } from '../api/directory';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { useDeleteMailbox, useMailboxes, useSaveMailbox, type MailboxDraft } from './api/mailboxes';
import { DataTable, DraftModal, RowActions, Section } from './shared';
import { SourceState } from './SourceState';

export function MailboxesAdmin() {
  const mailboxes = useMailboxes();
  const groups = useGroups();
  const [draft, setDraft] = useState<MailboxDraft | null>(null);
  const save = useSaveMailbox(() => setDraft(null));
  const remove = useDeleteMailbox();
  const [confirmation, confirm] = useConfirm();
  const wasActive = (id?: number) => !!mailboxes.data?.find((m) => m.id === id)?.active;
  // Switching a live mailbox off refuses its mail: asked first, like deleting it.
  const saveDraft = {
    isPending: save.isPending,
    mutate: (d: MailboxDraft) =>
      d.id && wasActive(d.id) && !d.active
        ? confirm({ ...en.admin.confirm.switchOffMailbox(d.address), run: () => save.mutate(d) })
        : save.mutate(d),
  };
  const groupName = (id: number | null) => groups.data?.find((g) => g.id === id)?.name ?? '—';
  return (
    <Section
      title={en.admin.sections.mailboxes}
      query={mailboxes}
      actions={
        <Button
          size="xs"
          onClick={() =>
            setDraft({
              address: '',
              displayName: '',
              defaultGroupId: null,
              outboundFrom: '',
              active: true,
              signature: '',
            })
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
              <RowActions
                onEdit={() => setDraft({ ...m, outboundFrom: m.outboundFrom ?? '' })}
                onDelete={() =>
                  confirm({ ...en.admin.confirm.deleteMailbox(m.address), run: () => remove.mutate(m.id) })
                }
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.address} save={saveDraft} onClose={() => setDraft(null)}>
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
          <Textarea
            label={en.admin.signature}
            description={en.admin.signatureHelp}
            rows={4}
            value={draft.signature}
            onChange={(e) => setDraft({ ...draft, signature: e.currentTarget.value })}
          />
          <Switch
            label={en.admin.active}
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
          />
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
