import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AttachmentsRepository, MailAttachmentRow } from '../../attachments/attachments.repository';
import { isDependencyUnavailable } from '../../common/unavailable';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { LOOP_HEADER } from '../../mail/loop-header';
import { outboundDeliveries } from '../../metrics/metrics';
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

/** How long a claim of unknown fate is watched for a late commit once the database answers again. */
const CLAIM_WATCH_SECONDS = 15;

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
 * Each claim carries a token, so an attempt whose claim statement failed midway (the
 * database went away: did it commit?) releases its own claim once the database answers.
 * The one ambiguous moment left is a crash after the relay's 250 and before step 3: the
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

    // Composed (and DKIM-signed) before the claim: files the store cannot give now leave the row
    // queued for a retry, without spending an attempt.
    let files: MailAttachmentRow[];
    try {
      files = row.has_attachments
        ? [
            ...(row.message_id ? await this.attachments.ofMessage(row.message_id) : []),
            ...(row.forwarded_attachment_ids.length ? await this.attachments.byIds(row.forwarded_attachment_ids) : []),
          ]
        : [];
    } catch (e) {
      const reason = `its attachments cannot be read now: ${(e as Error).message}`;
      await this.outbox.noteWaiting(id, reason);
      return { status: 'queued', retry: true, reason };
    }
    let raw: Buffer;
    try {
      raw = await this.mime(row, files, transport);
    } catch (e) {
      // A DKIM key that cannot be opened or used: an admin fixes it; the mail waits, nothing is lost.
      return { ...(await this.wait(id, `its message cannot be built: ${(e as Error).message}`)), retry: true };
    }

    // Step 2: only one attempt claims the row; an interrupted one (lease passed) is claimed again.
    const claim = randomUUID();
    const attempt = await this.outbox
      .claim(id, SENDING_LEASE_SECONDS, claim, transport.kind)
      .catch(async (e: unknown) => {
        // Nothing was sent, but the claim may have committed (the database went away mid-statement):
        // release it once the database answers, or the mail would wait out the whole lease.
        if (isDependencyUnavailable(e)) await this.releaseUnknownClaim(id, claim);
        throw e;
      });
    if (attempt === null) return { status: 'sending', retry: true, reason: 'another attempt claimed it' };
    const resent = row.status === 'sending';
    if (resent)
      this.logger.warn(`outbound ${id}: an earlier attempt was interrupted mid-send; sending again (at-least-once)`);

    let result;
    try {
      result = await transport.send(raw, { from: row.from_address, to: [...row.to_addresses, ...row.cc_addresses] });
    } catch (e) {
      const failure = e instanceof SendFailure ? e : new SendFailure((e as Error).message, false);
      return this.recordFailure(row, claim, failure, attempt, finalAttempt);
    }
    // Step 3.
    const notes = [
      ...(result.rejected.length ? [`the relay refused ${result.rejected.join(', ')}`] : []),
      ...(resent ? ['sent again after an interrupted attempt (the recipient may get two copies)'] : []),
    ];
    // The transport has it: this must be recorded, or the row is sent again once its lease passes.
    await this.untilRecorded(id, () =>
      this.outbox.markSent(id, claim, notes.join('; ') || null, result.response || null),
    );
    outboundDeliveries.inc({ result: 'sent' });
    await this.announce(row);
    return { status: 'sent', reason: notes.join('; ') || null };
  }

  /**
   * Gives back a claim whose statement failed on our side only (a client timeout while the
   * server was frozen or slow). The server may still run that statement after our release
   * (a frozen backend resumes what it had received, possibly after a statement on another
   * connection), so the row is watched for CLAIM_WATCH_SECONDS after the database answers and
   * released again if the claim lands late. A claim landing later still waits out the lease.
   */
  private async releaseUnknownClaim(id: number, claim: string): Promise<void> {
    let released = false;
    await this.untilRecorded(id, async () => (released = await this.outbox.releaseClaim(id, claim)));
    for (let s = 0; s < CLAIM_WATCH_SECONDS && !released; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      released = await this.outbox.releaseClaim(id, claim).catch(() => false);
    }
  }

  private async wait(id: number, reason: string): Promise<SendOutcome> {
    await this.outbox.noteWaiting(id, reason);
    return { status: 'queued', reason };
  }

  /**
   * Runs the write that records the relay's answer, again and again while the database is
   * unavailable (a restart, a failover), for up to most of the sending lease: given up
   * sooner, the mail the relay accepted would be sent a second time.
   */
  private async untilRecorded(id: number, write: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + (SENDING_LEASE_SECONDS - 60) * 1000;
    for (let wait = 500; ; wait = Math.min(wait * 2, 15_000)) {
      try {
        await write();
        return;
      } catch (e) {
        if (!isDependencyUnavailable(e) || Date.now() + wait > deadline) throw e;
        if (wait === 500) this.logger.warn(`outbound ${id}: sent, but the database cannot record it yet; retrying`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async recordFailure(
    row: OutboundSendRow,
    claim: string,
    e: SendFailure,
    attempts: number,
    finalAttempt: boolean,
  ): Promise<SendOutcome> {
    const answer = e.message.slice(0, 1000);
    let outcome: SendOutcome & { status: 'failed' | 'queued'; reason: string };
    if (e.permanent) outcome = { status: 'failed', reason: answer };
    else if (finalAttempt) outcome = { status: 'failed', reason: `gave up after ${attempts} attempts: ${answer}` };
    else outcome = { status: 'queued', retry: true, reason: `attempt ${attempts} failed, will retry: ${answer}` };
    await this.untilRecorded(row.id, () =>
      this.outbox.markAttemptFailed(row.id, claim, outcome.status, outcome.reason, e.response),
    );
    outboundDeliveries.inc({ result: outcome.status === 'failed' ? 'failed' : 'retry' });
    if (outcome.status === 'failed') await this.announce(row);
    return outcome;
  }

  /** A reply's delivery shows on its message: tell browsers showing the ticket. */
  private async announce(row: OutboundSendRow) {
    if (row.message_id && row.ticket_id)
      await this.realtime.publish({ type: 'ticket.updated', ticketId: row.ticket_id, fields: ['delivery'] });
  }

  /** The row's MIME, DKIM-signed when we send it ourselves (relay, SMTP) and its From domain has a key. */
  private async mime(row: OutboundSendRow, files: MailAttachmentRow[], transport: MailTransport): Promise<Buffer> {
    const raw = await buildMime(row, files, { name: LOOP_HEADER, value: this.secrets.mac('loop', 'instance') });
    if (transport.providerSigns || !row.dkim_domain || !row.dkim_selector || !row.dkim_private_key) return raw;
    return this.dkim.sign(raw, { domain: row.dkim_domain, selector: row.dkim_selector, sealed: row.dkim_private_key });
  }
}
