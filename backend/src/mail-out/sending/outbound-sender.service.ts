import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { AttachmentsRepository } from '../../attachments/attachments.repository';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { LOOP_HEADER } from '../../mail/loop-header';
import { RealtimePublisher } from '../../realtime/realtime.publisher';
import { OutboundSendRow, OutboxRepository } from '../outbox/outbox.repository';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { maskRelayUrl } from '../relay/relay-url';
import { RELAY_SETTING } from '../relay/relay-settings.service';
import { SendCaps } from './send-caps.service';

/**
 * A row found `sending` for longer than this was left by a worker that died during the
 * SMTP call (nodemailer's own timeouts end a live call well before it).
 */
export const SENDING_LEASE_SECONDS = 600;

export interface SendOutcome {
  status: 'sent' | 'failed' | 'held' | 'queued' | 'sending' | 'skipped';
  /** True when the job should run again later (a temporary failure, or another attempt in flight). */
  retry?: boolean;
  reason?: string | null;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Errors that no retry fixes even without a 5xx: the message itself is unsendable. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS']);

/**
 * Sends one outbox row through the relay and records what happened, so that a job run
 * twice never sends twice what the relay already accepted:
 *   1. a row that is sent, failed or held is left alone;
 *   2. the attempt is committed (`sending`, attempts + 1) before the SMTP call;
 *   3. the relay's answer is committed after it.
 * A 5xx ends it (`failed`); a 4xx or a connection problem returns it to `queued` and
 * the job retries with exponential backoff until its attempts run out.
 *
 * The one ambiguous moment is a crash after the relay's 250 and before step 3: the
 * row stays `sending`. We choose at-least-once: once the lease has passed, the row is
 * sent again, with the same signed Message-ID, so the recipient's systems can tell the
 * copy for what it is. Losing a customer's answer silently is worse than a rare copy.
 */
@Injectable()
export class OutboundSender implements OnModuleDestroy {
  private readonly logger = new Logger(OutboundSender.name);
  private relay?: { url: string; transport: Transporter };

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly attachments: AttachmentsRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly caps: SendCaps,
    private readonly realtime: RealtimePublisher,
    private readonly secrets: SecretKeyService,
  ) {}

  onModuleDestroy() {
    this.relay?.transport.close();
  }

  async send(id: number, finalAttempt: boolean): Promise<SendOutcome> {
    // One round trip for the row, whether it has files, and the relay to use.
    const row = await this.outbox.forSending(id, SENDING_LEASE_SECONDS, RELAY_SETTING);
    if (!row) return { status: 'skipped', reason: 'no such outbound message' };
    if (['sent', 'failed', 'held'].includes(row.status)) return { status: 'skipped', reason: `already ${row.status}` };
    if (row.in_flight) return { status: 'sending', retry: true, reason: 'another attempt is sending it' };

    const relay = { url: this.config.outbound.relayUrl ?? row.saved_relay };
    if (!relay.url) {
      await this.outbox.noteWaiting(id, 'no relay configured');
      return { status: 'queued', reason: 'no relay configured' };
    }

    if (row.auto_submitted && !row.caps_released) {
      const cap = await this.caps.take(id, { ticketId: row.ticket_id, recipient: row.to_addresses[0], kind: row.kind });
      if (cap) {
        await this.outbox.hold(id, `held: over the cap of ${cap}`);
        return { status: 'held', reason: cap };
      }
    }

    // Step 2: only one attempt claims the row; an interrupted one (lease passed) is claimed again.
    const attempt = await this.outbox.claim(id, SENDING_LEASE_SECONDS);
    if (attempt === null) return { status: 'sending', retry: true, reason: 'another attempt claimed it' };
    const resent = row.status === 'sending';
    if (resent)
      this.logger.warn(`outbound ${id}: an earlier attempt was interrupted mid-send; sending again (at-least-once)`);

    let info: { response?: string; rejected?: (string | Mail.Address)[] };
    try {
      info = await this.transport(relay.url).sendMail(await this.message(row));
    } catch (e) {
      return this.recordFailure(row, e as SmtpError, attempt, finalAttempt);
    }
    // Step 3.
    const rejected = (info.rejected ?? []).map((a) => (typeof a === 'string' ? a : a.address));
    const notes = [
      ...(rejected.length ? [`the relay refused ${rejected.join(', ')}`] : []),
      ...(resent ? ['sent again after an interrupted attempt (the recipient may get two copies)'] : []),
    ];
    await this.outbox.markSent(id, notes.join('; ') || null, info.response ?? null);
    await this.announce(row);
    return { status: 'sent', reason: notes.join('; ') || null };
  }

  private async recordFailure(
    row: OutboundSendRow,
    e: SmtpError,
    attempts: number,
    finalAttempt: boolean,
  ): Promise<SendOutcome> {
    const answer = (e.response ?? e.message).slice(0, 1000);
    const permanent =
      (e.responseCode !== undefined && e.responseCode >= 500) || (e.code !== undefined && PERMANENT_CODES.has(e.code));
    let outcome: SendOutcome & { status: 'failed' | 'queued'; reason: string };
    if (permanent) outcome = { status: 'failed', reason: answer };
    else if (finalAttempt) outcome = { status: 'failed', reason: `gave up after ${attempts} attempts: ${answer}` };
    else outcome = { status: 'queued', retry: true, reason: `attempt ${attempts} failed, will retry: ${answer}` };
    await this.outbox.markAttemptFailed(row.id, outcome.status, outcome.reason, e.response ?? null);
    if (outcome.status === 'failed') await this.announce(row);
    return outcome;
  }

  /** A reply's delivery shows on its message: tell browsers showing the ticket. */
  private async announce(row: OutboundSendRow) {
    if (row.message_id && row.ticket_id)
      await this.realtime.publish({ type: 'ticket.updated', ticketId: row.ticket_id, fields: ['delivery'] });
  }

  private async message(row: OutboundSendRow): Promise<Mail.Options> {
    const attachments = row.has_attachments ? await this.attachments.ofMessage(row.message_id!) : [];
    const headers: Record<string, string> = {
      // Asks Exchange and friends not to answer us with out-of-office or read receipts.
      'X-Auto-Response-Suppress': 'All',
      // Names this installation without revealing anything about it.
      [LOOP_HEADER]: this.secrets.mac('loop', 'instance'),
    };
    if (row.auto_submitted) headers['Auto-Submitted'] = row.auto_submitted;
    if (row.auto_submitted === 'auto-generated') headers['Precedence'] = 'bulk';
    return {
      from: { name: row.from_name, address: row.from_address },
      to: row.to_addresses,
      cc: row.cc_addresses.length ? row.cc_addresses : undefined,
      replyTo: row.reply_to ?? undefined,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      messageId: row.mail_message_id,
      inReplyTo: row.in_reply_to ?? undefined,
      references: row.mail_references.length ? row.mail_references : undefined,
      // Bounces come back to the mailbox, where the inbound side matches them to this mail.
      envelope: { from: row.from_address, to: [...row.to_addresses, ...row.cc_addresses] },
      headers,
      attachments: attachments.map((a) => ({
        filename: a.filename,
        contentType: a.content_type,
        content: a.data,
        cid: a.content_id ?? undefined,
        contentDisposition: a.inline ? 'inline' : 'attachment',
      })),
    };
  }

  /** One pooled transport per relay URL; a new URL (an admin changed it) replaces it. */
  private transport(url: string): Transporter {
    if (this.relay?.url !== url) {
      this.relay?.transport.close();
      this.logger.log(`sending through ${maskRelayUrl(url)}`);
      this.relay = {
        url,
        transport: createTransport({
          url,
          pool: true,
          maxConnections: 5,
          maxMessages: 100,
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        } as Parameters<typeof createTransport>[0]),
      };
    }
    return this.relay.transport;
  }
}
