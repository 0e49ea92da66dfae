import { DynamicModule, Module } from '@nestjs/common';
import { MailboxesModule } from '../mail-in/mailboxes/mailboxes.module';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { DnsLookup, systemDnsLookup } from './dns-check';
import { SetupController } from './setup.controller';
import { DNS_LOOKUP, SetupService } from './setup.service';

export interface SetupModuleOptions {
  /** Only tests pass their own (code, never configuration): otherwise the system's DNS. */
  dnsLookup?: DnsLookup;
}

/** Role api: the setup checklist and the "can mail go out" answer. */
@Module({})
export class SetupModule {
  static forRoot(options: SetupModuleOptions = {}): DynamicModule {
    return {
      module: SetupModule,
      imports: [MailboxesModule, OutboxModule],
      controllers: [SetupController],
      providers: [SetupService, { provide: DNS_LOOKUP, useFactory: () => options.dnsLookup ?? systemDnsLookup(2000) }],
    };
  }
}
