import { Button, Group, Stack } from '@mantine/core';
import { FormEvent, useState } from 'react';
import type { UpdateTicketDto } from '../../api/openapi.gen';
import type { TicketDetail } from '../../api/types';
import { en } from '../../i18n/en';
import { looksLikeEmail, RequesterChoice, RequesterPicker } from '../RequesterPicker';
import { useUpdateTicket } from '../tickets.api';

/** The PATCH that makes `choice` the requester: a picked customer by id, a typed address by address. */
export function requesterChange(choice: RequesterChoice): UpdateTicketDto {
  if (choice.customerId !== undefined) return { requesterId: choice.customerId };
  const name = choice.name.trim();
  return { requester: { email: choice.email.trim(), ...(name ? { name } : {}) } };
}

/**
 * "Change requester" in the side panel: another customer (searched by name or email) or a
 * new address; saved through PATCH /tickets/:id, which records it in the audit trail.
 */
export function RequesterEditor({ ticket }: { ticket: TicketDetail }) {
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState<RequesterChoice>({ email: '', name: '' });
  const update = useUpdateTicket(ticket.id);
  if (ticket.status === 'closed') return null;
  if (!editing)
    return (
      <Button variant="subtle" size="compact-xs" onClick={() => setEditing(true)} style={{ alignSelf: 'flex-start' }}>
        {en.ticket.changeRequester}
      </Button>
    );
  const close = () => {
    setEditing(false);
    setChoice({ email: '', name: '' });
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (looksLikeEmail(choice.email)) update.mutate(requesterChange(choice), { onSuccess: close });
  };
  return (
    <form onSubmit={save} aria-label={en.ticket.changeRequester}>
      <Stack gap={6}>
        <RequesterPicker value={choice} onChange={setChoice} label={en.ticket.newRequester} autoFocus />
        <Group gap="xs">
          <Button type="submit" size="compact-sm" disabled={!looksLikeEmail(choice.email)} loading={update.isPending}>
            {en.ticket.saveRequester}
          </Button>
          <Button variant="default" size="compact-sm" onClick={close}>
            {en.ticket.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
