import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { invalidateTicket, invalidateTicketLists, keys } from '../api/keys';
import { AppSocket, closeSocket, connectSocket, isConnected, subscribeConnection } from './socket';

/** Whether live events are arriving; screens poll instead while they are not. */
export const useLiveConnected = () => useSyncExternalStore(subscribeConnection, isConnected);

/** While the socket is down, lists and tickets refresh on this interval instead. */
export const FALLBACK_POLL_MS = 10_000;

/** The longest the connection waits for the first screen's data (a screen that keeps fetching). */
const FIRST_SCREEN_WAIT_MS = 3000;

/**
 * Calls `fn` once the first screen's data has arrived and the browser is idle (so after its
 * paint), or after FIRST_SCREEN_WAIT_MS at the latest: what the agent sees first does not wait
 * for the realtime code. Returns a cancel function.
 */
function afterFirstScreen(qc: QueryClient, fn: () => void): () => void {
  let over = false;
  let scheduled = false;
  let idle = 0;
  let fallback = 0;
  const latest = window.setTimeout(() => run(), FIRST_SCREEN_WAIT_MS);
  const cancel = () => {
    over = true;
    unsubscribe();
    clearTimeout(latest);
    clearTimeout(fallback);
    if (idle) cancelIdleCallback(idle);
  };
  const run = () => {
    if (over) return;
    cancel();
    fn();
  };
  const whenIdle = () => {
    if (over || scheduled || qc.isFetching() > 0) return;
    scheduled = true;
    // Safari has no requestIdleCallback.
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: 1000 });
    else fallback = window.setTimeout(run, 100);
  };
  const unsubscribe = qc.getQueryCache().subscribe(whenIdle);
  // Nothing to wait for: the first screen was served from the cache.
  queueMicrotask(whenIdle);
  return cancel;
}

/**
 * Turns the server's "this changed" events into refetches of what is on screen, by the same rule
 * as the agent's own changes (api/keys.ts). List refreshes are coalesced: a burst of mail costs
 * one refetch, not one per message. Connects after the first screen has painted; whatever was
 * fetched before the connection (or before a reconnect) is fetched again, so no change made
 * meanwhile is missed.
 */
export function useLiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    let detach: (() => void) | undefined;
    let closed = false;
    const cancelWait = afterFirstScreen(qc, () => {
      // Without the realtime code (a deploy replaced it since this page loaded) screens poll.
      connectSocket().then(
        (socket) => {
          if (!closed) detach = listen(qc, socket);
        },
        (e: unknown) => console.warn('live updates unavailable:', e),
      );
    });
    return () => {
      closed = true;
      cancelWait();
      detach?.();
      closeSocket();
    };
  }, [qc]);
}

/** The first parts of the query keys (api/keys.ts) whose data live events refresh. */
const LIVE_DATA = new Set<string>([
  keys.ticketLists[0],
  keys.views[0],
  keys.ticket(0)[0],
  keys.mentions[0],
  keys.notifications[0],
]);

/** Subscribes to the socket's events; returns the unsubscribe function. */
function listen(qc: QueryClient, socket: AppSocket): () => void {
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
  // What was fetched before a connection may have changed unseen: on the first connection the
  // data live events cover (tickets, lists, counts, mentions, the bell), after a reconnect
  // everything shown (the server may have restarted with other settings).
  let reconnect = false;
  const resync = () => {
    const connectedAt = Date.now();
    const live = reconnect ? null : LIVE_DATA;
    reconnect = true;
    void qc.invalidateQueries({
      predicate: (q) => q.state.dataUpdatedAt < connectedAt && (!live || live.has(String(q.queryKey[0]))),
    });
  };
  socket.on('ticket.created', refreshLists);
  socket.on('ticket.updated', refreshTicket);
  socket.on('message.created', refreshMessage);
  socket.on('notification.created', refreshNotifications);
  socket.on('connect', resync);
  // Connected before these listeners (the ticket page's presence made the socket first).
  if (socket.connected) resync();
  return () => {
    if (listTimer) clearTimeout(listTimer);
    socket.off('ticket.created', refreshLists);
    socket.off('ticket.updated', refreshTicket);
    socket.off('message.created', refreshMessage);
    socket.off('notification.created', refreshNotifications);
    socket.off('connect', resync);
  };
}
