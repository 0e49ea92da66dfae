import { Badge, Button, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { useMacros } from '../tickets/macros.api';
import { type MacroDraft, useDeleteMacro, useRuleDefinitions, useSaveMacro } from './api/rules';
import { ActionsEditor } from './RuleEditor';
import { DataTable, DraftModal, RowActions, Section } from './shared';

/** Macros (canned responses are the ones with only a reply text): shared and the admin's own. */
export function MacrosAdmin() {
  const macros = useMacros();
  const defs = useRuleDefinitions();
  const [draft, setDraft] = useState<MacroDraft | null>(null);
  const save = useSaveMacro(() => setDraft(null));
  const remove = useDeleteMacro();
  const [confirmation, confirm] = useConfirm();
  return (
    <Section
      title={en.rules.macros}
      query={macros}
      actions={
        <Button size="xs" onClick={() => setDraft({ title: '', actions: [], replyText: '', shared: true })}>
          {en.admin.add}
        </Button>
      }
    >
      <DataTable head={[en.rules.title, en.rules.replyText, '']}>
        {macros.data?.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>
              {m.title}{' '}
              {!m.shared && (
                <Badge size="xs" variant="light">
                  personal
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {m.replyText}
              </Text>
            </Table.Td>
            <Table.Td>
              <RowActions
                onEdit={() =>
                  setDraft({
                    id: m.id,
                    title: m.title,
                    description: m.description,
                    actions: m.actions,
                    replyText: m.replyText,
                    shared: m.shared,
                  })
                }
                onDelete={() =>
                  confirm({ ...en.admin.confirm.deleteMacro(m.title, m.shared), run: () => remove.mutate(m.id) })
                }
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && defs.data && (
        <DraftModal draft={draft} name={draft.title} save={save} onClose={() => setDraft(null)}>
          <TextInput
            label={en.rules.title}
            required
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
          />
          <Switch
            label={en.rules.shared}
            checked={draft.shared ?? false}
            onChange={(e) => setDraft({ ...draft, shared: e.currentTarget.checked })}
          />
          <ActionsEditor
            defs={defs.data}
            kind="macro"
            value={draft.actions ?? []}
            onChange={(actions) => setDraft({ ...draft, actions })}
          />
          <Textarea
            label={en.rules.replyText}
            autosize
            minRows={4}
            value={draft.replyText ?? ''}
            onChange={(e) => setDraft({ ...draft, replyText: e.currentTarget.value || null })}
          />
          <Text size="xs" c="dimmed">
            {en.admin.placeholders}: {defs.data.placeholders.map((p) => `{{${p}}}`).join(' ')}
          </Text>
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
