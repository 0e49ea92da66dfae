import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PROVIDER_ENDPOINTS, ProviderEndpoints } from '../../mail-providers/endpoints';
import { ProviderError } from '../../mail-providers/provider-error';
import type { OutboundSendRow } from '../outbox/outbox.repository';
import { maskRelayUrl } from '../relay/relay-url';
import { MailTransportsService } from '../transports/mail-transports.service';
import { MailTransport, mailboxTransport, SmtpTransport } from '../transports/mail-transport';

/**
 * The transports a worker sends through, kept open between mails: one pooled SMTP transport
 * for the relay (replaced when an admin changes its URL), and one per mailbox with its own
 * transport (replaced when its settings change: the row's `version`).
 */
@Injectable()
export class TransportPool implements OnModuleDestroy {
  private readonly logger = new Logger(TransportPool.name);
  private relay?: { url: string; transport: MailTransport };
  private readonly mailboxes = new Map<number, { version: number; transport: MailTransport }>();

  constructor(
    private readonly transports: MailTransportsService,
    @Inject(PROVIDER_ENDPOINTS) private readonly endpoints: ProviderEndpoints,
  ) {}

  onModuleDestroy() {
    this.relay?.transport.close();
    for (const m of this.mailboxes.values()) m.transport.close();
  }

  /**
   * The transport for the row: its mailbox's own, else the relay at `relayUrl`; null when
   * neither exists (the mail waits for a relay).
   * @throws ProviderError `config` when the mailbox's stored secrets no longer open.
   */
  for(row: OutboundSendRow, relayUrl: string | null): MailTransport | null {
    if (row.mailbox_id !== null && row.transport_type && row.transport_settings) return this.ofMailbox(row);
    if (row.mailbox_id !== null) this.drop(row.mailbox_id);
    return relayUrl ? this.ofRelay(relayUrl) : null;
  }

  private ofRelay(url: string): MailTransport {
    if (this.relay?.url !== url) {
      this.relay?.transport.close();
      this.logger.log(`sending through ${maskRelayUrl(url)}`);
      this.relay = { url, transport: SmtpTransport.relay(url) };
    }
    return this.relay.transport;
  }

  private ofMailbox(row: OutboundSendRow): MailTransport {
    const mailboxId = row.mailbox_id!;
    const version = row.transport_version!;
    const cached = this.mailboxes.get(mailboxId);
    if (cached?.version === version) return cached.transport;
    this.drop(mailboxId);
    let secrets;
    try {
      secrets = this.transports.openSecrets({ mailboxId, secrets: row.transport_secrets });
    } catch (e) {
      throw new ProviderError('config', `the mailbox's transport secrets do not open (${(e as Error).message})`);
    }
    const transport = mailboxTransport(row.transport_settings!, secrets, this.endpoints, (refreshToken) =>
      this.transports.storeRotated(mailboxId, version, { ...secrets, refreshToken }),
    );
    this.logger.log(`mailbox ${mailboxId} sends through its own ${transport.kind} transport`);
    this.mailboxes.set(mailboxId, { version, transport });
    return transport;
  }

  private drop(mailboxId: number) {
    this.mailboxes.get(mailboxId)?.transport.close();
    this.mailboxes.delete(mailboxId);
  }
}
