import { Button, MultiSelect, NumberInput, Table, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useGroups, useUsers } from '../api/directory';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { useDeleteGroup, useRoundRobin, useSaveGroup, type GroupDraft } from './api/groups';
import { DataTable, DraftModal, RowActions, Section } from './shared';

export function GroupsAdmin() {
  const groups = useGroups();
  const users = useUsers();
  const [draft, setDraft] = useState<GroupDraft | null>(null);
  const save = useSaveGroup(() => setDraft(null));
  const remove = useDeleteGroup();
  const [confirmation, confirm] = useConfirm();
  const roundRobin = useRoundRobin(draft?.id);
  // The stored cap until the admin types one.
  const cap = draft?.maxOpenPerAgent !== undefined ? draft.maxOpenPerAgent : (roundRobin.data?.maxOpenPerAgent ?? null);
  return (
    <Section
      title={en.admin.sections.groups}
      query={groups}
      actions={
        <Button size="xs" onClick={() => setDraft({ name: '', description: '', memberIds: [] })}>
          {en.admin.add}
        </Button>
      }
    >
      <DataTable head={[en.admin.name, en.admin.description, en.admin.members, '']}>
        {groups.data?.map((g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.name}</Table.Td>
            <Table.Td>{g.description}</Table.Td>
            <Table.Td>{g.memberIds?.length ?? 0}</Table.Td>
            <Table.Td>
              <RowActions
                onEdit={() => setDraft({ id: g.id, name: g.name, description: g.description, memberIds: g.memberIds })}
                onDelete={() =>
                  confirm({
                    ...en.admin.confirm.deleteGroup(g.name, g.memberIds?.length ?? 0),
                    run: () => remove.mutate(g.id),
                  })
                }
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.name} save={save} onClose={() => setDraft(null)}>
          <TextInput
            label={en.admin.name}
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <Textarea
            label={en.admin.description}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
          />
          <MultiSelect
            label={en.admin.members}
            searchable
            data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
            value={draft.memberIds.map(String)}
            onChange={(v) => setDraft({ ...draft, memberIds: v.map(Number) })}
          />
          <NumberInput
            label={en.rules.maxOpenPerAgent}
            description={en.rules.maxOpenHint}
            min={1}
            max={10_000}
            allowDecimal={false}
            value={cap ?? ''}
            onChange={(v) => setDraft({ ...draft, maxOpenPerAgent: v === '' ? null : Number(v) })}
          />
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
