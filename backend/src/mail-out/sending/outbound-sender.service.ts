import { Inject, Injectable, Logger } from '@nestjs/common';
import { AttachmentsRepository } from '../../attachments/attachments.repository';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { LOOP_HEADER } from '../../mail/loop-header';
import { RealtimePublisher } from '../../realtime/realtime.publisher';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { DkimKeysService } from '../dkim/dkim-keys.service';
import { OutboundSendRow, OutboxRepository } from '../outbox/outbox.repository';
import { RELAY_SETTING } from '../relay/relay-settings.service';
import { MailTransport, SendFailure } from '../transports/mail-transport';
import { buildMime } from './outbound-mime';
import { SendCaps } from './send-caps.service';
import { TransportPool } from './transport-pool';

/**
 * A row found `sending` for longer than this was left by a worker that died during the
 * send (nodemailer's own timeouts, and the HTTP transports' per-request timeout and bounded
 * throttling waits, end a live call well before it).
 */
export const SENDING_LEASE_SECONDS = 600;

export interface SendOutcome {
  status: 'sent' | 'failed' | 'held' | 'queued' | 'sending' | 'skipped';
  /** True when the job should run again later (a temporary failure, or another attempt in flight). */
  retry?: boolean;
  reason?: string | null;
}

/**
 * Sends one outbox row through its transport (the mailbox's own: SMTP, Microsoft Graph, the
 * Gmail API; else the global relay) and records what happened, so that a job run twice never
 * sends twice what the transport already accepted:
 *   1. a row that is sent, failed or held is left alone;
 *   2. the attempt is committed (`sending`, attempts + 1, the transport) before the send;
 *   3. the transport's answer is committed after it.
 * The MIME is built here (nodemailer's composer) and DKIM-signed for the relay and SMTP
 * when the From domain has a key; every transport sends those bytes unchanged. A permanent
 * refusal (an SMTP 5xx, an HTTP 4xx, credentials refused) ends it (`failed`); a 4xx of
 * SMTP, throttling or a connection problem returns it to `queued` and the job retries with
 * exponential backoff until its attempts run out.
 *
 * The one ambiguous moment is a crash after the relay's 250 and before step 3: the
 * row stays `sending`. We choose at-least-once: once the lease has passed, the row is
 * sent again, with the same signed Message-ID, so the recipient's systems can tell the
 * copy for what it is. Losing a customer's answer silently is worse than a rare copy.
 */
@Injectable()
export class OutboundSender {
  private readonly logger = new Logger(OutboundSender.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly attachments: AttachmentsRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly caps: SendCaps,
    private readonly realtime: RealtimePublisher,
    private readonly secrets: SecretKeyService,
    private readonly transports: TransportPool,
    private readonly dkim: DkimKeysService,
  ) {}

  async send(id: number, finalAttempt: boolean): Promise<SendOutcome> {
    // One round trip for the row, whether it has files, the relay, its mailbox's transport and its DKIM key.
    const row = await this.outbox.forSending(id, SENDING_LEASE_SECONDS, RELAY_SETTING);
    if (!row) return { status: 'skipped', reason: 'no such outbound message' };
    if (['sent', 'failed', 'held'].includes(row.status)) return { status: 'skipped', reason: `already ${row.status}` };
    if (row.in_flight) return { status: 'sending', retry: true, reason: 'another attempt is sending it' };

    let transport: MailTransport | null;
    try {
      transport = this.transports.for(row, this.config.outbound.relayUrl ?? row.saved_relay);
    } catch (e) {
      // Settings only an admin can fix: the mail waits (the sweeper tries it again), nothing is lost.
      return this.wait(id, (e as Error).message);
    }
    if (!transport) return this.wait(id, 'no relay configured');

    if (row.auto_submitted && !row.caps_released) {
      const cap = await this.caps.take(id, { ticketId: row.ticket_id, recipient: row.to_addresses[0], kind: row.kind });
      if (cap) {
        await this.outbox.hold(id, `held: over the cap of ${cap}`);
        return { status: 'held', reason: cap };
      }
    }

    // Step 2: only one attempt claims the row; an interrupted one (lease passed) is claimed again.
    const attempt = await this.outbox.claim(id, SENDING_LEASE_SECONDS, transport.kind);
    if (attempt === null) return { status: 'sending', retry: true, reason: 'another attempt claimed it' };
    const resent = row.status === 'sending';
    if (resent)
      this.logger.warn(`outbound ${id}: an earlier attempt was interrupted mid-send; sending again (at-least-once)`);

    let result;
    try {
      const raw = await this.mime(row, transport);
      result = await transport.send(raw, { from: row.from_address, to: [...row.to_addresses, ...row.cc_addresses] });
    } catch (e) {
      const failure = e instanceof SendFailure ? e : new SendFailure((e as Error).message, false);
      return this.recordFailure(row, failure, attempt, finalAttempt);
    }
    // Step 3.
    const notes = [
      ...(result.rejected.length ? [`the relay refused ${result.rejected.join(', ')}`] : []),
      ...(resent ? ['sent again after an interrupted attempt (the recipient may get two copies)'] : []),
    ];
    await this.outbox.markSent(id, notes.join('; ') || null, result.response || null);
    await this.announce(row);
    return { status: 'sent', reason: notes.join('; ') || null };
  }

  private async wait(id: number, reason: string): Promise<SendOutcome> {
    await this.outbox.noteWaiting(id, reason);
    return { status: 'queued', reason };
  }

  private async recordFailure(
    row: OutboundSendRow,
    e: SendFailure,
    attempts: number,
    finalAttempt: boolean,
  ): Promise<SendOutcome> {
    const answer = e.message.slice(0, 1000);
    let outcome: SendOutcome & { status: 'failed' | 'queued'; reason: string };
    if (e.permanent) outcome = { status: 'failed', reason: answer };
    else if (finalAttempt) outcome = { status: 'failed', reason: `gave up after ${attempts} attempts: ${answer}` };
    else outcome = { status: 'queued', retry: true, reason: `attempt ${attempts} failed, will retry: ${answer}` };
    await this.outbox.markAttemptFailed(row.id, outcome.status, outcome.reason, e.response);
    if (outcome.status === 'failed') await this.announce(row);
    return outcome;
  }

  /** A reply's delivery shows on its message: tell browsers showing the ticket. */
  private async announce(row: OutboundSendRow) {
    if (row.message_id && row.ticket_id)
      await this.realtime.publish({ type: 'ticket.updated', ticketId: row.ticket_id, fields: ['delivery'] });
  }

  /** The row's MIME, DKIM-signed when we send it ourselves (relay, SMTP) and its From domain has a key. */
  private async mime(row: OutboundSendRow, transport: MailTransport): Promise<Buffer> {
    const files = row.has_attachments ? await this.attachments.ofMessage(row.message_id!) : [];
    const raw = await buildMime(row, files, { name: LOOP_HEADER, value: this.secrets.mac('loop', 'instance') });
    if (transport.providerSigns || !row.dkim_domain || !row.dkim_selector || !row.dkim_private_key) return raw;
    return this.dkim.sign(raw, { domain: row.dkim_domain, selector: row.dkim_selector, sealed: row.dkim_private_key });
  }
}
