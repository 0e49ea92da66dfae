import type { Socket } from 'socket.io-client';

/** Server → client "this changed" events (backend/src/realtime/realtime.publisher.ts, minus `type`). */
export interface ServerEvents {
  'ticket.created': (e: { ticketId: number }) => void;
  'ticket.updated': (e: { ticketId: number; fields: string[] }) => void;
  'message.created': (e: { ticketId: number; messageId: number; internal: boolean }) => void;
  presence: (e: { ticketId: number; viewers: Viewer[] }) => void;
  /** For this user only: a new entry of their bell (its NotificationView). */
  'notification.created': (e: { id: number; ticketId: number }) => void;
}
export interface ClientEvents {
  'presence:join': (e: { ticketId: number }) => void;
  'presence:leave': (e: { ticketId: number }) => void;
  'presence:typing': (e: { ticketId: number; typing: boolean }) => void;
}
export interface Viewer {
  userId: number;
  name: string;
  typing: boolean;
}

export type AppSocket = Socket<ServerEvents, ClientEvents>;

let socket: AppSocket | null = null;
let pending: Promise<AppSocket> | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/**
 * The tab's one Socket.IO connection (same origin, authenticated by the session cookie), made on
 * first call; later calls get the same one until `closeSocket`. socket.io-client (~12 KB
 * gzipped) is loaded then, not with the app: the inbox paints without it. Rejects only if that
 * code cannot be loaded.
 */
export function connectSocket(): Promise<AppSocket> {
  if (pending) return pending;
  const made: Promise<AppSocket> = import('socket.io-client').then(({ io }) => {
    // WebSocket only: the api runs several replicas behind a Service without sticky sessions,
    // where long-polling's follow-up requests could land on another replica. Not connected
    // when the tab closed it while its code was loading.
    const s: AppSocket = io({
      path: '/socket.io/',
      withCredentials: true,
      transports: ['websocket'],
      autoConnect: pending === made,
    });
    if (pending !== made) return s;
    socket = s;
    s.on('connect', notify);
    s.on('disconnect', notify);
    s.on('connect_error', notify);
    return s;
  });
  pending = made;
  made.catch(() => pending === made && (pending = null));
  return made;
}

/** Closes the connection (signing out, leaving the agent UI); the next `connectSocket` makes a new one. */
export function closeSocket() {
  socket?.close();
  socket = null;
  pending = null;
  notify();
}

export const subscribeConnection = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
export const isConnected = () => socket?.connected ?? false;
