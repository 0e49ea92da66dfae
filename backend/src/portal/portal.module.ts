import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { MailboxesModule } from '../mail-in/mailboxes/mailboxes.module';
import { TicketsModule } from '../tickets/tickets.module';
import { PortalLinkController } from './portal-link.controller';
import { PortalLinks } from './portal-links';
import { PortalRepository } from './portal.repository';
import { PortalService } from './portal.service';
import { PublicController } from './public.controller';
import { PublicRateLimiter } from './public-rate-limiter';

/** Minting and checking magic links; importable by any role (e.g. to put a link in an email). */
@Module({ providers: [PortalLinks], exports: [PortalLinks] })
export class PortalLinksModule {}

/** Customers without accounts: the contact form and magic-link conversations. */
@Module({
  imports: [MailboxesModule, TicketsModule, PortalLinksModule, AttachmentsModule, CustomFieldsModule],
  controllers: [PublicController, PortalLinkController],
  providers: [PortalService, PortalRepository, PublicRateLimiter],
})
export class PortalModule {}
