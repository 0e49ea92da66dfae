import { Injectable } from '@nestjs/common';
import { onCommit, Transactions, Tx } from '../../database/transactions';
import { LOOP_HEADER } from '../../mail/loop-header';
import { MailFlag } from '../../mail/mail-flags';
import { inboundProcessing } from '../../metrics/metrics';
import { subjectTicketNumber, TicketTokens } from '../../mail/ticket-tokens';
import { OutboxService } from '../../mail-out/outbox/outbox.service';
import { RealtimePublisher } from '../../realtime/realtime.publisher';
import { LockedTicket, TicketLookupRepository } from '../../tickets/ticket-lookup.repository';
import { TicketsService } from '../../tickets/tickets.service';
import { agentMailDecision } from '../auth/agent-mail';
import { MailAuthSettingsService } from '../auth/mail-auth-settings.service';
import { isTrustedRelay } from '../auth/trusted-relays';
import { Mailbox } from '../mailboxes/mailbox.view';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { RawMailOffloader } from '../spool/raw-mail-offloader';
import { SpoolRepository, SpoolRow } from '../spool/spool.repository';
import { bounceFailure } from './bounce-report';
import { classify } from './classify';
import { contentFingerprint, duplicateVerdict, syntheticMessageId } from './duplicate';
import { parseMail, ParsedInbound } from './parsed-mail';
import { chooseRequester } from './requester';
import { splitReply } from './reply-splitter';

export interface ProcessOutcome {
  status: 'processed' | 'rejected' | 'skipped';
  ticketId?: number;
  messageId?: number;
  reason?: string;
}

interface Prepared {
  mail: ParsedInbound;
  mailbox: Mailbox;
  /** Plus-address tokens of our recipients (reply tokens, when they verify). */
  tokens: string[];
  fromAddress: string;
  /** Who the message is for when a customer wrote it (the requester rule, requester.ts). */
  requester: { address: string; name?: string };
  flags: MailFlag[];
  followers: string[];
}

/** Rolls back an attempt whose spool row another attempt of the same job processed meanwhile. */
class ClaimedElsewhere extends Error {}

/**
 * Turns one spooled message into a ticket or a message on an existing ticket, through
 * the ticket domain service, in one transaction with marking the spool row processed.
 * Idempotent: a row that is no longer `received` is skipped, and of two attempts at once
 * only the first to commit keeps its work (SpoolRepository.markDone); the
 * same Message-ID in one mailbox is one message. What the mail means (its mailbox, its
 * thread, whether it is automatic or ours) is decided here; what it does to the ticket,
 * there.
 */
@Injectable()
export class InboundProcessor {
  constructor(
    private readonly spool: SpoolRepository,
    private readonly transactions: Transactions,
    private readonly mailboxes: MailboxesService,
    private readonly tickets: TicketsService,
    private readonly lookup: TicketLookupRepository,
    private readonly realtime: RealtimePublisher,
    private readonly outbox: OutboxService,
    private readonly tokens: TicketTokens,
    private readonly offloader: RawMailOffloader,
    private readonly mailAuth: MailAuthSettingsService,
  ) {}

  async process(inboundId: number): Promise<ProcessOutcome> {
    const row = await this.spool.forProcessing(inboundId);
    if (!row) return { status: 'skipped', reason: 'no such spool row' };
    if (row.status !== 'received') return { status: 'skipped', reason: `already ${row.status}` };
    // Parsing and lookups that need no lock happen before the transaction, so it holds
    // its connection only for the writes.
    const prepared = await this.prepare(row);
    let outcome: ProcessOutcome;
    try {
      outcome = await this.transactions.run(async (tx) => {
        const result =
          'rejected' in prepared
            ? { status: 'rejected' as const, reason: prepared.rejected }
            : await this.store(tx, row, prepared);
        // The row is claimed by this last write (no lock up front: one round trip less per mail).
        if (!(await this.spool.markDone(tx, row.id, result))) throw new ClaimedElsewhere();
        return result;
      });
    } catch (e) {
      if (e instanceof ClaimedElsewhere) return { status: 'skipped', reason: 'processed by another attempt' };
      throw e;
    }
    inboundProcessing.observe((Date.now() - row.received_at.getTime()) / 1000);
    await this.offloader.processed(row);
    return outcome;
  }

  /** Everything decided from the message alone: parse, mailbox, tokens, noise flags, our own mail. */
  private async prepare(row: SpoolRow): Promise<Prepared | { rejected: string }> {
    const mail = await parseMail(row.raw);
    const recipients = [...row.envelope_to, ...mail.to, ...mail.cc];
    let mailbox: Mailbox | null = null;
    const tokens: string[] = [];
    const others: string[] = [];
    for (const address of new Set(recipients)) {
      const resolved = await this.mailboxes.resolve(address);
      if (!resolved) {
        others.push(address);
        continue;
      }
      mailbox ??= resolved.mailbox;
      if (resolved.token) tokens.push(resolved.token);
    }
    if (!mailbox) return { rejected: 'no recipient is a mailbox of this help desk' };

    // Mail we sent ourselves, coming back: never a ticket (that is how loops start).
    if (
      mail.headers.get(LOOP_HEADER) !== undefined ||
      (mail.messageId && this.tokens.ticketOfMessageId(mail.messageId) !== null)
    ) {
      return { rejected: 'our own mail came back (loop protection)' };
    }
    const fromAddress = mail.from?.address ?? (row.envelope_from || 'unknown@invalid');
    if (await this.mailboxes.isOwnAddress(fromAddress)) return { rejected: `sent from our own address ${fromAddress}` };
    const flags = classify(
      mail.headers,
      row.envelope_from,
      fromAddress,
      mail.contentType,
      mail.replyTo.map((a) => a.address),
    );
    // CC'd people who may become followers: not us, not the sender.
    const followers = others.filter((a) => a !== fromAddress && (mail.to.includes(a) || mail.cc.includes(a)));
    return {
      mail,
      mailbox,
      tokens,
      fromAddress,
      requester: await this.requester(mail, row, fromAddress),
      flags,
      followers,
    };
  }

  private async store(
    tx: Tx,
    row: SpoolRow,
    p: Prepared,
  ): Promise<ProcessOutcome & { status: 'processed' | 'rejected' }> {
    const { mail, mailbox, tokens, fromAddress, flags } = p;
    // Only the same Message-ID with the same content is the same mail again (an MTA retry
    // after a lost 250, a second MX hop); a different mail reusing a Message-ID is stored.
    const fingerprint = contentFingerprint(mail);
    const messageId = mail.messageId ?? syntheticMessageId(fingerprint);
    const known = await this.lookup.knownMail(tx, mailbox.id, messageId, fromAddress);
    const verdict = duplicateVerdict(fingerprint, known.stored);
    if (verdict.kind === 'redelivery') {
      const same = known.stored.find((m) => m.id === verdict.of)!;
      return {
        status: 'processed',
        ticketId: same.ticketId,
        messageId: same.id,
        reason: 'redelivery: the same message (Message-ID and content) is already on the ticket',
      };
    }

    let thread: LockedTicket | null;
    let mentions: number | null = null;
    if (flags.includes('bounce')) {
      const bounced = await this.bouncedTicket(tx, mail, mailbox.id);
      if (!bounced) return { status: 'rejected', reason: 'a bounce for a message this help desk did not send' };
      thread = bounced.ticket;
      // A bounce of our own mail marks that mail failed (a delay warning does not).
      const failure = bounceFailure(mail);
      if (failure) {
        const tickets = await this.outbox.markBounced(tx, bounced.messageIds, failure);
        onCommit(tx, {
          after: async () => {
            for (const ticketId of tickets)
              await this.realtime.publish({ type: 'ticket.updated', ticketId, fields: ['delivery'] });
          },
        });
      }
    } else {
      const found = await this.findThread(tx, mail, tokens, mailbox.id, fromAddress, flags, known.agentId);
      thread = found.ticket;
      mentions = found.mentioned ?? null;
    }

    const authored = await this.authorship(tx, row, flags, known.agentId);
    const { flags: storedFlags } = authored;
    // A third party's answer to our forward (a vendor) is for the agents: an internal message, never on the
    // portal nor quoted to the customer, and the people it copies do not become the customer's followers.
    const refs = [mail.inReplyTo, ...mail.references].filter((x): x is string => !!x);
    const answersForward =
      !known.agentId &&
      thread !== null &&
      authored.visibility === 'public' &&
      (await this.lookup.answersForward(tx, thread, refs, fromAddress));
    const visibility = answersForward ? 'internal' : authored.visibility;
    const body = this.bodies(mail);
    const stored = await this.tickets.addInboundMessage(tx, {
      inboundId: row.id,
      thread,
      mentions,
      from: known.agentId ? { address: fromAddress, name: mail.from?.name } : p.requester,
      agentId: known.agentId,
      mailboxId: mailbox.id,
      groupId: mailbox.defaultGroupId,
      subject: mail.subject,
      visibility,
      bodyText: body.visible,
      fullText: body.full,
      html: mail.html,
      attachments: mail.attachments,
      mail: {
        messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        from: fromAddress,
        to: mail.to,
        cc: mail.cc,
        flags: storedFlags,
        fingerprint,
      },
      followers: answersForward ? [] : p.followers,
    });
    const reason = verdict.reusesMessageId
      ? 'reuses a Message-ID already seen, with other content: stored as new mail'
      : undefined;
    return { status: 'processed', ...stored, reason };
  }

  /**
   * The requester by the requester rule (chooseRequester: From, else the one Reply-To person
   * of a no-reply sender, …, never a bounce address or ours); From as written when no
   * header names anyone we may answer (the classifier has flagged such mail automatic).
   */
  private async requester(mail: ParsedInbound, row: SpoolRow, fromAddress: string) {
    const named = [...mail.fromAll, ...mail.replyTo, ...(mail.sender ? [mail.sender] : [])].map((a) => a.address);
    const own = new Set<string>();
    for (const address of new Set([...named, row.envelope_from.toLowerCase()]))
      if (address && (await this.mailboxes.isOwnAddress(address))) own.add(address);
    const choice = chooseRequester(
      { from: mail.fromAll, sender: mail.sender, replyTo: mail.replyTo, envelopeFrom: row.envelope_from },
      (address) => own.has(address),
    );
    return choice.requester
      ? { address: choice.requester.address, name: choice.requester.name || undefined }
      : { address: fromAddress, name: mail.from?.name };
  }

  /**
   * Who may speak through this message. Mail from an agent's address is theirs only when
   * its sender is verified (DMARC pass, RFC 7489, or a trusted relay) and a person wrote it
   * (agentMailDecision): else an internal note flagged `unverified_sender`, or kept with its
   * automatic flags, never mailed to anyone nor counted as the agent's response (inbound
   * agent mail never stamps first_response_at). A bounce is an internal note too.
   */
  private async authorship(
    tx: Tx,
    row: SpoolRow,
    flags: MailFlag[],
    agentId: number | null,
  ): Promise<{ visibility: 'public' | 'internal'; flags: MailFlag[] }> {
    if (!agentId) return { visibility: flags.includes('bounce') ? 'internal' : 'public', flags };
    const { trustedRelays } = await this.mailAuth.get(tx);
    const decision = agentMailDecision({
      flags,
      dmarc: row.auth_dmarc,
      trustedRelay: isTrustedRelay(row.peer_ip, trustedRelays),
    });
    return {
      visibility: decision.visibility,
      flags: decision.flag === 'unverified_sender' ? [...flags, 'unverified_sender'] : flags,
    };
  }

  /**
   * Threading, first hit wins (DESIGN.md 2.5): our signed Message-IDs in In-Reply-To /
   * References; a signed reply token in a recipient; the customer's own Message-IDs
   * within this mailbox when the sender takes part (or both are mailing-list mail); the
   * [#number] tag for participants.
   * Never the subject text alone.
   */
  private async findThread(
    tx: Tx,
    mail: ParsedInbound,
    tokens: string[],
    mailboxId: number,
    from: string,
    flags: MailFlag[],
    agentId: number | null,
  ): Promise<{ ticket: LockedTicket | null; mentioned?: number }> {
    // An agent's mail threads only into a ticket their scope reaches; elsewhere it starts its own.
    const agentMay = async (t: LockedTicket) => !agentId || (await this.lookup.agentReaches(tx, t, agentId));
    const refs = [mail.inReplyTo, ...[...mail.references].reverse()].filter((x): x is string => !!x);
    for (const ref of refs) {
      const id = this.tokens.ticketOfMessageId(ref);
      const t = id !== null && (await this.lookup.lockById(tx, id));
      if (t && (await agentMay(t))) return { ticket: t };
    }
    for (const token of tokens) {
      const id = this.tokens.ticketOfReplyToken(token);
      const t = id !== null && (await this.lookup.lockById(tx, id));
      if (t && (await agentMay(t))) return { ticket: t };
    }
    if (refs.length) {
      const parent = await this.lookup.closestAncestor(tx, mailboxId, refs);
      const t = parent && (await this.lookup.lockById(tx, parent.ticket_id));
      // Mailing-list threads stay together whoever writes: both sides are list mail, never a customer's private ticket.
      const listThread = parent?.list && flags.includes('list');
      if (t && (agentId ? await agentMay(t) : listThread || (await this.lookup.takesPart(tx, t, from))))
        return { ticket: t };
    }
    const number = subjectTicketNumber(mail.subject);
    if (number !== null) {
      const t = await this.lookup.lockByNumber(tx, number);
      if (t && (agentId ? await agentMay(t) : await this.lookup.takesPart(tx, t, from))) return { ticket: t };
      if (t && !agentId) return { ticket: null, mentioned: t.id };
    }
    return { ticket: null };
  }

  /** A bounce belongs to the ticket of the message it bounces, named in the embedded original. */
  private async bouncedTicket(
    tx: Tx,
    mail: ParsedInbound,
    mailboxId: number,
  ): Promise<{ ticket: LockedTicket; messageIds: string[] } | null> {
    const embedded = mail.attachments
      .filter((a) => /^(message\/rfc822|text\/rfc822-headers|message\/rfc822-headers)/i.test(a.contentType))
      .flatMap((a) => [...a.content.toString('utf8').matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) => m[1]));
    const candidates = [
      ...embedded,
      ...[...mail.text.matchAll(/^message-id:\s*(<[^>\s]+>)/gim)].map((m) => m[1]),
      mail.inReplyTo,
    ].filter((x): x is string => !!x);
    for (const id of candidates) {
      const ours = this.tokens.ticketOfMessageId(id);
      const t =
        ours !== null ? await this.lookup.lockById(tx, ours) : await this.lookup.lockByMessageId(tx, mailboxId, id);
      if (t) return { ticket: t, messageIds: candidates };
    }
    return null;
  }

  private bodies(mail: ParsedInbound) {
    const full =
      mail.text.trim() ||
      (mail.html
        ? mail.html
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
        : '');
    const split = splitReply(full);
    const note = mail.parseError
      ? `[This message could not be parsed as MIME (${mail.parseError}); it is shown as received.]\n\n`
      : '';
    return { visible: note + (split.visible || '(no text)'), full: split.quoted ? full : null };
  }
}
