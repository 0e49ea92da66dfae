import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DNSResolver } from 'mailauth';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { cachingResolver } from './sender-auth';
import { DNS_RESOLVER, SenderVerifier } from './sender-verifier.service';

export interface MailAuthModuleOptions {
  /** Only tests pass their own (code, never configuration): otherwise the system's DNS, cached. */
  resolver?: DNSResolver;
}

/** Sender verification (SPF, DKIM, DMARC, ARC) for whichever role receives mail. */
@Global()
@Module({})
export class MailAuthModule {
  static forRoot(options: MailAuthModuleOptions = {}): DynamicModule {
    return {
      module: MailAuthModule,
      providers: [
        {
          provide: DNS_RESOLVER,
          inject: [CONFIG],
          // One query may take a third of the whole verification's time, at most a second.
          useFactory: (config: Config) =>
            options.resolver ?? cachingResolver(Math.min(1000, Math.ceil(config.smtp.verifyTimeoutMs / 3))),
        },
        SenderVerifier,
      ],
      exports: [SenderVerifier],
    };
  }
}
