import { io, Socket } from 'socket.io-client';

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

let socket: Socket<ServerEvents, ClientEvents> | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** One Socket.IO connection per tab, same origin, authenticated by the session cookie. */
export function getSocket(): Socket<ServerEvents, ClientEvents> {
  if (!socket) {
    // WebSocket only: the api runs several replicas behind a Service without sticky sessions,
    // where long-polling's follow-up requests could land on another replica.
    socket = io({ path: '/socket.io/', withCredentials: true, transports: ['websocket'] });
    socket.on('connect', notify);
    socket.on('disconnect', notify);
    socket.on('connect_error', notify);
  }
  return socket;
}

export function closeSocket() {
  socket?.close();
  socket = null;
  notify();
}

export const subscribeConnection = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
export const isConnected = () => socket?.connected ?? false;
