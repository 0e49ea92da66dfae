import { Badge, Button, Group, Paper, Select, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import type { CustomField, TicketForm } from '../api/types';
import { en } from '../i18n/en';
import { useFields, useTicketForms } from '../tickets/ticket-model.api';
import { type FormDraft, useSaveTicketForm, useSetTicketFormActive } from './api/fields';
import { DataTable, DraftModal, moved, OrderButtons, problemsOf, Section } from './shared';

const t = en.admin.ticketForms;

const blank = (): FormDraft => ({ name: '', description: '', fieldIds: [], visibleToCustomers: false, active: true });

const draftOf = (f: TicketForm): FormDraft => ({
  id: f.id,
  name: f.name,
  description: f.description,
  fieldIds: f.fieldIds,
  visibleToCustomers: f.visibleToCustomers,
  active: f.active,
});

/**
 * Ticket forms: named sets of ticket fields in order. Lists them (active or not), adds and
 * edits one (its fields added, removed and reordered with buttons), and deactivates or
 * reactivates it; a form is never deleted, tickets keep theirs.
 */
export function TicketFormsAdmin() {
  const forms = useTicketForms();
  const fields = useFields('ticket').data ?? [];
  const [draft, setDraft] = useState<FormDraft | null>(null);
  const save = useSaveTicketForm(() => setDraft(null));
  const setActive = useSetTicketFormActive();
  const open = (d: FormDraft) => {
    save.reset();
    setDraft(d);
  };
  const labelOf = (id: number) => fields.find((f) => f.id === id)?.label ?? `#${id}`;
  return (
    <Section
      title={en.admin.sections.forms}
      query={forms}
      actions={
        <Button size="xs" onClick={() => open(blank())}>
          {en.admin.add}
        </Button>
      }
    >
      {forms.data?.length === 0 && <Text c="dimmed">{t.empty}</Text>}
      <DataTable head={[en.admin.name, t.fields, en.admin.customFields.customers, en.admin.active, '']}>
        {forms.data?.map((f) => (
          <Table.Tr key={f.id} data-testid="form-row">
            <Table.Td>{f.name}</Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {f.fieldIds.map(labelOf).join(', ') || '—'}
              </Text>
            </Table.Td>
            <Table.Td>{f.visibleToCustomers ? '✓' : '—'}</Table.Td>
            <Table.Td>{f.active ? '✓' : <Badge color="gray">{en.admin.customFields.inactive}</Badge>}</Table.Td>
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
                  {f.active ? en.admin.customFields.deactivate : en.admin.customFields.reactivate}
                </Button>
              </Group>
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
            error={problemsOf(save.error, 'name')}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <Textarea
            label={en.admin.description}
            autosize
            minRows={1}
            value={draft.description}
            error={problemsOf(save.error, 'description')}
            onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
          />
          <FormFieldsEditor
            fields={fields}
            value={draft.fieldIds}
            error={problemsOf(save.error, 'fieldIds')}
            onChange={(fieldIds) => setDraft({ ...draft, fieldIds })}
          />
          <Switch
            label={t.visibleToCustomers}
            description={t.visibleHelp}
            checked={draft.visibleToCustomers}
            onChange={(e) => setDraft({ ...draft, visibleToCustomers: e.currentTarget.checked })}
          />
          {draft.id && (
            <Switch
              label={en.admin.active}
              checked={draft.active}
              onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
            />
          )}
        </DraftModal>
      )}
    </Section>
  );
}

/** A form's fields in order, each movable and removable by button; a select adds an active field not yet on it. */
function FormFieldsEditor({
  fields,
  value,
  error,
  onChange,
}: {
  fields: CustomField[];
  value: number[];
  error: string | undefined;
  onChange: (ids: number[]) => void;
}) {
  const addable = fields.filter((f) => f.active && !value.includes(f.id));
  const titleId = useId();
  return (
    <Stack gap={6} data-testid="form-fields">
      <Text size="sm" fw={500} id={titleId}>
        {t.fields}
      </Text>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      {!value.length && (
        <Text size="xs" c="dimmed">
          {t.noFields}
        </Text>
      )}
      <Stack gap={4} component="ol" aria-labelledby={titleId} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {value.map((id, i) => {
          const field = fields.find((f) => f.id === id);
          const label = field?.label ?? `#${id}`;
          return (
            <Paper key={id} component="li" withBorder px="xs" py={4} data-testid="form-field">
              <Group justify="space-between" wrap="nowrap">
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{label}</Text>
                  {field && (
                    <Text size="xs" c="dimmed">
                      {en.fields.types[field.type]}
                    </Text>
                  )}
                  {field && !field.active && (
                    <Badge size="xs" color="gray">
                      {en.admin.customFields.inactive}
                    </Badge>
                  )}
                </Group>
                <OrderButtons
                  what={label}
                  index={i}
                  count={value.length}
                  onMove={(from, to) => onChange(moved(value, from, to))}
                  onRemove={() => onChange(value.filter((v) => v !== id))}
                />
              </Group>
            </Paper>
          );
        })}
      </Stack>
      <Select
        label={t.addField}
        size="xs"
        searchable
        placeholder={en.fields.choose}
        data={addable.map((f) => ({ value: String(f.id), label: `${f.label} (${f.key})` }))}
        value={null}
        disabled={!addable.length}
        onChange={(v) => v && onChange([...value, Number(v)])}
      />
    </Stack>
  );
}
