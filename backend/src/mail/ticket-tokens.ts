import { timingSafeEqual } from 'node:crypto';

/** Anything that can HMAC: the SecretKeyService in the app, a fixed key in tests. */
export interface Mac {
  mac(purpose: string, value: string, length?: number): string;
}

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Identifiers we mint and later trust, each carrying an HMAC over the ticket (and
 * message) id, so a guessed or forged id never threads into someone's ticket
 * (FreeScout's GHSA-6r38-6mcf-2ww3 was exactly that).
 */
export class TicketTokens {
  constructor(
    private readonly keys: Mac,
    private readonly domain: string,
  ) {}

  /** `<hd.t12.m34.<mac>@domain>` for a message we send on ticket 12. */
  messageId(ticketId: number, messageId: number): string {
    const body = `t${ticketId}.m${messageId}`;
    return `<hd.${body}.${this.keys.mac('message-id', body)}@${this.domain}>`;
  }

  /**
   * `<hd.t12.a56.<mac>@domain>` for automatic mail (acknowledgements, notifications)
   * on ticket 12: outbox row 56, as no ticket message stands behind it.
   */
  automaticMessageId(ticketId: number, outboundId: number): string {
    const body = `t${ticketId}.a${outboundId}`;
    return `<hd.${body}.${this.keys.mac('message-id', body)}@${this.domain}>`;
  }

  /** `<hd.n56.<mac>@domain>` for a notice about no ticket (outbox row 56), e.g. a mailbox source failing. */
  noticeMessageId(outboundId: number): string {
    const body = `n${outboundId}`;
    return `<hd.${body}.${this.keys.mac('message-id', body)}@${this.domain}>`;
  }

  /** The ticket of one of our Message-IDs, or null when it is not ours or its MAC is wrong. */
  ticketOfMessageId(id: string): number | null {
    const m = /^<?hd\.t(\d+)\.([ma])(\d+)\.([0-9a-f]{16})@[^>]+>?$/i.exec(id.trim());
    if (!m) return null;
    const body = `t${m[1]}.${m[2].toLowerCase()}${m[3]}`;
    return equal(m[4].toLowerCase(), this.keys.mac('message-id', body)) ? Number(m[1]) : null;
  }

  /** The plus-address token for Reply-To: `support+t12.<mac>@example.com`. */
  replyToken(ticketId: number): string {
    return `t${ticketId}.${this.keys.mac('reply-token', String(ticketId), 12)}`;
  }

  replyAddress(mailboxAddress: string, ticketId: number): string {
    const [local, domain] = mailboxAddress.split('@');
    return `${local}+${this.replyToken(ticketId)}@${domain}`;
  }

  ticketOfReplyToken(token: string): number | null {
    const m = /^t(\d+)\.([0-9a-f]{12})$/i.exec(token);
    if (!m) return null;
    return equal(m[2].toLowerCase(), this.keys.mac('reply-token', m[1], 12)) ? Number(m[1]) : null;
  }
}

/** `[#123]` in a subject: the ticket number a reply refers to. */
export function subjectTicketNumber(subject: string): number | null {
  const m = /\[#(\d{1,12})\]/.exec(subject);
  return m ? Number(m[1]) : null;
}
