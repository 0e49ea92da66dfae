import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, linkTo } from '../../api/client';
import { invalidateTicket, keys } from '../../api/keys';
import type { InboundStatus, OutboundStatus } from '../../api/openapi.gen';
import { pagedQuery } from '../../api/paging';
import { notifyError } from '../../ui/notify';
import { useAdminMutation } from './admin-mutation';

// The mail queues: the inbound spool (every message received) and the outbox (every message sent).

/** Received mail, 50 a page, of one status or (null) all. */
export const inboundQuery = (status: InboundStatus | null) =>
  pagedQuery([...keys.admin('inbound'), status], (cursor) =>
    api.GET('/api/v1/inbound', { params: { query: { limit: 50, status: status ?? undefined, cursor } } }),
  );

/** At most this many failed messages are counted for the badge; beyond it shows "100+". */
const FAILED_COUNTED = 100;

/**
 * How many received messages processing gave up on (`failed`, after HELPDESK_INBOUND_MAX_ATTEMPTS),
 * for the admin area's badge: `{ count, more }`, refreshed every minute and after a re-process.
 */
export const useFailedInboundCount = () =>
  useQuery({
    queryKey: [...keys.admin('inbound'), 'failed-count'],
    queryFn: async () => {
      const page = await api.GET('/api/v1/inbound', { params: { query: { limit: FAILED_COUNTED, status: 'failed' } } });
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    refetchInterval: 60_000,
  });

/** Outgoing mail, 50 a page, of one status or (null) all. */
export const outboundQuery = (status: OutboundStatus | null) =>
  pagedQuery([...keys.admin('outbound'), status], (cursor) =>
    api.GET('/api/v1/outbound', { params: { query: { limit: 50, status: status ?? undefined, cursor } } }),
  );

/** The message as received (message/rfc822), for a download link. */
export const rawMessageUrl = (id: number) => linkTo('/api/v1/inbound/{id}/raw', { id });

/** POST /inbound/:id/reprocess: runs a received message through processing again. */
export const useReprocessInbound = () =>
  useAdminMutation(
    (id: number) => api.POST('/api/v1/inbound/{id}/reprocess', { params: { path: { id } } }),
    keys.admin('inbound'),
  );

/**
 * POST /outbound/:id/retry: sends a failed or held message again, from the outbox or from the
 * ticket it belongs to; refreshes both.
 */
export function useRetryOutbound() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.POST('/api/v1/outbound/{id}/retry', { params: { path: { id } } }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: keys.admin('outbound') });
      if (m.ticketId) void invalidateTicket(qc, m.ticketId);
    },
    onError: notifyError,
  });
}
