import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { SavedViewsController } from './saved-views.controller';
import { SavedViewsRepository } from './saved-views.repository';
import { SavedViewsService } from './saved-views.service';
import { ViewCounter } from './view-counts';

/** Saved inbox views and their counts. */
@Module({
  imports: [TicketsModule],
  controllers: [SavedViewsController],
  providers: [SavedViewsService, SavedViewsRepository, ViewCounter],
})
export class ViewsModule {}
