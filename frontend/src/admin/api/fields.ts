import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { CreateFieldDto, CreateTicketFormDto, FieldOptionDto, UpdateFieldDto } from '../../api/openapi.gen';
import type { FieldType } from '../../api/types';
import { useAdminMutation } from './admin-mutation';

/** What a custom field describes; each has its own routes (`/ticket-fields`, `/customer-fields`, …). */
export type FieldEntity = 'ticket' | 'customer' | 'organization';

/** One option as edited; `uid` only keeps the row's identity while it moves, it is not sent. */
export type OptionDraft = Required<FieldOptionDto> & { uid: number };

/** A custom field as edited: a new one has no `id`; `key` and `type` are sent only when it is created. */
export interface FieldDraft {
  id?: number;
  key: string;
  label: string;
  description: string;
  type: FieldType;
  options: OptionDraft[];
  pattern: string;
  visibleToCustomers: boolean;
  requiredToSolve: boolean;
  active: boolean;
}

/** A ticket form as edited: its fields' ids in the order the form shows them. */
export type FormDraft = Required<Omit<CreateTicketFormDto, 'position'>> & { id?: number };

export const hasOptions = (type: FieldType) => type === 'dropdown' || type === 'multiselect';

/** What PATCH takes of a draft: options only for choices, a pattern only for regex, "required to solve" only on tickets. */
function changes(entity: FieldEntity, d: FieldDraft): UpdateFieldDto & { label: string } {
  return {
    label: d.label,
    description: d.description,
    ...(hasOptions(d.type) && { options: d.options.map(({ value, label, active }) => ({ value, label, active })) }),
    ...(d.type === 'regex' && { pattern: d.pattern }),
    visibleToCustomers: d.visibleToCustomers,
    ...(entity === 'ticket' && { requiredToSolve: d.requiredToSolve }),
    active: d.active,
  };
}

function createField(entity: FieldEntity, body: CreateFieldDto) {
  if (entity === 'ticket') return api.POST('/api/v1/ticket-fields', { body });
  if (entity === 'customer') return api.POST('/api/v1/customer-fields', { body });
  return api.POST('/api/v1/organization-fields', { body });
}

function updateField(entity: FieldEntity, id: number, body: UpdateFieldDto) {
  const init = { params: { path: { id } }, body };
  if (entity === 'ticket') return api.PATCH('/api/v1/ticket-fields/{id}', init);
  if (entity === 'customer') return api.PATCH('/api/v1/customer-fields/{id}', init);
  return api.PATCH('/api/v1/organization-fields/{id}', init);
}

/** POST a new field of `entity`, PATCH an existing one; a 400 rejects with the API's per-field problems. */
export const useSaveField = (entity: FieldEntity, onDone: () => void) =>
  useAdminMutation(
    (d: FieldDraft) =>
      d.id
        ? updateField(entity, d.id, changes(entity, d))
        : createField(entity, { key: d.key, type: d.type, ...changes(entity, d) }),
    keys.fields(entity),
    onDone,
  );

/** Deactivates a field (its values stay, it takes no new ones) or reactivates it. */
export const useSetFieldActive = (entity: FieldEntity) =>
  useAdminMutation(
    ({ id, active }: { id: number; active: boolean }) => updateField(entity, id, { active }),
    keys.fields(entity),
  );

/** POST /ticket-forms for a new form, PATCH /ticket-forms/:id otherwise. */
export const useSaveTicketForm = (onDone: () => void) =>
  useAdminMutation(
    ({ id, ...body }: FormDraft) =>
      id
        ? api.PATCH('/api/v1/ticket-forms/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/ticket-forms', { body }),
    keys.ticketForms,
    onDone,
  );

/** Deactivates a form (tickets keep it; it is offered no more) or reactivates it. */
export const useSetTicketFormActive = () =>
  useAdminMutation(
    ({ id, active }: { id: number; active: boolean }) =>
      api.PATCH('/api/v1/ticket-forms/{id}', { params: { path: { id } }, body: { active } }),
    keys.ticketForms,
  );
