import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { MailPushController } from './mail-push.controller';
import { MailPushService } from './mail-push.service';
import { MailSourcesController } from './mail-sources.controller';
import { MailSourcesRepository } from './mail-sources.repository';
import { MailSourcesService } from './mail-sources.service';
import { SourceRegistry } from './source-registry.service';
import { SOURCE_ALERTS, SOURCE_SINK, SourceAlerts, SourceSink } from './source-ports';

/** Mailbox sources as stored and shown: every role that shows or reads mailboxes. */
@Module({
  providers: [MailSourcesRepository, MailSourcesService],
  exports: [MailSourcesRepository, MailSourcesService],
})
export class MailSourcesModule {}

/** Role api: the failures of a source, for admins; the providers' change notifications. */
@Module({
  imports: [MailSourcesModule],
  controllers: [MailSourcesController, MailPushController],
  providers: [MailPushService],
})
export class MailSourcesApiModule {}

export interface MailSourcesWorkerOptions {
  /** Modules providing what `sink` and `alerts` need. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The spool (mail-in). */
  sink: Type<SourceSink>;
  /** Admin notices (mail-out). */
  alerts: Type<SourceAlerts>;
}

/** Role worker: one fetcher per source across replicas (see SourceRegistry). */
@Module({})
export class MailSourcesWorkerModule {
  static register(o: MailSourcesWorkerOptions): DynamicModule {
    return {
      module: MailSourcesWorkerModule,
      imports: [MailSourcesModule, ...o.imports],
      providers: [
        SourceRegistry,
        { provide: SOURCE_SINK, useClass: o.sink },
        { provide: SOURCE_ALERTS, useClass: o.alerts },
      ],
      exports: [SourceRegistry],
    };
  }
}
