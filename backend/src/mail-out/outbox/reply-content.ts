import { isForCustomers } from '../../mail/mail-flags';
import type { RenderedSignature } from '../signatures/signature';
import { textToHtml } from '../templates/mail-templates';

export interface QuotedMessage {
  body_text: string;
  /** As JSON aggregates give it (a string), or a Date. */
  created_at: string | Date;
  author: string;
  /** The message's mail flags: auto-replies, bounces and list mail are never quoted. */
  mail_flags: string[];
}

/** Earlier messages quoted under a reply are cut here; the whole thread is in the help desk. */
const QUOTE_LIMIT = 20_000;
/** RFC 5322 asks for the whole chain; long chains are trimmed as RT does (first, then the newest). */
const MAX_REFERENCES = 10;

const quoteText = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

const cut = (s: string) => (s.length > QUOTE_LIMIT ? `${s.slice(0, QUOTE_LIMIT)}\n[…]` : s);

const attribution = (m: QuotedMessage) => `On ${new Date(m.created_at).toUTCString()}, ${m.author} wrote:`;

/**
 * The text and HTML of an emailed reply: the agent's words, the signature (after the `-- `
 * delimiter of RFC 3676 section 4.3, so mail clients can tell it apart), then the earlier
 * public messages (newest first) quoted so the customer can read the conversation. Automatic
 * mail (an out-of-office, a bounce, list mail) is never quoted: it is not the conversation,
 * and an agent's out-of-office carries what the customer must not read. `replyHtml`, the
 * agent's words as rich text (sanitised already), stands for `reply` in the HTML part;
 * without it the HTML part is the text, escaped.
 */
export function composeReply(
  reply: string,
  all: QuotedMessage[],
  signature: RenderedSignature | null = null,
  replyHtml: string | null = null,
): { text: string; html: string } {
  const history = all.filter((m) => isForCustomers(m.mail_flags));
  const text = [
    reply,
    ...(signature ? [`-- \n${signature.text}`] : []),
    ...history.map((m) => `${attribution(m)}\n${quoteText(cut(m.body_text))}`),
  ].join('\n\n');
  const quote = 'margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex';
  const html = [
    `<div>${replyHtml ?? textToHtml(reply)}</div>`,
    ...(signature ? [`<div class="signature">-- <br>\n${signature.html}</div>`] : []),
    ...history.map(
      (m) =>
        `<div>${textToHtml(attribution(m))}</div>\n<blockquote style="${quote}">${textToHtml(cut(m.body_text))}</blockquote>`,
    ),
  ].join('\n<br>\n');
  return { text, html };
}

/**
 * The text and HTML of a forward: the agent's words, then each chosen message (oldest
 * first) under a "Forwarded message" header naming its date and author, as mail clients
 * forward (its files travel as attachments). Nothing is left out by mail flags: the agent
 * chose these messages for a third party.
 */
export function composeForward(
  text: string,
  messages: Pick<QuotedMessage, 'body_text' | 'created_at' | 'author'>[],
): { text: string; html: string } {
  const header = (m: (typeof messages)[number]) =>
    `---------- Forwarded message ----------\nFrom: ${m.author}\nDate: ${new Date(m.created_at).toUTCString()}`;
  const plain = [text, ...messages.map((m) => `${header(m)}\n\n${cut(m.body_text)}`)].join('\n\n');
  const quote = 'margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex';
  const html = [
    `<div>${textToHtml(text)}</div>`,
    ...messages.map(
      (m) =>
        `<div>${textToHtml(header(m))}</div>\n<blockquote style="${quote}">${textToHtml(cut(m.body_text))}</blockquote>`,
    ),
  ].join('\n<br>\n');
  return { text: plain, html };
}

/** `Fwd: <subject>`, without piling up prefixes. */
export const forwardSubject = (subject: string) =>
  /^\s*fwd?\s*:/i.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`;

/** `Re: <subject>`, without piling up prefixes. */
export const replySubject = (subject: string) =>
  /^\s*re\s*:/i.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;

/** The `[#number]` tag that threads a reply back when headers are lost (DESIGN.md 2.5). */
export const withTicketTag = (subject: string, number: number) =>
  subject.includes(`[#${number}]`) ? subject : `${subject} [#${number}]`;

/** References for a mail answering `parent`: its references, then its own id; at most ten. */
export function threadReferences(parentReferences: string[], parentId: string | null): string[] {
  const all = [...new Set([...parentReferences, ...(parentId ? [parentId] : [])])];
  return all.length > MAX_REFERENCES ? [all[0], ...all.slice(all.length - (MAX_REFERENCES - 1))] : all;
}
