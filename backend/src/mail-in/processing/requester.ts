import { isBounceAddress, isNoReplyAddress } from './classify';
import type { MailAddress } from './parsed-mail';

/** The address headers of a message and its envelope, as parsed (addresses lower-cased). */
export interface RequesterInput {
  /** Every From mailbox (RFC 5322 3.6.2 allows several). */
  from: MailAddress[];
  sender: MailAddress | null;
  replyTo: MailAddress[];
  /** SMTP MAIL FROM; '' for the null reverse-path. */
  envelopeFrom: string;
}

export type RequesterSource = 'from' | 'reply-to' | 'sender' | 'envelope';

export interface RequesterChoice {
  /** Who the ticket is for and who is answered; null when no header names anyone we may answer. */
  requester: MailAddress | null;
  source: RequesterSource | null;
  /**
   * The mail was sent for the requester by a machine (a web form's no-reply address, a
   * relay): it is the requester's own message, acknowledged like one. False when the
   * requester is the From sender.
   */
  onBehalf: boolean;
}

/** An address we may make a requester of: well formed, not a bounce sender, not a no-reply one. */
const answerable = (a: MailAddress | null | undefined, isOwn: (address: string) => boolean): a is MailAddress =>
  !!a &&
  /^[^@\s<>]+@[^@\s<>]+$/.test(a.address) &&
  !isBounceAddress(a.address) &&
  !isNoReplyAddress(a.address) &&
  !isOwn(a.address);

/**
 * The requester of a message, first hit wins:
 * 1. From, when it names exactly one person we may answer (the normal case: the author).
 * 2. Reply-To, when From does not (it is a no-reply or bounce sender, names several mailboxes,
 *    or is missing) and Reply-To names exactly one person we may answer: a web form sending
 *    as `noreply@shop` with the visitor in Reply-To (RFC 5322 3.6.2: replies go to Reply-To).
 * 3. The first From mailbox we may answer, when From names several authors.
 * 4. Sender (RFC 5322 3.6.2: the mailbox that sent the message for its authors), when no
 *    author can be answered.
 * 5. The envelope sender (RFC 5321 MAIL FROM), only when there is no From at all (beside a
 *    From, the envelope is where bounces go, often a VERP address), and unless it is null
 *    or a bounce address.
 * 6. From as written, when it is a no-reply sender and nothing above names a person: an
 *    automatic notification; the classifier marks it, so it is stored but never answered.
 * Never a bounce address (MAILER-DAEMON, postmaster) or one of our own addresses (`isOwn`):
 * then null, and the caller decides (a bounce is attached to the ticket it bounces).
 */
export function chooseRequester(m: RequesterInput, isOwn: (address: string) => boolean = () => false): RequesterChoice {
  const usable = (a: MailAddress | null | undefined): a is MailAddress => answerable(a, isOwn);
  const only = (list: MailAddress[]) => (list.length === 1 && usable(list[0]) ? list[0] : null);
  const pick = (requester: MailAddress, source: RequesterSource): RequesterChoice => ({
    requester,
    source,
    onBehalf: source !== 'from',
  });

  const author = only(m.from);
  if (author) return pick(author, 'from');
  const replyTo = only(m.replyTo);
  if (replyTo) return pick(replyTo, 'reply-to');
  const firstAuthor = m.from.find(usable);
  if (firstAuthor) return pick(firstAuthor, 'from');
  if (usable(m.sender)) return pick(m.sender, 'sender');
  const envelope = { address: m.envelopeFrom.toLowerCase(), name: '' };
  if (m.from.length === 0 && m.envelopeFrom && usable(envelope)) return pick(envelope, 'envelope');
  const automated = m.from.find((a) => isNoReplyAddress(a.address) && !isOwn(a.address));
  if (automated) return { requester: automated, source: 'from', onBehalf: false };
  return { requester: null, source: null, onBehalf: false };
}
