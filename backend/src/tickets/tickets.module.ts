import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { CustomersModule } from '../customers/customers.module';
import { GroupsModule } from '../groups/groups.module';
import { UsersModule } from '../users/users.module';
import { TicketCountsCompactor } from './ticket-counts-compactor.service';
import { TicketCountsRepository } from './ticket-counts.repository';
import { TicketFieldValuesRepository } from './ticket-field-values.repository';
import { TicketListFilterResolver } from './ticket-list-filters';
import { TicketLookupRepository } from './ticket-lookup.repository';
import { TicketQueries } from './ticket-queries.service';
import { TicketRelationsController } from './ticket-relations.controller';
import { TicketTrashPurger } from './ticket-trash-purger.service';
import { TicketRelationsRepository } from './ticket-relations.repository';
import { TicketsBulkController } from './tickets-bulk.controller';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** The ticket domain service and reads, for every role that works with tickets (api, worker); no routes. */
@Module({
  imports: [CustomersModule, UsersModule, GroupsModule, AttachmentsModule, CustomFieldsModule],
  providers: [
    TicketsService,
    TicketQueries,
    TicketsRepository,
    TicketLookupRepository,
    TicketCountsRepository,
    TicketFieldValuesRepository,
    TicketRelationsRepository,
    TicketListFilterResolver,
  ],
  exports: [
    TicketsService,
    TicketQueries,
    TicketsRepository,
    TicketLookupRepository,
    TicketCountsRepository,
    TicketListFilterResolver,
    // For the routes' queries (TicketsApiModule); lint keeps them inside tickets/.
    TicketFieldValuesRepository,
    TicketRelationsRepository,
  ],
})
export class TicketsModule {}

/** Role api: the tickets routes. */
@Module({
  imports: [TicketsModule],
  controllers: [TicketsController, TicketsBulkController, TicketRelationsController],
})
export class TicketsApiModule {}

/** Role worker: background upkeep of ticket data (counters, the trash). */
@Module({
  imports: [TicketsModule],
  providers: [TicketCountsCompactor, TicketTrashPurger],
  exports: [TicketCountsCompactor, TicketTrashPurger],
})
export class TicketsWorkerModule {}
