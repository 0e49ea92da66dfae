import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CustomersModule } from '../customers/customers.module';
import { GroupsModule } from '../groups/groups.module';
import { UsersModule } from '../users/users.module';
import { TicketCountsCompactor } from './ticket-counts-compactor.service';
import { TicketCountsRepository } from './ticket-counts.repository';
import { TicketLookupRepository } from './ticket-lookup.repository';
import { TicketQueries } from './ticket-queries.service';
import { TicketsBulkController } from './tickets-bulk.controller';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** The ticket domain service, for every role that changes tickets (api, worker); no routes. */
@Module({
  imports: [CustomersModule, UsersModule, GroupsModule, AttachmentsModule],
  providers: [TicketsService, TicketsRepository, TicketLookupRepository, TicketCountsRepository],
  exports: [TicketsService, TicketsRepository, TicketLookupRepository, TicketCountsRepository],
})
export class TicketsModule {}

/** Role api: the tickets routes. */
@Module({
  imports: [TicketsModule],
  controllers: [TicketsController, TicketsBulkController],
  providers: [TicketQueries],
})
export class TicketsApiModule {}

/** Role worker: background upkeep of ticket data. */
@Module({ imports: [TicketsModule], providers: [TicketCountsCompactor], exports: [TicketCountsCompactor] })
export class TicketsWorkerModule {}
