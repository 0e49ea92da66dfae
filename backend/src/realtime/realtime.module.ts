import { Global, Module } from '@nestjs/common';
import { RealtimePublisher } from './realtime.publisher';
import { RealtimeSubscriber } from './realtime.subscriber';

/** Every role publishes: ticket events (RealtimeSubscriber) and outbox deliveries reach browsers through Redis. */
@Global()
@Module({ providers: [RealtimePublisher, RealtimeSubscriber], exports: [RealtimePublisher] })
export class RealtimeModule {}
