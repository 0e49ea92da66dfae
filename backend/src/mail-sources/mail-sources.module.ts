import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { MailSourcesController } from './mail-sources.controller';
import { MailSourcesRepository } from './mail-sources.repository';
import { MailSourcesService } from './mail-sources.service';
import { SourceRegistry } from './source-registry.service';
import {
  DEFAULT_ENDPOINTS,
  SOURCE_ALERTS,
  SOURCE_ENDPOINTS,
  SOURCE_SINK,
  SourceAlerts,
  SourceEndpoints,
  SourceSink,
} from './source-ports';

/** Mailbox sources as stored and shown: every role that shows or reads mailboxes. */
@Module({
  providers: [MailSourcesRepository, MailSourcesService],
  exports: [MailSourcesRepository, MailSourcesService],
})
export class MailSourcesModule {}

/** Role api: the failures of a source, for admins. */
@Module({ imports: [MailSourcesModule], controllers: [MailSourcesController] })
export class MailSourcesApiModule {}

export interface MailSourcesWorkerOptions {
  /** Modules providing what `sink` and `alerts` need. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The spool (mail-in). */
  sink: Type<SourceSink>;
  /** Admin notices (mail-out). */
  alerts: Type<SourceAlerts>;
  /** Tests point the connectors at stand-ins of Microsoft Graph and Gmail. */
  endpoints?: Partial<SourceEndpoints>;
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
        { provide: SOURCE_ENDPOINTS, useValue: { ...DEFAULT_ENDPOINTS, ...o.endpoints } },
      ],
      exports: [SourceRegistry],
    };
  }
}
