import { Select, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CustomField, FieldValue, TicketDetail } from '../../api/types';
import { en } from '../../i18n/en';
import { useUpdateTicket } from '../tickets.api';
import { useFields, useSetFields, useTicketForms } from '../ticket-model.api';
import { FieldInput } from './FieldInput';

/**
 * The ticket's form and custom fields in the side panel: the form's fields in its order
 * (no form: every active field), and any other field that holds a value (a deactivated
 * one read-only). Each saves on its own, through the one ticket writer.
 */
export function FieldsSection({ ticket }: { ticket: TicketDetail }) {
  const fields = useFields('ticket').data ?? [];
  const forms = useTicketForms().data ?? [];
  const update = useUpdateTicket(ticket.id);
  const setFields = useSetFields(ticket.id);
  const form = forms.find((f) => f.id === ticket.formId);
  const values = ticket.fields as Record<string, FieldValue>;
  const onForm = form
    ? form.fieldIds.map((id) => fields.find((f) => f.id === id)).filter((f): f is CustomField => !!f && f.active)
    : fields.filter((f) => f.active);
  const others = fields.filter((f) => !onForm.includes(f) && values[f.key] !== undefined);
  const shown = [...onForm, ...others];
  if (!shown.length && !forms.length) return null;
  const closed = ticket.status === 'closed';

  const save = (field: CustomField, value: FieldValue | null) =>
    setFields.mutate(
      { [field.key]: value },
      { onSuccess: () => notifications.show({ message: en.fields.saved(field.label) }) },
    );

  return (
    <Stack gap="xs" component="section" aria-label={en.fields.title} data-testid="fields-section">
      <Title order={3} size="h6">
        {en.fields.title}
      </Title>
      {forms.some((f) => f.active) && (
        <Select
          label={en.fields.form}
          size="xs"
          data={[
            { value: 'none', label: en.fields.noForm },
            ...forms
              .filter((f) => f.active || f.id === ticket.formId)
              .map((f) => ({ value: String(f.id), label: f.name })),
          ]}
          value={ticket.formId === null ? 'none' : String(ticket.formId)}
          allowDeselect={false}
          disabled={closed}
          onChange={(v) => v && update.mutate({ formId: v === 'none' ? null : Number(v) })}
          data-testid="field-form"
        />
      )}
      {shown.map((f) => (
        <FieldInput key={f.id} field={f} value={values[f.key]} disabled={closed} onSave={(v) => save(f, v)} />
      ))}
    </Stack>
  );
}
