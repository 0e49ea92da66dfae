import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source';

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
})
export class DatabaseModule {}
