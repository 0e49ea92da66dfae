import { ActionIcon, Menu } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../api/types';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
import { ForwardDialog } from './ForwardDialog';
import { useDeleteTicket, useSpam } from './tickets.api';

/**
 * The ticket's menu of triage actions, each confirmed in words that say what happens: mark as
 * spam (closed, nothing sent) or undo it, and delete (to the trash; back to the list after).
 */
export function TicketActions({ ticket, backHref }: { ticket: TicketDetail; backHref: string }) {
  const navigate = useNavigate();
  const [dialog, confirm] = useConfirm();
  const spam = useSpam(ticket.id);
  const remove = useDeleteTicket(ticket.id);
  const [forwarding, setForwarding] = useState(false);
  // The ticket's forward starts with the newest message from the customer checked.
  const newestCustomer = ticket.messages.filter((m) => m.author.type === 'customer' && !m.internal).at(-1);
  return (
    <>
      {dialog}
      {forwarding && (
        <ForwardDialog
          ticket={ticket}
          messageIds={newestCustomer ? [newestCustomer.id] : []}
          onClose={() => setForwarding(false)}
        />
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="sm" aria-label={en.ticket.actions}>
            <span aria-hidden>⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item disabled={ticket.status === 'closed'} onClick={() => setForwarding(true)}>
            {en.ccForward.forwardTicket}
          </Menu.Item>
          {ticket.spam ? (
            <Menu.Item onClick={() => spam.mutate(false)}>{en.ticket.notSpam}</Menu.Item>
          ) : (
            <Menu.Item
              disabled={ticket.status === 'closed'}
              onClick={() =>
                confirm({ ...en.ticket.confirmSpam(ticket.number, ticket.subject), run: () => spam.mutate(true) })
              }
            >
              {en.ticket.markSpam}
            </Menu.Item>
          )}
          <Menu.Item
            color="red"
            onClick={() =>
              confirm({
                ...en.ticket.confirmDelete(ticket.number, ticket.subject),
                run: () => remove.mutate(undefined, { onSuccess: () => navigate(backHref) }),
              })
            }
          >
            {en.ticket.deleteTicket}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
