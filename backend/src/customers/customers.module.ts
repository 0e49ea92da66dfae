import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';

/** Customers for every role that writes tickets. */
@Module({ providers: [CustomersRepository], exports: [CustomersRepository] })
export class CustomersModule {}

/** Role api: the customers routes. */
@Module({ imports: [CustomersModule], controllers: [CustomersController], providers: [CustomersService] })
export class CustomersApiModule {}
