import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { get } from '../api/client';
import { en } from '../i18n/en';

/** Copies the customer's magic link to this ticket (GET /tickets/:id/portal-link). */
export function PortalLinkButton({ ticketId }: { ticketId: number }) {
  const copy = useMutation({
    mutationFn: async () => {
      const { url } = await get<{ url: string }>(`/api/v1/tickets/${ticketId}/portal-link`);
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      return url;
    },
    onSuccess: (url) => notifications.show({ message: `${en.ticket.portalLinkCopied}: ${url}` }),
    onError: (e: Error) => notifications.show({ color: 'red', message: e.message }),
  });
  return (
    <Button variant="default" size="xs" onClick={() => copy.mutate()} loading={copy.isPending}>
      {en.ticket.portalLink}
    </Button>
  );
}
