import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { en } from '../i18n/en';
import { useCopyPortalLink } from './tickets.api';

/** Copies the customer's magic link to this ticket (GET /tickets/:id/portal-link). */
export function PortalLinkButton({ ticketId }: { ticketId: number }) {
  const copy = useCopyPortalLink(ticketId);
  const click = () =>
    copy.mutate(undefined, {
      onSuccess: (url) => notifications.show({ message: `${en.ticket.portalLinkCopied}: ${url}` }),
    });
  return (
    <Button variant="default" size="xs" onClick={click} loading={copy.isPending}>
      {en.ticket.portalLink}
    </Button>
  );
}
