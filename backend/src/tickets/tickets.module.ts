import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { TicketsBulkController } from './tickets-bulk.controller';
import { TicketsBulkService } from './tickets-bulk.service';
import { TicketsController } from './tickets.controller';
import { TicketCountsCompactor } from './ticket-counts-compactor.service';
import { TicketsService } from './tickets.service';

@Module({
  imports: [CustomersModule, OutboxModule],
  controllers: [TicketsController, TicketsBulkController],
  providers: [TicketsService, TicketsBulkService],
  exports: [TicketsService],
})
export class TicketsModule {}

/** Role worker: background upkeep of ticket data. */
@Module({ providers: [TicketCountsCompactor], exports: [TicketCountsCompactor] })
export class TicketsWorkerModule {}
