import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { decodeHeaderBytes, repairMime } from './mime-repair';

/** The parts of a message the processor decides on, whatever state its MIME is in. */
export interface ParsedInbound {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: { address: string; name: string } | null;
  /** Every address in From (RFC 5322 allows several, with Sender naming the one who sent). */
  fromAll: MailAddress[];
  replyTo: MailAddress[];
  sender: MailAddress | null;
  /** The Date header, when it parses. */
  date: Date | null;
  to: string[];
  cc: string[];
  text: string;
  html: string | null;
  contentType: string;
  headers: { get(name: string): string | undefined };
  attachments: { filename: string; contentType: string; content: Buffer; contentId: string | null; inline: boolean }[];
  /** Set when the MIME could not be parsed and the raw text is kept instead. */
  parseError?: string;
}

export interface MailAddress {
  address: string;
  name: string;
}

/** PostgreSQL text cannot hold NUL; real mail (and hostile mail) sometimes does. */
const clean = (s: string) => s.replaceAll('\u0000', '');

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []]
    .flat()
    .flatMap((o) =>
      o.value.flatMap((v) =>
        (v.group ?? [v]).map((g) => g.address && clean(g.address.toLowerCase())).filter((x): x is string => !!x),
      ),
    );

/** Every address with a name, groups flattened, lower-cased; entries without an address are left out. */
const mailboxes = (a: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  [a ?? []]
    .flat()
    .flatMap((o) => o.value.flatMap((v) => v.group ?? [v]))
    .filter((v) => !!v.address)
    .map((v) => ({ address: clean(v.address!.toLowerCase()), name: clean(v.name ?? '') }));

const ids = (v: string | string[] | undefined) => [v ?? []].flat().flatMap((s) => s.match(/<[^<>\s]+>/g) ?? []);

function headerText(mail: ParsedMail, name: string): string | undefined {
  const v = mail.headers.get(name);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null && 'value' in v) {
    const params =
      'params' in v && v.params
        ? Object.entries(v.params as Record<string, string>)
            .map(([k, p]) => `; ${k}=${p}`)
            .join('')
        : '';
    return `${String((v as { value: unknown }).value)}${params}`;
  }
  return JSON.stringify(v);
}

/**
 * A header mailparser folds into another key (List-Id and List-Unsubscribe become one
 * `list` object), read from its raw line instead.
 */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line === undefined
    ? undefined
    : line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
}

/**
 * Parses raw MIME with mailparser, keeping `cid:` links (we rewrite them to our own
 * attachment URLs) and never inlining images as data: URLs. Damage mailparser cannot read
 * past (8-bit headers, UTF-7, clashing Content-Types, lost boundaries) is mended first
 * ({@link repairMime}); when the parse still finds no text, HTML or attachment at all, the
 * body is salvaged from the raw bytes ({@link salvageText}), so what a person wrote always
 * reaches the ticket.
 */
export async function parseMail(raw: Buffer): Promise<ParsedInbound> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(await repairMime(raw), {
      keepCidLinks: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 5_000_000,
    });
  } catch (e) {
    // Broken beyond parsing: keep the raw text rather than dropping the message.
    return {
      messageId: null,
      inReplyTo: null,
      references: [],
      subject: '',
      from: null,
      fromAll: [],
      replyTo: [],
      sender: null,
      date: null,
      to: [],
      cc: [],
      contentType: 'text/plain',
      text: clean(raw.toString('utf8')),
      html: null,
      attachments: [],
      headers: { get: () => undefined },
      parseError: (e as Error).message,
    };
  }
  const fromAll = mailboxes(mail.from);
  const sender = mailboxes(mail.headers.get('sender') as AddressObject | undefined)[0] ?? null;
  const lost = !mail.text?.trim() && typeof mail.html !== 'string' && mail.attachments.length === 0;
  return {
    messageId: ids(mail.messageId).map(clean)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo).map(clean)[0] ?? null,
    references: ids(mail.references).map(clean),
    subject: clean(mail.subject ?? '').trim(),
    from: fromAll[0] ?? null,
    fromAll,
    replyTo: mailboxes(mail.replyTo),
    sender,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    text: clean(lost ? salvageText(raw) : (mail.text ?? '')),
    html: typeof mail.html === 'string' ? clean(mail.html) : null,
    contentType: clean(headerText(mail, 'content-type') ?? 'text/plain'),
    headers: { get: (name: string) => headerText(mail, name.toLowerCase()) ?? rawHeader(mail, name.toLowerCase()) },
    attachments: mail.attachments.map((a) => ({
      filename: clean(a.filename ?? (a.contentType === 'message/rfc822' ? 'message.eml' : 'attachment')),
      contentType: clean(a.contentType || 'application/octet-stream'),
      content: a.content,
      contentId: a.cid ? clean(a.cid.replace(/^<|>$/g, '').toLowerCase()) : null,
      inline: a.contentDisposition === 'inline' || a.related === true,
    })),
  };
}

/**
 * The words of a message whose MIME gave nothing readable, taken from its raw bytes: the
 * header block is skipped (up to the blank line, or, when there is none, up to the first
 * line that is not a header), then boundary lines and the part headers after them; what is
 * left is read as UTF-8 when valid, else windows-1252.
 */
export function salvageText(raw: Buffer): string {
  const lines = decodeHeaderBytes(raw).split(/\r?\n/);
  const isHeader = (l: string) => /^[!-9;-~]+[ \t]*:/.test(l) || /^[ \t]/.test(l);
  let i = 0;
  while (i < lines.length && lines[i] !== '' && isHeader(lines[i])) i++;
  const out: string[] = [];
  let inPartHeader = false;
  for (const line of lines.slice(i)) {
    if (/^--[^\s]{1,72}[ \t]*$/.test(line)) {
      inPartHeader = true;
      continue;
    }
    if (inPartHeader) {
      if (line === '') inPartHeader = false;
      else if (isHeader(line)) continue;
      else inPartHeader = false;
      if (line === '') continue;
    }
    out.push(line);
  }
  return out.join('\n').trim();
}
