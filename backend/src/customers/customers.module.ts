import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';

/** Customers for every role that writes tickets. */
@Module({ providers: [CustomersRepository], exports: [CustomersRepository] })
export class CustomersModule {}

/** Role api: the customers routes. */
@Module({
  imports: [CustomersModule, CustomFieldsModule],
  controllers: [CustomersController],
  providers: [CustomersService],
})
export class CustomersApiModule {}
