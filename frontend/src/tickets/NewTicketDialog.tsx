import { Button, Group, Modal, Radio, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useNames } from '../api/directory';
import type { CreateTicketDto, FirstMessageKind } from '../api/openapi.gen';
import { TICKET_PRIORITIES, type TicketPriority } from '../api/types';
import { en } from '../i18n/en';
import { looksLikeEmail, RequesterChoice, RequesterPicker } from './RequesterPicker';
import { useTicketForms } from './ticket-model.api';
import { useCreateTicket } from './tickets.api';

const FIRST_MESSAGES: FirstMessageKind[] = ['requester', 'note', 'reply'];

/** What the new-ticket form holds. */
export interface NewTicketDraft {
  requester: RequesterChoice;
  subject: string;
  body: string;
  firstMessage: FirstMessageKind;
  groupId: string | null;
  assigneeId: string | null;
  priority: TicketPriority;
  tags: string[];
  formId: string | null;
}

const EMPTY: NewTicketDraft = {
  requester: { email: '', name: '' },
  subject: '',
  body: '',
  firstMessage: 'requester',
  groupId: null,
  assigneeId: null,
  priority: 'normal',
  tags: [],
  formId: null,
};

/** The POST /tickets body of a filled-in form (a picked customer's name is theirs already: not sent). */
export function createTicketBody(d: NewTicketDraft): CreateTicketDto {
  const name = d.requester.customerId === undefined ? d.requester.name.trim() : '';
  return {
    subject: d.subject.trim(),
    body: d.body,
    requester: { email: d.requester.email.trim(), ...(name ? { name } : {}) },
    firstMessage: d.firstMessage,
    priority: d.priority,
    ...(d.groupId ? { groupId: Number(d.groupId) } : {}),
    ...(d.assigneeId ? { assigneeId: Number(d.assigneeId) } : {}),
    ...(d.tags.length ? { tags: d.tags } : {}),
    ...(d.formId ? { formId: Number(d.formId) } : {}),
  };
}

/**
 * The agent writes a ticket in: for whom (a customer found by name or email, or a new
 * address), what was said, and how it came in: a phone call (the customer's words), an
 * internal note, or an email the help desk sends the customer now (their answer threads
 * back). Group, assignee, priority, tags and a form are optional. Opens the ticket once created.
 */
export function NewTicketDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState<NewTicketDraft>(EMPTY);
  const { users, groups } = useNames();
  const forms = (useTicketForms().data ?? []).filter((f) => f.active);
  const create = useCreateTicket();
  const navigate = useNavigate();
  const set = (patch: Partial<NewTicketDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const ready = looksLikeEmail(draft.requester.email) && draft.subject.trim() !== '' && draft.body.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    create.mutate(createTicketBody(draft), {
      onSuccess: (ticket) => {
        notifications.show({ message: en.newTicket.created(ticket.number) });
        setDraft(EMPTY);
        onClose();
        navigate(`/tickets/${ticket.id}`);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={en.newTicket.title} size="lg">
      <form onSubmit={submit} aria-label={en.newTicket.title}>
        <Stack gap="sm">
          <RequesterPicker value={draft.requester} onChange={(requester) => set({ requester })} autoFocus />
          <TextInput
            label={en.newTicket.subject}
            required
            value={draft.subject}
            onChange={(e) => set({ subject: e.currentTarget.value })}
          />
          <Radio.Group
            label={en.newTicket.channel}
            description={en.newTicket.channelHints[draft.firstMessage]}
            value={draft.firstMessage}
            onChange={(v) => set({ firstMessage: v as FirstMessageKind })}
          >
            <Group gap="md" mt={4}>
              {FIRST_MESSAGES.map((k) => (
                <Radio key={k} value={k} label={en.newTicket.channels[k]} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea
            label={en.newTicket.body}
            required
            autosize
            minRows={4}
            maxRows={14}
            value={draft.body}
            onChange={(e) => set({ body: e.currentTarget.value })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={en.ticket.group}
              placeholder={en.noGroup}
              data={groups.map((g) => ({ value: String(g.id), label: g.name }))}
              value={draft.groupId}
              onChange={(groupId) => set({ groupId })}
              clearable
            />
            <Select
              label={en.ticket.assignee}
              placeholder={en.unassigned}
              data={users.filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.name }))}
              value={draft.assigneeId}
              onChange={(assigneeId) => set({ assigneeId })}
              clearable
              searchable
            />
            <Select
              label={en.ticket.priority}
              data={TICKET_PRIORITIES.map((p) => ({ value: p, label: en.priority[p] }))}
              value={draft.priority}
              allowDeselect={false}
              onChange={(v) => v && set({ priority: v as TicketPriority })}
            />
          </SimpleGrid>
          <TagsInput
            label={en.ticket.tags}
            description={en.ticket.tagsHint}
            value={draft.tags}
            onChange={(tags) => set({ tags })}
            acceptValueOnBlur={false}
          />
          {forms.length > 0 && (
            <Select
              label={en.newTicket.form}
              placeholder={en.newTicket.noForm}
              data={forms.map((f) => ({ value: String(f.id), label: f.name }))}
              value={draft.formId}
              onChange={(formId) => set({ formId })}
              clearable
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" disabled={!ready} loading={create.isPending}>
              {en.newTicket.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
