import { Module } from '@nestjs/common';
import {
  CustomerFieldsController,
  OrganizationFieldsController,
  TicketFieldsController,
  TicketFormsController,
} from './custom-fields.controller';
import { CustomFieldsRepository } from './custom-fields.repository';
import { CustomFieldsService } from './custom-fields.service';
import { TicketFormsRepository } from './ticket-forms.repository';
import { TicketFormsService } from './ticket-forms.service';

/** Field and form definitions, for every role that writes records with custom fields. */
@Module({
  providers: [CustomFieldsRepository, TicketFormsRepository, CustomFieldsService, TicketFormsService],
  exports: [CustomFieldsService, TicketFormsService],
})
export class CustomFieldsModule {}

/** Role api: the field and form routes. */
@Module({
  imports: [CustomFieldsModule],
  controllers: [TicketFieldsController, CustomerFieldsController, OrganizationFieldsController, TicketFormsController],
})
export class CustomFieldsApiModule {}
