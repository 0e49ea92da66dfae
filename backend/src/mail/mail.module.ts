import { Module } from '@nestjs/common';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SecretKeyService } from '../secrets/secret-key.service';
import { TicketTokens } from './ticket-tokens';

/**
 * The mail vocabulary mail-in and mail-out share: the signed Message-IDs and reply
 * tokens of `TicketTokens`, under the installation's secret key and mail domain.
 */
@Module({
  providers: [
    {
      provide: TicketTokens,
      inject: [SecretKeyService, CONFIG],
      useFactory: (secrets: SecretKeyService, config: Config) =>
        new TicketTokens(secrets, config.mail.domain ?? config.mail.defaultMailbox.split('@')[1]),
    },
  ],
  exports: [TicketTokens],
})
export class MailModule {}
