import { Global, Module } from '@nestjs/common';
import { SettingsRepository } from './settings.repository';

/** Key-value settings kept in PostgreSQL, for every role. */
@Global()
@Module({ providers: [SettingsRepository], exports: [SettingsRepository] })
export class SettingsModule {}
