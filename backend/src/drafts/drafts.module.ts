import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { DraftsController } from './drafts.controller';
import { DraftsRepository } from './drafts.repository';
import { DraftsService } from './drafts.service';

/** Role api: agents' drafts per ticket (the message insert deletes them, in tickets/). */
@Module({ imports: [TicketsModule], controllers: [DraftsController], providers: [DraftsService, DraftsRepository] })
export class DraftsApiModule {}
