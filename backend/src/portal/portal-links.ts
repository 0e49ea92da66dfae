import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../auth/tokens';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SecretKeyService } from '../secrets/secret-key.service';

/**
 * How long a link works. Long enough to come back to a conversation from an old email,
 * short enough that a forwarded or leaked link does not open a ticket forever; any
 * agent can hand out a fresh one (GET /api/v1/tickets/:id/portal-link).
 */
export const PORTAL_LINK_DAYS = 90;

export interface PortalGrant {
  ticketId: number;
  customerId: number;
}

/**
 * Magic links to a ticket's public conversation, for its requester: nothing stored,
 * the token is `<ticket>-<customer>-<expiry>-<HMAC of the three>` under the help
 * desk's secret key. It names the requester, so changing a ticket's requester retires
 * every link handed out before. Dashes only: the UI route must not look like a file.
 */
@Injectable()
export class PortalLinks {
  constructor(
    private readonly secrets: SecretKeyService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  mint(grant: PortalGrant, now = Date.now()): { token: string; expiresAt: Date } {
    const expires = Math.floor(now / 1000) + PORTAL_LINK_DAYS * 86_400;
    const payload = `${grant.ticketId}-${grant.customerId}-${expires.toString(36)}`;
    return { token: `${payload}-${this.sign(payload)}`, expiresAt: new Date(expires * 1000) };
  }

  /** The ticket and requester a token grants; 404 for anything forged or malformed, 410 once expired. */
  verify(token: string): PortalGrant {
    const m = /^(\d{1,15})-(\d{1,15})-([0-9a-z]{1,10})-([0-9a-f]{32})$/.exec(token);
    if (!m || !safeEqual(m[4], this.sign(`${m[1]}-${m[2]}-${m[3]}`)))
      throw new NotFoundException('This link is not valid');
    if (parseInt(m[3], 36) * 1000 < Date.now()) {
      throw new GoneException(
        'This link has expired; reply to our last email or use the contact form to reach us again',
      );
    }
    return { ticketId: Number(m[1]), customerId: Number(m[2]) };
  }

  /**
   * The page a customer opens: under HELPDESK_PUBLIC_URL, or else the address this
   * request came to. Without either (a background job, no HELPDESK_PUBLIC_URL) there is
   * no address to give: null.
   */
  url(token: string, req: FastifyRequest): string;
  url(token: string, req?: FastifyRequest): string | null;
  url(token: string, req?: FastifyRequest): string | null {
    const base = this.config.http.publicUrl ?? (req ? `${req.protocol}://${req.host}` : null);
    return base && `${base}/portal/${token}`;
  }

  private sign(payload: string) {
    return this.secrets.mac('portal', payload, 32);
  }
}
