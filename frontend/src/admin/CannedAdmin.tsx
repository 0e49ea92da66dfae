import { Button, Code, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCannedResponses } from '../api/directory';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { useDeleteCannedResponse, useSaveCannedResponse, type CannedResponseDraft } from './api/canned-responses';
import { DataTable, DraftModal, RowActions, Section } from './shared';

const PLACEHOLDERS = [
  'customer.name',
  'customer.firstName',
  'customer.email',
  'ticket.number',
  'ticket.subject',
  'agent.name',
];

/** The shared list of canned responses agents insert from the composer. */
export function CannedAdmin() {
  const canned = useCannedResponses();
  const [draft, setDraft] = useState<CannedResponseDraft | null>(null);
  const save = useSaveCannedResponse(() => setDraft(null));
  const remove = useDeleteCannedResponse();
  const [confirmation, confirm] = useConfirm();
  return (
    <Section
      title={en.admin.sections.canned}
      query={canned}
      actions={
        <Button size="xs" onClick={() => setDraft({ title: '', body: '' })}>
          {en.admin.add}
        </Button>
      }
    >
      <DataTable head={[en.admin.title_, en.admin.body, '']}>
        {canned.data?.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>{c.title}</Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {c.body}
              </Text>
            </Table.Td>
            <Table.Td>
              <RowActions
                onEdit={() => setDraft(c)}
                onDelete={() => confirm({ ...en.admin.confirm.deleteCanned(c.title), run: () => remove.mutate(c.id) })}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.title} save={save} onClose={() => setDraft(null)}>
          <TextInput
            label={en.admin.title_}
            required
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
          />
          <Textarea
            label={en.admin.body}
            required
            autosize
            minRows={5}
            value={draft.body}
            onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
          />
          <Text size="xs" c="dimmed">
            {en.admin.placeholders}:{' '}
            {PLACEHOLDERS.map((p) => (
              <Code key={p}>{`{{${p}}}`}</Code>
            ))}
          </Text>
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
