import { ActionIcon, Menu } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../api/types';
import { en } from '../i18n/en';
import { useConfirm } from '../ui/useConfirm';
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
  return (
    <>
      {dialog}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="sm" aria-label={en.ticket.actions}>
            <span aria-hidden>⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
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
