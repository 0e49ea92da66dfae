import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { CustomField, FieldType } from '../api/types';
import { en } from '../i18n/en';
import { useFields } from '../tickets/ticket-model.api';
import {
  type FieldDraft,
  type FieldEntity,
  hasOptions,
  type OptionDraft,
  useSaveField,
  useSetFieldActive,
} from './api/fields';
import { DataTable, DraftModal, moved, OrderButtons, problemsOf, Section } from './shared';

const FIELD_TYPES = Object.keys(en.fields.types) as FieldType[];
const ENTITIES = Object.keys(en.admin.customFields.entities) as FieldEntity[];
const t = en.admin.customFields;

let nextUid = 0;
const option = (o: { value: string; label: string; active: boolean }): OptionDraft => ({ ...o, uid: ++nextUid });

const blank = (): FieldDraft => ({
  key: '',
  label: '',
  description: '',
  type: 'text',
  options: [],
  pattern: '',
  visibleToCustomers: false,
  requiredToSolve: false,
  active: true,
});

const draftOf = (f: CustomField): FieldDraft => ({
  id: f.id,
  key: f.key,
  label: f.label,
  description: f.description,
  type: f.type,
  options: f.options.map(option),
  pattern: f.pattern ?? '',
  visibleToCustomers: f.visibleToCustomers,
  requiredToSolve: f.requiredToSolve,
  active: f.active,
});

/**
 * Custom fields of tickets, customers and organizations: the list (active or not), adding
 * and editing one (options of a dropdown or multi-select, the pattern of a regex field),
 * and deactivating or reactivating it. Key and type are fixed once created; nothing is deleted.
 */
export function FieldsAdmin() {
  const [entity, setEntity] = useState<FieldEntity>('ticket');
  const fields = useFields(entity);
  const [draft, setDraft] = useState<FieldDraft | null>(null);
  const save = useSaveField(entity, () => setDraft(null));
  const setActive = useSetFieldActive(entity);
  const open = (d: FieldDraft) => {
    save.reset();
    setDraft(d);
  };
  const tickets = entity === 'ticket';
  return (
    <Section
      title={en.admin.sections.fields}
      query={fields}
      actions={
        <Button size="xs" onClick={() => open(blank())}>
          {en.admin.add}
        </Button>
      }
    >
      <SegmentedControl
        aria-label={t.entity}
        value={entity}
        onChange={(v) => setEntity(v as FieldEntity)}
        data={ENTITIES.map((e) => ({ value: e, label: t.entities[e] }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {fields.data?.length === 0 && <Text c="dimmed">{t.empty}</Text>}
      <DataTable
        head={[t.key, t.label, t.type, t.options, t.customers, ...(tickets ? [t.required] : []), en.admin.active, '']}
      >
        {fields.data?.map((f) => (
          <Table.Tr key={f.id} data-testid="field-row">
            <Table.Td>
              <Code>{f.key}</Code>
            </Table.Td>
            <Table.Td>{f.label}</Table.Td>
            <Table.Td>{en.fields.types[f.type]}</Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {f.options.map((o) => o.label + (o.active ? '' : ` (${t.inactive})`)).join(', ') || '—'}
              </Text>
            </Table.Td>
            <Table.Td>{f.visibleToCustomers ? '✓' : '—'}</Table.Td>
            {tickets && <Table.Td>{f.requiredToSolve ? '✓' : '—'}</Table.Td>}
            <Table.Td>{f.active ? '✓' : <Badge color="gray">{t.inactive}</Badge>}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Button size="compact-xs" variant="subtle" onClick={() => open(draftOf(f))}>
                  {en.admin.edit}
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color={f.active ? 'orange' : undefined}
                  onClick={() => setActive.mutate({ id: f.id, active: !f.active })}
                >
                  {f.active ? t.deactivate : t.reactivate}
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.label} save={save} onClose={() => setDraft(null)}>
          <FieldForm
            entity={entity}
            draft={draft}
            onChange={setDraft}
            error={save.error}
            saved={fields.data?.find((f) => f.id === draft.id)}
          />
        </DraftModal>
      )}
    </Section>
  );
}

/** The inputs of one field's draft, each showing what the API refused of it. */
function FieldForm({
  entity,
  draft,
  onChange,
  error,
  saved,
}: {
  entity: FieldEntity;
  draft: FieldDraft;
  onChange: (d: FieldDraft) => void;
  error: Error | null;
  saved: CustomField | undefined;
}) {
  const set = (patch: Partial<FieldDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <TextInput
        label={t.key}
        description={t.keyHelp}
        required
        disabled={!!draft.id}
        value={draft.key}
        error={problemsOf(error, 'key')}
        onChange={(e) => set({ key: e.currentTarget.value })}
      />
      <TextInput
        label={t.label}
        required
        value={draft.label}
        error={problemsOf(error, 'label')}
        onChange={(e) => set({ label: e.currentTarget.value })}
      />
      <Textarea
        label={en.admin.description}
        autosize
        minRows={1}
        value={draft.description}
        error={problemsOf(error, 'description')}
        onChange={(e) => set({ description: e.currentTarget.value })}
      />
      <Select
        label={t.type}
        description={t.typeHelp}
        disabled={!!draft.id}
        allowDeselect={false}
        data={FIELD_TYPES.map((type) => ({ value: type, label: en.fields.types[type] }))}
        value={draft.type}
        error={problemsOf(error, 'type')}
        onChange={(v) => v && set({ type: v as FieldType })}
      />
      {hasOptions(draft.type) && (
        <OptionsEditor
          options={draft.options}
          savedValues={saved?.options.map((o) => o.value) ?? []}
          error={error}
          onChange={(options) => set({ options })}
        />
      )}
      {draft.type === 'regex' && (
        <TextInput
          label={t.pattern}
          description={t.patternHelp}
          required
          value={draft.pattern}
          error={problemsOf(error, 'pattern')}
          onChange={(e) => set({ pattern: e.currentTarget.value })}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
      )}
      <Switch
        label={t.visibleToCustomers}
        description={t.visibleHelp}
        checked={draft.visibleToCustomers}
        onChange={(e) => set({ visibleToCustomers: e.currentTarget.checked })}
      />
      {entity === 'ticket' && (
        <Switch
          label={t.requiredToSolve}
          checked={draft.requiredToSolve}
          onChange={(e) => set({ requiredToSolve: e.currentTarget.checked })}
        />
      )}
      {draft.id && (
        <Switch
          label={en.admin.active}
          checked={draft.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
        />
      )}
    </>
  );
}

/**
 * A dropdown's or multi-select's options in order: value and label, active, moved with buttons.
 * A saved option's value is fixed (records hold it); retire it by unticking Active.
 */
function OptionsEditor({
  options,
  savedValues,
  error,
  onChange,
}: {
  options: OptionDraft[];
  savedValues: string[];
  error: Error | null;
  onChange: (options: OptionDraft[]) => void;
}) {
  const update = (i: number, patch: Partial<OptionDraft>) =>
    onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const listError = problemsOf(error, 'options');
  return (
    <Stack gap={6} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }} data-testid="options-editor">
      <Text component="legend" size="sm" fw={500}>
        {t.options}
      </Text>
      {!options.length && (
        <Text size="xs" c="dimmed">
          {t.noOptions}
        </Text>
      )}
      {listError && (
        <Text size="xs" c="red" role="alert">
          {listError}
        </Text>
      )}
      {options.map((o, i) => {
        const nth = t.option(i + 1);
        return (
          <Group key={o.uid} gap="xs" align="flex-start" wrap="nowrap" data-testid="option-row">
            <TextInput
              size="xs"
              aria-label={`${nth}: ${t.optionValue}`}
              placeholder={t.optionValue}
              required
              disabled={savedValues.includes(o.value)}
              title={savedValues.includes(o.value) ? t.optionValueHelp : undefined}
              value={o.value}
              error={problemsOf(error, `options.${i}.value`)}
              onChange={(e) => update(i, { value: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <TextInput
              size="xs"
              aria-label={`${nth}: ${t.optionLabel}`}
              placeholder={t.optionLabel}
              required
              value={o.label}
              error={problemsOf(error, `options.${i}.label`)}
              onChange={(e) => update(i, { label: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Checkbox
              size="xs"
              mt={6}
              label={en.admin.active}
              aria-label={`${nth}: ${en.admin.active}`}
              checked={o.active}
              onChange={(e) => update(i, { active: e.currentTarget.checked })}
            />
            <OrderButtons
              what={o.label ? `${nth} (${o.label})` : nth}
              index={i}
              count={options.length}
              onMove={(from, to) => onChange(moved(options, from, to))}
              onRemove={() => onChange(options.filter((_, j) => j !== i))}
            />
          </Group>
        );
      })}
      <Button
        size="compact-xs"
        variant="light"
        style={{ alignSelf: 'flex-start' }}
        onClick={() => onChange([...options, option({ value: '', label: '', active: true })])}
      >
        {t.addOption}
      </Button>
    </Stack>
  );
}
