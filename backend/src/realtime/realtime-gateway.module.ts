import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { PresenceStore } from './presence.store';
import { RealtimeGateway } from './realtime.gateway';
import { SocketAuthenticator } from './socket-authenticator';

/** Role api: the Socket.IO endpoint browsers connect to (the publisher is in RealtimeModule, for every role). */
@Module({ imports: [TicketsModule], providers: [RealtimeGateway, SocketAuthenticator, PresenceStore] })
export class RealtimeGatewayModule {}
