import { createHash } from 'node:crypto';
import type { ParsedInbound } from './parsed-mail';

/** What the content identity of a message is made of. */
export type FingerprintInput = Pick<ParsedInbound, 'from' | 'date' | 'subject' | 'text' | 'html' | 'attachments'>;

/** Whitespace-insensitive text: NFC, every run of whitespace one space, trimmed. */
const normalise = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * The content identity of a message, as a hex SHA-256 over, in order: the From address
 * (lower-cased), the Date (as UTC milliseconds; empty when missing or unparsable), the
 * subject and the body text (the text part, else the HTML with its tags removed), both
 * with whitespace normalised, and the SHA-256 of each attachment's bytes, sorted.
 *
 * Left out on purpose, because a redelivery of the same message may change them on the
 * way: trace and transport headers (Received, Return-Path, Delivered-To, DKIM and ARC
 * signatures, X- headers), the envelope, To and Cc (list expansion, Bcc copies), MIME
 * boundaries, transfer encodings and line wrapping (a relay may re-encode 8-bit as
 * quoted-printable), and header folding.
 */
export function contentFingerprint(mail: FingerprintInput): string {
  const body = mail.text.trim() ? mail.text : (mail.html ?? '').replace(/<[^>]*>/g, ' ');
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? String(mail.date.getTime()) : '';
  const files = mail.attachments.map((a) => createHash('sha256').update(a.content).digest('hex')).sort();
  const h = createHash('sha256');
  // Length-prefixed fields: no value can run into the next.
  for (const field of [
    mail.from?.address.toLowerCase() ?? '',
    date,
    normalise(mail.subject),
    normalise(body),
    ...files,
  ])
    h.update(`${Buffer.byteLength(field)}:${field}\n`);
  return h.digest('hex');
}

/** A message already stored in the receiving mailbox with the same Message-ID. */
export interface StoredCandidate {
  id: number;
  /** Its content fingerprint; null for a message stored before fingerprints were kept. */
  fingerprint: string | null;
}

export type DuplicateVerdict =
  /** The same message delivered again (MTA retry after a lost 250, a Bcc copy, a re-fetch): fold into `of`. */
  | { kind: 'redelivery'; of: number }
  /** Another message: store it, even when it reuses a Message-ID already seen. */
  | { kind: 'new'; reusesMessageId: boolean };

/**
 * Redelivery or new mail. Only the same Message-ID *and* the same content
 * ({@link contentFingerprint}) is a redelivery; a message reusing a Message-ID with other
 * content (another sender, another text, another date: broken mailers mint constant ids,
 * and forgers copy them) is new and must be stored. A candidate without a fingerprint
 * never matches: storing a copy twice costs a duplicate, dropping a different mail loses it.
 * @param candidates the stored messages of the receiving mailbox with the incoming Message-ID.
 */
export function duplicateVerdict(fingerprint: string, candidates: StoredCandidate[]): DuplicateVerdict {
  const same = candidates.find((c) => c.fingerprint === fingerprint);
  return same ? { kind: 'redelivery', of: same.id } : { kind: 'new', reusesMessageId: candidates.length > 0 };
}

/**
 * A Message-ID for mail that has none (RFC 5322 makes it optional), from its content, so
 * that a redelivery of it still folds: `<fp.<fingerprint>@helpdesk.invalid>`.
 */
export const syntheticMessageId = (fingerprint: string) => `<fp.${fingerprint}@helpdesk.invalid>`;
