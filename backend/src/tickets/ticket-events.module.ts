import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DomainEventsRepository } from './domain-events.repository';
import { TicketEventBus } from './ticket-event-bus';

/** One event bus per process, for every role: subscribers anywhere register on the same one. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [TicketEventBus, DomainEventsRepository],
  exports: [TicketEventBus, DomainEventsRepository],
})
export class TicketEventsModule {}
