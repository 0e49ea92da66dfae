import { Module } from '@nestjs/common';
import { SavedViewsController } from './saved-views.controller';
import { SavedViewsService } from './saved-views.service';
import { ViewCounter } from './view-counts';

/** Saved inbox views and their counts. */
@Module({ controllers: [SavedViewsController], providers: [SavedViewsService, ViewCounter] })
export class ViewsModule {}
