import { Inject, Injectable } from '@nestjs/common';
import type { DNSResolver } from 'mailauth';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { SenderAuth, VerifyEnvelope, verifySender } from './sender-auth';

/** The DNS resolver sender verification asks; tests give one that answers from a zone of their own. */
export const DNS_RESOLVER = Symbol('DNS_RESOLVER');

/**
 * Sender verification as the smtp role runs it at receipt (SMTP_VERIFY_SENDERS,
 * SMTP_VERIFY_TIMEOUT_MS): see {@link verifySender}. Returns null when it is turned off.
 */
@Injectable()
export class SenderVerifier {
  private readonly mta: string;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DNS_RESOLVER) private readonly resolver: DNSResolver,
  ) {
    this.mta = config.mail.domain ?? config.mail.defaultMailbox.split('@')[1];
  }

  async verify(raw: Buffer, envelope: VerifyEnvelope): Promise<SenderAuth | null> {
    const { verifySenders, verifyTimeoutMs } = this.config.smtp;
    if (!verifySenders) return null;
    return verifySender(raw, envelope, { resolver: this.resolver, mta: this.mta, timeoutMs: verifyTimeoutMs });
  }
}
