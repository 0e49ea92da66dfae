import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { DatabaseHealth } from './database-health';
import { dataSourceOptions } from './data-source';
import { Sql } from './sql';
import { Transactions } from './transactions';

/** The pool (TypeORM's DataSource, used for its migrations and its pool only), SQL for repositories, transactions for services. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({
        ...dataSourceOptions(config.database.url, config.database.poolSize, config.database.queryTimeoutMs),
        retryAttempts: 3,
      }),
    }),
  ],
  providers: [Sql, Transactions, DatabaseHealth],
  exports: [Sql, Transactions, DatabaseHealth],
})
export class DatabaseModule {}
