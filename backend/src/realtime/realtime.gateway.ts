import { Inject, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
} from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { admits, scopeKey, scopeOf, TicketScope } from '../common/ticket-scope';
import { realtimeConnections } from '../metrics/metrics';
import { REDIS } from '../redis/redis.module';
import { OutageLog } from '../common/outage-log';
import { watchRedis } from '../redis/watch-redis';
import { TicketQueries } from '../tickets/ticket-queries.service';
import { PRESENCE_REFRESH_MS, PresenceStore, TYPING_TTL_MS } from './presence.store';
import { channelFor, REALTIME_CHANNEL, RealtimeEvent } from './realtime.publisher';
import { SocketAuthenticator, SocketCredential } from './socket-authenticator';

/** What a connection carries once authenticated. */
interface SocketState {
  user: { id: number; name: string };
  credential: SocketCredential;
  /** The tickets the user reaches (as at the handshake; a change of it closes the socket, see disconnectRevoked). */
  scope: TicketScope;
  /** Tickets this tab has joined, with when its "typing" fades (0: not typing). */
  tickets: Map<number, number>;
}

/** A tab may watch a few tickets at once (split views), not thousands. */
const MAX_TICKETS_PER_SOCKET = 20;

const room = (ticketId: number) => `ticket:${ticketId}`;
/** Each user's sockets on this replica: events for one person (their notifications). */
const userRoom = (userId: number) => `user:${userId}`;
/** Sockets whose user reaches every ticket: they hear every event without a lookup. */
const ALL_TICKETS_ROOM = 'scope:all';
const state = (socket: Socket) => socket.data as SocketState;

function ticketIdOf(body: unknown): number {
  const id = (body as { ticketId?: unknown } | null)?.ticketId;
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw new WsException('ticketId must be a positive integer');
  return id as number;
}

/**
 * Socket.IO on the api role's own HTTP server (path /socket.io/). Every replica hears
 * the `helpdesk:events` channel and passes each event to its own browsers; presence
 * broadcasts go through the Redis adapter so they reach a ticket's room on every
 * replica. Presence state itself is in Redis (PresenceStore) so a replica that dies
 * takes its tabs with it once their entries go stale.
 */
// Browsers send only small presence messages; the 1 MB default would let anyone signed in make us buffer far more.
@WebSocketGateway({ path: '/socket.io/', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server!: Server;
  private readonly adapterSub: Redis;
  private readonly events: Redis;
  private refreshTimer?: NodeJS.Timeout;
  private stopCounting?: () => void;
  /** The database's outages, as the periodic credential recheck meets them, logged once each. */
  private readonly recheckOutage = new OutageLog(this.logger, 'Rechecking realtime credentials');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly authenticator: SocketAuthenticator,
    private readonly presence: PresenceStore,
    private readonly queries: TicketQueries,
  ) {
    // Subscriber connections skip ioredis' ready check: its INFO races the SUBSCRIBE sent
    // right after connecting, which puts the connection in subscriber mode, fails the check
    // and drops the connection (and the events sent meanwhile).
    this.adapterSub = watchRedis(redis.duplicate({ enableReadyCheck: false }), 'realtime adapter');
    this.events = watchRedis(redis.duplicate({ enableReadyCheck: false }), 'realtime events');
  }

  afterInit(server: Server) {
    server.adapter(createAdapter(this.redis, this.adapterSub, { key: channelFor(this.redis, 'helpdesk:socket.io') }));
    server.use((socket, next) => {
      this.authenticator.authenticate(socket.handshake).then(
        (auth) => {
          if (!auth) return next(new Error('unauthorized'));
          const { principal, credential } = auth;
          const scope = scopeOf(principal);
          socket.data = {
            user: { id: principal.id, name: principal.name },
            credential,
            scope,
            tickets: new Map(),
          } satisfies SocketState;
          if (scope.kind === 'all') void socket.join(ALL_TICKETS_ROOM);
          void socket.join(userRoom(principal.id));
          next();
        },
        (e: Error) => {
          this.logger.warn(`socket authentication failed: ${e.message}`);
          next(new Error('unauthorized'));
        },
      );
    });

    const channel = channelFor(this.redis, REALTIME_CHANNEL);
    this.events.on('message', (_channel: string, raw: string) => this.fanOut(raw));
    this.events
      .subscribe(channel)
      .catch((e: Error) => this.logger.error(`cannot subscribe to ${channel}: ${e.message}`));

    this.refreshTimer = setInterval(
      () => void this.disconnectRevoked().then(() => this.refreshLocalPresence()),
      PRESENCE_REFRESH_MS,
    );
    this.refreshTimer.unref();
    this.stopCounting = realtimeConnections.readFrom(async () => [{ value: server.of('/').sockets.size }]);
  }

  /**
   * Every replica receives each event once and hands it to its own sockets only (the
   * adapter would repeat it per replica). Sockets of scoped agents hear of a ticket only
   * when their scope reaches it, now or before the change (issue 13: nothing hints that
   * a ticket out of scope exists); that takes a lookup, done in order, off the hot path
   * of everyone else.
   */
  private fanOut(raw: string) {
    let event: RealtimeEvent;
    try {
      event = JSON.parse(raw) as RealtimeEvent;
    } catch (e) {
      this.logger.warn(`dropped a malformed realtime event: ${(e as Error).message}`);
      return;
    }
    if (event.type === 'notification.created') {
      // For one person only, whatever their scope (the notification was checked against it when written).
      this.server.local.to(userRoom(event.userId)).emit(event.type, event.notification);
      return;
    }
    const { type, ...payload } = event;
    const was = 'was' in payload ? payload.was : undefined;
    if ('was' in payload) delete payload.was;
    this.server.local.to(ALL_TICKETS_ROOM).emit(type, payload);
    const scoped = [...this.server.sockets.sockets.values()].filter((s) => state(s)?.scope?.kind !== 'all');
    if (!scoped.length) return;
    this.scopedDelivery = this.scopedDelivery.then(async () => {
      try {
        const now = await this.queries.place(event.ticketId);
        const before = now && was ? { ...now, ...was } : null;
        for (const socket of scoped) {
          const { scope } = state(socket);
          if ((now && admits(scope, now)) || (before && admits(scope, before))) socket.emit(type, payload);
        }
      } catch (e) {
        this.logger.warn(`realtime event for scoped agents dropped: ${(e as Error).message}`);
      }
    });
  }

  /** Events for scoped sockets, one after another (so their order holds). */
  private scopedDelivery: Promise<void> = Promise.resolve();

  @SubscribeMessage('presence:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    const ticketId = ticketIdOf(body);
    const s = state(socket);
    // Out of scope is "not found", as over REST: no presence of others, no hint it exists.
    if (s.scope.kind !== 'all' && !s.tickets.has(ticketId) && !(await this.queries.reaches(ticketId, s.scope)))
      throw new WsException(`Ticket ${ticketId} not found`);
    if (!s.tickets.has(ticketId) && s.tickets.size >= MAX_TICKETS_PER_SOCKET) {
      throw new WsException(`a connection may join at most ${MAX_TICKETS_PER_SOCKET} tickets`);
    }
    s.tickets.set(ticketId, s.tickets.get(ticketId) ?? 0);
    await socket.join(room(ticketId));
    await this.presence.put(ticketId, socket.id, s.user, s.tickets.get(ticketId)!);
    await this.broadcast(ticketId);
  }

  @SubscribeMessage('presence:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    const ticketId = ticketIdOf(body);
    if (!state(socket).tickets.delete(ticketId)) return;
    await socket.leave(room(ticketId));
    await this.presence.remove(ticketId, socket.id);
    await this.broadcast(ticketId);
  }

  @SubscribeMessage('presence:typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    const ticketId = ticketIdOf(body);
    const typing = (body as { typing?: unknown }).typing;
    if (typeof typing !== 'boolean') throw new WsException('typing must be true or false');
    const s = state(socket);
    if (!s.tickets.has(ticketId)) throw new WsException('join the ticket before typing on it');
    const until = typing ? Date.now() + TYPING_TTL_MS : 0;
    const wasTyping = s.tickets.get(ticketId)! > Date.now();
    s.tickets.set(ticketId, until);
    await this.presence.put(ticketId, socket.id, s.user, until);
    // Repeated "still typing" only extends the deadline; others need to hear only changes.
    if (wasTyping !== typing) await this.broadcast(ticketId);
  }

  async handleDisconnect(socket: Socket) {
    const s = state(socket);
    if (!s?.tickets) return; // refused during the handshake
    try {
      for (const ticketId of s.tickets.keys()) {
        await this.presence.remove(ticketId, socket.id);
        await this.broadcast(ticketId);
      }
    } catch (e) {
      // Its entries go stale within the presence TTL anyway.
      this.logger.warn(`presence cleanup failed: ${(e as Error).message}`);
    }
    s.tickets.clear();
  }

  private async broadcast(ticketId: number) {
    const { viewers } = await this.presence.viewers(ticketId);
    this.server.to(room(ticketId)).emit('presence', { ticketId, viewers });
  }

  /**
   * Closes sockets whose session ended or token was revoked since the handshake (their
   * next REST call would be refused too), and those whose ticket scope changed (role,
   * scope or groups): the browser reconnects with the scope as it is now.
   */
  private async disconnectRevoked() {
    try {
      const sockets = [...this.server.sockets.sockets.values()].filter((s) => state(s)?.credential);
      if (!sockets.length) return;
      const valid = await this.authenticator.stillValid(sockets.map((s) => state(s).credential));
      for (const socket of sockets) {
        const s = state(socket);
        if (valid.get(s.credential.hash.toString('hex')) !== scopeKey(s.scope)) socket.disconnect(true);
      }
      this.recheckOutage.success();
    } catch (e) {
      this.recheckOutage.failure(e);
    }
  }

  /**
   * Keeps this replica's tabs alive in Redis, lets faded "typing" flags go, and tells a
   * room when tabs of a replica that stopped refreshing (it died) have dropped out.
   */
  private async refreshLocalPresence() {
    try {
      const now = Date.now();
      const changed = new Set<number>();
      for (const socket of this.server.sockets.sockets.values()) {
        const s = state(socket);
        if (!s?.tickets) continue;
        for (const [ticketId, until] of s.tickets) {
          if (until !== 0 && until <= now) {
            s.tickets.set(ticketId, 0);
            changed.add(ticketId);
          }
          await this.presence.put(ticketId, socket.id, s.user, s.tickets.get(ticketId)!);
        }
      }
      const localRooms = [...this.server.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('ticket:'));
      for (const r of localRooms) {
        const ticketId = Number(r.slice('ticket:'.length));
        const { dropped } = await this.presence.viewers(ticketId);
        if (dropped || changed.has(ticketId)) await this.broadcast(ticketId);
      }
    } catch (e) {
      this.logger.warn(`presence refresh failed: ${(e as Error).message}`);
    }
  }

  onModuleDestroy() {
    clearInterval(this.refreshTimer);
    this.stopCounting?.();
  }

  /** After the socket server closed (its adapter unsubscribes through adapterSub). */
  async onApplicationShutdown() {
    for (const r of [this.events, this.adapterSub]) await r.quit().catch(() => r.disconnect());
  }
}
