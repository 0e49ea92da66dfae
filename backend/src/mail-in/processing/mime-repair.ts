import { Splitter, type Headers, type MimeNode, type SplitterChunk } from '@zone-eu/mailsplit';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import libqp from 'libqp';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';

/**
 * Mends the MIME damage mailparser cannot read past, before it parses, so that the text a
 * person sees in their mail client reaches the ticket. The raw message in the spool stays
 * as it came; only the copy handed to the parser is mended, and mail with none of this
 * damage (nearly all of it) is passed through untouched after a few scans of its bytes.
 *
 * What is mended, each as mail clients (Thunderbird, Outlook) read it:
 * - Raw 8-bit bytes in a header (RFC 5322 allows none; RFC 6532 allows UTF-8): UTF-8 when
 *   the bytes are valid UTF-8, else the charset the part declares, else the first charset
 *   any part of the message declares, else windows-1252 (a superset of Latin-1 that maps
 *   every byte), rewritten as UTF-8 (see {@link decodeHeaderBytes}).
 * - UTF-7 (RFC 2152), which libmime refuses on purpose because `+ADw-script+AD4-` decodes to
 *   `<script>` past filters that look for `<`: encoded words and text bodies in UTF-7 are
 *   decoded here. That is safe because the HTML sanitiser runs on the decoded HTML (the
 *   processor sanitises every body after parsing), never on the encoded bytes.
 * - Several Content-Type headers on one part: the one whose multipart boundary delimits
 *   parts of the message wins, else the first (RFC 2045 allows one; mailparser took the
 *   first even when its boundary occurs nowhere, and found no text at all).
 * - A multipart part whose boundary parameter is missing or occurs nowhere: the boundary
 *   its body actually uses (a `--x` line closed by a `--x--` line, `x` no other part's) is
 *   put back; when there is none, the part is read as text/plain so its words still show.
 * - A Content-Type without a subtype: `text` is read as text/plain.
 */
export async function repairMime(raw: Buffer): Promise<Buffer> {
  if (!needsRepair(raw)) return raw;
  const chunks: SplitterChunk[] = [];
  for await (const chunk of Readable.from([raw]).pipe(new Splitter({ ignoreEmbedded: false })))
    chunks.push(chunk as SplitterChunk);
  const nodes = chunks.filter((c): c is MimeNode => c.type === 'node');
  const messageCharset = nodes.map((n) => usableCharset(n.charset)).find(Boolean) ?? undefined;
  const text = raw.toString('latin1');
  const taken = new Set(
    nodes.flatMap((n) =>
      (n.headers ? n.headers.get('content-type') : []).flatMap((l) => {
        const b = usedBoundary(libmime.parseHeaderValue(l.slice(l.indexOf(':') + 1).replace(/\r?\n/g, '')), text);
        return b ? [b] : [];
      }),
    ),
  );
  const out: Buffer[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (chunk.type !== 'node') {
      out.push(chunk.value);
      continue;
    }
    mendHeaders(chunk, usableCharset(chunk.charset) ?? messageCharset);
    mendContentType(chunk, text, taken);
    if (chunk.contentType && chunk.contentType.startsWith('text/') && chunk.charset && isUtf7(chunk.charset)) {
      // The whole body of this part, decoded from its transfer encoding and from UTF-7, as UTF-8 base64.
      const body: Buffer[] = [];
      while (chunks[i + 1]?.type === 'body') body.push((chunks[++i] as { value: Buffer }).value);
      out.push(...utf7PartAsUtf8(chunk, Buffer.concat(body)));
      continue;
    }
    out.push(chunk.getHeaders());
  }
  return Buffer.concat(out);
}

/**
 * A header's raw bytes as text, the way mail clients read 8-bit headers: UTF-8 when valid
 * (RFC 6532), else `charset` (the part's, or the message's, declared charset) when iconv-lite
 * knows it, else windows-1252 (which maps every byte, so nothing becomes U+FFFD).
 */
export function decodeHeaderBytes(bytes: Buffer, charset?: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const usable = usableCharset(charset);
  return iconv.decode(bytes, usable ?? 'windows-1252');
}

/**
 * Replaces RFC 2047 encoded words in UTF-7 (`=?utf-7?Q?+AOQ-?=`) with the same text as UTF-8
 * encoded words; every other word is left for mailparser.
 */
export function decodeUtf7Words(value: string): string {
  return value.replace(/=\?([^?*\s]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=/g, (word, charset: string, enc, text) => {
    if (!isUtf7(charset)) return word;
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_: string, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          );
    return `=?UTF-8?B?${Buffer.from(iconv.decode(bytes, 'utf7'), 'utf8').toString('base64')}?=`;
  });
}

/** Charset names that mean UTF-7, spelled as mailparser's own refusal list spells them. */
const isUtf7 = (charset: string) => /^(?:cs)?(?:unicode11)?utf7$/.test(charset.toLowerCase().replace(/[^a-z0-9]/g, ''));

/** A declared charset worth decoding 8-bit header bytes with: one iconv-lite knows, not UTF-8/ASCII/UTF-7. */
function usableCharset(charset: string | false | undefined): string | undefined {
  if (!charset) return undefined;
  const name = libmime.normalizeCharset(charset);
  if (/^(?:utf-?8|(?:us-?)?ascii)$/i.test(name) || isUtf7(name) || /^(?:base64|hex)$/i.test(name)) return undefined;
  return iconv.encodingExists(name) ? name : undefined;
}

/** Cheap scans that clear almost every message: nothing below needs mending unless one of them hits. */
export function needsRepair(raw: Buffer): boolean {
  const text = raw.toString('latin1');
  // 8-bit bytes that are not UTF-8 in a header: the top header block, a header-looking line
  // further down (a part's), or a file name. In bodies mailparser reads them by the charset.
  if (!isUtf8(raw) && /[\x80-\xff]/.test(headBlock(text) + (text.match(EIGHT_BIT_HEADER_LINES) ?? []).join('')))
    return true;
  if (/utf-?7/i.test(text)) return true;
  // A Content-Type without a subtype ("text"), a boundary that no line uses, a multipart without one.
  if (/^content-type[ \t]*:[ \t]*[^\s;/]*[ \t]*(?:;|\r?\n)/im.test(text)) return true;
  const boundaries = [...text.matchAll(/boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/gi)].map((m) => m[1] ?? m[2]);
  if (boundaries.some((b) => !text.includes(`--${b}`))) return true;
  if ((text.match(/^content-type[ \t]*:[ \t]*multipart\//gim) ?? []).length > boundaries.length) return true;
  return (headBlock(text).match(/^content-type[ \t]*:/gim) ?? []).length > 1;
}

/** Lines below the top header block that look like headers (or a file name) and hold 8-bit bytes. */
const EIGHT_BIT_HEADER_LINES = /^[!-9;-~]+:[^\r\n]*[\x80-\xff][^\r\n]*$|(?:file)?name\*?=[^\r\n]*[\x80-\xff]/gim;

/** The message's top header block (all of it when there is no blank line). */
function headBlock(text: string): string {
  const end = /\r?\n\r?\n/.exec(text);
  return end ? text.slice(0, end.index) : text;
}

/** 8-bit header lines decoded to UTF-8 (see {@link decodeHeaderBytes}), UTF-7 encoded words to UTF-8 ones. */
function mendHeaders(node: MimeNode, charset: string | undefined) {
  const headers = node.headers;
  if (!headers) return;
  for (const line of headers.getList()) {
    // Header lines are binary strings (one char per byte): decode them, then store the UTF-8 bytes of the text.
    // eslint-disable-next-line no-control-regex
    const eightBit = /[^\x00-\x7f]/.test(line.line);
    const utf7 = /=\?[^?]*utf-?7/i.test(line.line);
    if (!eightBit && !utf7) continue;
    let text = eightBit ? decodeHeaderBytes(Buffer.from(line.line, 'latin1'), charset) : line.line;
    if (utf7) text = decodeUtf7Words(text);
    line.line = Buffer.from(text, 'utf8').toString('latin1');
    headers.changed = true;
  }
}

/**
 * One Content-Type per part, with a subtype, and with a boundary the body actually uses
 * (see {@link repairMime}); `taken` holds the boundaries other parts already use.
 */
function mendContentType(node: MimeNode, text: string, taken: Set<string>) {
  const headers = node.headers;
  if (!headers) return;
  const values = headers.get('content-type').map((l) => l.slice(l.indexOf(':') + 1).replace(/\r?\n/g, ''));
  if (!values.length) return;
  const parsed = values.map((v) => libmime.parseHeaderValue(v));
  const value = parsed.find((p) => usedBoundary(p, text)) ?? parsed[0];
  let changed = values.length > 1;
  if (!value.value.includes('/')) {
    // "text" alone is what a careless generator means by text/plain; anything else is a file.
    value.value = /^text$/i.test(value.value.trim()) ? 'text/plain' : 'application/octet-stream';
    changed = true;
  }
  if (/^multipart\//i.test(value.value) && !usedBoundary(value, text)) {
    const found = boundaryInBody(text, taken);
    if (found) value.params.boundary = found;
    else {
      value.value = 'text/plain';
      delete value.params.boundary;
    }
    changed = true;
  }
  if (changed) headers.update('Content-Type', libmime.buildHeaderValue(value));
}

/** The boundary of a multipart Content-Type when a line of the message uses it. */
function usedBoundary(p: { value: string; params: Record<string, string> }, text: string): string | undefined {
  const b = p.params.boundary;
  return /^multipart\//i.test(p.value) && b && delimits(text, b) ? b : undefined;
}

/** Whether `--boundary` opens a line somewhere: the boundary delimits parts (RFC 2046 5.1.1). */
const delimits = (text: string, boundary: string) =>
  new RegExp(`(?:^|\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?$`, 'm').test(text);

/** The first `--x` line that a `--x--` line closes later, `x` not another part's: the boundary a damaged multipart really uses. */
function boundaryInBody(text: string, taken: Set<string>): string | undefined {
  for (const m of text.matchAll(/^--([0-9A-Za-z'()+_,./:=?-]{1,70})[ \t]*\r?$/gm)) {
    const candidate = m[1].endsWith('--') ? m[1].slice(0, -2) : m[1];
    if (candidate && !taken.has(candidate) && text.includes(`\n--${candidate}--`)) return candidate;
  }
  return undefined;
}

/** A UTF-7 text part, rewritten: its body decoded (transfer encoding, then UTF-7) and re-encoded as UTF-8 base64. */
function utf7PartAsUtf8(node: MimeNode, body: Buffer): Buffer[] {
  const decoded =
    node.encoding === 'base64'
      ? Buffer.from(body.toString('latin1'), 'base64')
      : node.encoding === 'quoted-printable'
        ? libqp.decode(body.toString('latin1'))
        : body;
  const utf8 = Buffer.from(iconv.decode(decoded, 'utf7'), 'utf8');
  node.setCharset('utf-8');
  (node.headers as Headers).update('Content-Transfer-Encoding', 'base64');
  const base64 = (utf8.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  return [node.getHeaders(), Buffer.from(`${base64}\r\n`)];
}
