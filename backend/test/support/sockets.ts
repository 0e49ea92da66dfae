import { io, Socket } from 'socket.io-client';

/** Opens a Socket.IO connection the way the UI does; rejects with the server's connect_error. */
export function connectSocket(
  url: string,
  opts: { cookie?: string; token?: string; origin?: string; transports?: ('polling' | 'websocket')[] } = {},
): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const socket = io(url, {
    path: '/socket.io/',
    transports: opts.transports ?? ['websocket'],
    extraHeaders: headers,
    auth: opts.token ? { token: opts.token } : {},
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** Resolves with the next `event` payload that satisfies `match`; rejects after `ms`. */
export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Collects every `event` payload from now on. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

/** Polls `condition` until it holds; rejects after `ms`. */
export async function eventually(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
