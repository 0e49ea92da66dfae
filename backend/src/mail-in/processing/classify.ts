/**
 * What kind of mail this is, from its headers and envelope, so that noise is stored but
 * never answered automatically, never quoted to a customer and never taken for a person's
 * words. Each rule names its source: RFC 3834 (automatic responses), RFC 3464/6522
 * (delivery reports), RFC 2369/2919 (list headers), and what Zammad, RT, FreeScout and
 * osTicket check (shared research, email.md section 2), kept only where it marks mail no
 * person wrote.
 *
 * Rules reviewed and left out, with why:
 * - `X-Auto-Response-Suppress` (any value): Exchange and Outlook put it on people's own
 *   mail; it asks the *receiver* not to auto-reply ([MS-OXCMAIL] 2.2.3.2.14) and says
 *   nothing about how the mail was written. Zammad and osTicket read it as "automatic" and
 *   so file people's replies as auto-replies.
 * - `X-Loop` (any value): procmail and list managers add it to people's mail as it passes
 *   through; our own loop header is checked before classification.
 * - Subject words ("Automatic reply", "Out of office"): people write them too.
 */
import type { MailFlag } from '../../mail/mail-flags';

export interface MailHeaders {
  get(name: string): string | undefined;
}

/** What a rule looks at. */
export interface ClassifyInput {
  headers: MailHeaders;
  /** SMTP MAIL FROM; '' for the null reverse-path `<>`. */
  envelopeFrom: string;
  /** The From address. */
  fromAddress: string;
  /** The top-level Content-Type with its parameters. */
  contentType: string;
  /** The Reply-To addresses. */
  replyTo: string[];
}

export interface ClassifyRule {
  name: string;
  flag: MailFlag;
  /** Where the rule comes from. */
  source: string;
  matches(m: ClassifyInput): boolean;
}

/** A header value's first token, lower-cased, without comments or parameters (`auto-replied; x=y (c)` -> `auto-replied`). */
const token = (v: string | undefined) =>
  (v ?? '')
    .replace(/\([^)]*\)/g, ' ')
    .split(';')[0]
    .trim()
    .toLowerCase();
const localPart = (address: string) => address.split('@')[0]?.toLowerCase() ?? '';
/** A header that says yes by being there, unless its value says no. */
const present = (v: string | undefined) => v !== undefined && !/^(no|false|0|off)$/.test(token(v));
const nullPath = (m: ClassifyInput) =>
  m.envelopeFrom === '' || /^<\s*>$/.test((m.headers.get('return-path') ?? '').trim());
const report = (m: ClassifyInput) =>
  /^multipart\/report\b/i.test(m.contentType)
    ? (/report-type\s*=\s*"?([a-z0-9-]+)/i.exec(m.contentType)?.[1]?.toLowerCase() ?? '')
    : null;

/**
 * Senders that take no answers: `noreply@`, `no-reply@`, `donotreply@`, `do-not-reply@`,
 * also with a suffix (`noreply-billing@`, `no_reply.shop@`).
 */
export const isNoReplyAddress = (address: string) =>
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:[-_.+].*)?$/.test(localPart(address));

/** Bounce senders (RFC 5321 4.5.1 postmaster; MAILER-DAEMON by convention). */
export const isBounceAddress = (address: string) => /^(?:mailer-daemon|postmaster)$/.test(localPart(address));

const BOUNCE_RULES: readonly ClassifyRule[] = [
  {
    name: 'delivery status report',
    flag: 'bounce',
    source: 'RFC 3464 / RFC 6522: multipart/report; report-type=delivery-status',
    matches: (m) => report(m) === 'delivery-status',
  },
  {
    name: 'bounce sender',
    flag: 'bounce',
    source: 'RFC 5321 4.5.1 postmaster, MAILER-DAEMON (RT, osTicket, FreeScout)',
    matches: (m) => isBounceAddress(m.fromAddress),
  },
  {
    name: 'X-Failed-Recipients',
    flag: 'bounce',
    source: 'Exim bounces (osTicket, FreeScout)',
    matches: (m) => (m.headers.get('x-failed-recipients') ?? '').includes('@'),
  },
];

export const CLASSIFY_RULES: readonly ClassifyRule[] = [
  ...BOUNCE_RULES,
  {
    name: 'other machine report',
    flag: 'auto_reply',
    source: 'RFC 6522 reports that are not delivery status: read receipts (RFC 8098), abuse reports (RFC 5965)',
    matches: (m) => report(m) !== null && report(m) !== 'delivery-status',
  },
  {
    name: 'null return path',
    flag: 'auto_reply',
    source: 'RFC 3834 2 (never answer a null return path); RFC 3834 3.3 responders send with one',
    // A delivery report comes from the null path too: it is a bounce, nothing more.
    matches: (m) => nullPath(m) && !BOUNCE_RULES.some((r) => r.matches(m)),
  },
  {
    name: 'Auto-Submitted',
    flag: 'auto_reply',
    source: 'RFC 3834 5: any value but "no" (auto-generated, auto-replied, auto-notified of RFC 5436, extensions)',
    matches: (m) => {
      const v = m.headers.get('auto-submitted');
      return v !== undefined && token(v) !== 'no' && token(v) !== '';
    },
  },
  {
    name: 'Precedence bulk, junk or auto_reply',
    flag: 'auto_reply',
    source: 'RFC 3834 2 (de-facto Precedence), RFC 2076; X-Precedence (osTicket, FreeScout)',
    matches: (m) =>
      /^(bulk|junk|auto_reply)$/.test(token(m.headers.get('precedence') ?? m.headers.get('x-precedence'))),
  },
  {
    name: 'Precedence list',
    flag: 'list',
    source: 'RFC 3834 2, RFC 2076',
    matches: (m) => token(m.headers.get('precedence') ?? m.headers.get('x-precedence')) === 'list',
  },
  {
    name: 'list headers',
    flag: 'list',
    source: 'RFC 2919 List-Id; RFC 2369 List-Post, List-Unsubscribe (also RFC 8058 bulk senders)',
    matches: (m) =>
      m.headers.get('list-id') !== undefined ||
      m.headers.get('list-post') !== undefined ||
      (m.headers.get('list-unsubscribe') ?? '').trim().length >= 3,
  },
  {
    name: 'autoresponder headers',
    flag: 'auto_reply',
    source:
      'X-Autoreply, X-Autorespond, X-Autoresponder, X-Autoresponse, X-AutoReply-From, X-Mail-Autoreply, X-Autogenerated (osTicket, FreeScout)',
    matches: (m) =>
      [
        'x-autoreply',
        'x-autorespond',
        'x-autoresponder',
        'x-autoresponse',
        'x-autoreply-from',
        'x-mail-autoreply',
        'x-autogenerated',
      ].some((h) => present(m.headers.get(h))),
  },
  {
    name: 'Amazon SES notification',
    flag: 'auto_reply',
    source: 'X-AMAZON-MAIL-RELAY-TYPE: NOTIFICATION (osTicket)',
    matches: (m) => token(m.headers.get('x-amazon-mail-relay-type')) === 'notification',
  },
  {
    name: 'Delivered-To autoresponder',
    flag: 'auto_reply',
    source: 'vacation(1) via Postfix (FreeScout)',
    matches: (m) => token(m.headers.get('delivered-to')) === 'autoresponder',
  },
  {
    name: 'no-reply sender without a person to answer',
    flag: 'auto_reply',
    source:
      'RFC 3834 2 (no answers to senders that take none); a form relay naming one person in Reply-To is that person’s mail',
    matches: (m) => isNoReplyAddress(m.fromAddress) && !(m.replyTo.length === 1 && !isNoReplyAddress(m.replyTo[0])),
  },
];

/**
 * The flags of a message: `bounce` (a delivery report), `auto_reply` (written by a machine),
 * `list` (mailing-list or bulk mail). Empty for a person's mail.
 * @param replyTo the Reply-To addresses; a no-reply From with one person in Reply-To (a web
 *   form) is that person's mail, not automatic.
 */
export function classify(
  headers: MailHeaders,
  envelopeFrom: string,
  fromAddress: string,
  contentType: string,
  replyTo: string[] = [],
): MailFlag[] {
  const input: ClassifyInput = { headers, envelopeFrom, fromAddress, contentType, replyTo };
  const flags = new Set<MailFlag>();
  for (const rule of CLASSIFY_RULES) if (rule.matches(input)) flags.add(rule.flag);
  return [...flags];
}
