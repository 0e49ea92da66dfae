import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { invalidateTicket, invalidateTicketLists, keys } from '../api/keys';
import { closeSocket, getSocket, isConnected, subscribeConnection } from './socket';

/** Whether live events are arriving; screens poll instead while they are not. */
export const useLiveConnected = () => useSyncExternalStore(subscribeConnection, isConnected);

/** While the socket is down, lists and tickets refresh on this interval instead. */
export const FALLBACK_POLL_MS = 10_000;

/**
 * Turns the server's "this changed" events into refetches of what is on screen, by the same rule
 * as the agent's own changes (api/keys.ts). List refreshes are coalesced: a burst of mail costs
 * one refetch, not one per message.
 */
export function useLiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    let listTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshLists = () => {
      if (listTimer) return;
      listTimer = setTimeout(() => {
        listTimer = null;
        void invalidateTicketLists(qc);
      }, 300);
    };
    const refreshTicket = ({ ticketId }: { ticketId: number }) => {
      void invalidateTicket(qc, ticketId);
      refreshLists();
    };
    // A message that @-mentions agents refreshes the mentions inbox and its count (the server sends only ids).
    const refreshMessage = (e: { ticketId: number; mentions?: number[] }) => {
      refreshTicket(e);
      if (e.mentions?.length) void qc.invalidateQueries({ queryKey: keys.mentions });
    };
    // The bell: the event is this user's own, so its list and badge refetch.
    const refreshNotifications = () => void qc.invalidateQueries({ queryKey: keys.notifications });
    // After a reconnect, whatever happened meanwhile was missed: refetch everything shown.
    const resync = () => void qc.invalidateQueries();
    socket.on('ticket.created', refreshLists);
    socket.on('ticket.updated', refreshTicket);
    socket.on('message.created', refreshMessage);
    socket.on('notification.created', refreshNotifications);
    socket.io.on('reconnect', resync);
    return () => {
      if (listTimer) clearTimeout(listTimer);
      socket.off('ticket.created', refreshLists);
      socket.off('ticket.updated', refreshTicket);
      socket.off('message.created', refreshMessage);
      socket.off('notification.created', refreshNotifications);
      socket.io.off('reconnect', resync);
      closeSocket();
    };
  }, [qc]);
}
