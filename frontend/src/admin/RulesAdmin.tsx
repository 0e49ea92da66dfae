import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import {
  type RuleDraft,
  type RuleKind,
  useDeleteRule,
  useDuplicateRule,
  useReorderRules,
  useRuleDefinitions,
  useRules,
  useSaveRule,
  useTestRule,
} from './api/rules';
import { FailedRuns } from './FailedRuns';
import { ActionsEditor, ConditionsEditor } from './RuleEditor';
import { DataTable, DraftModal, RowActions, Section } from './shared';

/** Moves the item at `from` to `to` (drag and drop, or the arrow buttons). */
export function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Triggers or automations: the ordered list (drag to reorder), the editor, a test against a ticket. */
export function RulesAdmin({ kind }: { kind: RuleKind }) {
  const rules = useRules(kind);
  const defs = useRuleDefinitions();
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [ticketNumber, setTicketNumber] = useState<number | string>('');
  const save = useSaveRule(kind, () => setDraft(null));
  const remove = useDeleteRule(kind);
  const [confirmation, confirm] = useConfirm();
  const duplicate = useDuplicateRule(kind);
  const reorder = useReorderRules(kind);
  const test = useTestRule(kind);
  const single = kind === 'triggers' ? 'trigger' : 'automation';
  const list = rules.data ?? [];
  const move = (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    reorder.mutate(moved(list, from, to).map((r) => r.id));
  };
  return (
    <Section
      title={kind === 'triggers' ? en.rules.triggers : en.rules.automations}
      query={rules}
      actions={
        <Button
          size="xs"
          onClick={() => setDraft({ title: '', active: true, conditions: { all: [], any: [] }, actions: [] })}
        >
          {en.admin.add}
        </Button>
      }
    >
      <Text size="xs" c="dimmed">
        {en.rules.dragHint}
      </Text>
      <DataTable head={['', en.rules.title, en.rules.active, '']}>
        {list.map((r, i) => (
          <Table.Tr
            key={r.id}
            draggable
            data-testid="rule-row"
            onDragStart={() => setDragging(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => dragging !== null && move(dragging, i)}
            style={{ cursor: 'grab' }}
          >
            <Table.Td>
              <Group gap={2} wrap="nowrap">
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  aria-label={en.rules.moveUp(r.title)}
                  onClick={() => move(i, i - 1)}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  aria-label={en.rules.moveDown(r.title)}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </ActionIcon>
              </Group>
            </Table.Td>
            <Table.Td>
              {r.title}{' '}
              {r.builtIn && (
                <Badge size="xs" variant="light">
                  default
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{r.active ? '✓' : '—'}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <RowActions
                  onEdit={() =>
                    setDraft({
                      id: r.id,
                      title: r.title,
                      description: r.description,
                      active: r.active,
                      conditions: r.conditions,
                      actions: r.actions,
                    })
                  }
                  onDelete={() =>
                    confirm({ ...en.admin.confirm.deleteRule(single, r.title), run: () => remove.mutate(r.id) })
                  }
                />
                <Button size="compact-xs" variant="subtle" onClick={() => duplicate.mutate(r.id)}>
                  {en.rules.duplicate}
                </Button>
              </Group>
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
          <Textarea
            label={en.admin.description}
            autosize
            value={draft.description ?? ''}
            onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
          />
          <Switch
            label={en.rules.active}
            checked={draft.active ?? true}
            onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
          />
          <ConditionsEditor
            defs={defs.data}
            kind={single}
            value={draft.conditions}
            onChange={(conditions) => setDraft({ ...draft, conditions })}
          />
          <ActionsEditor
            defs={defs.data}
            kind={single}
            value={draft.actions}
            onChange={(actions) => setDraft({ ...draft, actions })}
          />
          <Group gap="xs" align="flex-end">
            <NumberInput
              size="xs"
              label={en.rules.testNumber}
              value={ticketNumber}
              onChange={setTicketNumber}
              min={1}
            />
            <Button
              size="xs"
              variant="default"
              loading={test.isPending}
              disabled={!ticketNumber}
              onClick={() =>
                test.mutate({
                  ticketNumber: Number(ticketNumber),
                  conditions: draft.conditions,
                  actions: draft.actions,
                })
              }
            >
              {en.rules.test}
            </Button>
          </Group>
          {test.data && (
            <Stack gap={2} data-testid="rule-test">
              <Text size="sm" fw={600} c={test.data.matched ? 'green' : 'dimmed'}>
                {test.data.matched ? en.rules.matched : en.rules.notMatched}
              </Text>
              {test.data.changes.map((c) => (
                <Text size="xs" key={c.field}>
                  {c.field}: {JSON.stringify(c.before)} → {JSON.stringify(c.after)}
                </Text>
              ))}
              {test.data.effects.map((e) => (
                <Text size="xs" key={e}>
                  {e}
                </Text>
              ))}
            </Stack>
          )}
        </DraftModal>
      )}
      {kind === 'triggers' && <FailedRuns />}
      {confirmation}
    </Section>
  );
}

export const TriggersAdmin = () => <RulesAdmin kind="triggers" />;
export const AutomationsAdmin = () => <RulesAdmin kind="automations" />;
