import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { CustomersModule } from '../customers/customers.module';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

/** Role api: the organizations routes. */
@Module({
  imports: [CustomersModule, CustomFieldsModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsRepository, OrganizationsService],
})
export class OrganizationsApiModule {}
