import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { TicketsModule } from '../tickets/tickets.module';
import { PortalLinkController } from './portal-link.controller';
import { PortalLinks } from './portal-links';
import { PortalService } from './portal.service';
import { PublicController } from './public.controller';
import { PublicRateLimiter } from './public-rate-limiter';

/** Minting and checking magic links; importable by any role (e.g. to put a link in an email). */
@Module({ providers: [PortalLinks], exports: [PortalLinks] })
export class PortalLinksModule {}

/** Customers without accounts: the contact form and magic-link conversations. */
@Module({
  imports: [CustomersModule, TicketsModule, PortalLinksModule],
  controllers: [PublicController, PortalLinkController],
  providers: [PortalService, PublicRateLimiter],
})
export class PortalModule {}
