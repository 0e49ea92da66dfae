import iconv from 'iconv-lite';
import libmime from 'libmime';
import { isUtf8 } from 'node:buffer';

/** The header block is looked for in this much of the message, at most. */
const HEADER_SCAN_BYTES = 64 * 1024;
/** RFC 5322 2.1.1: a line is at most 998 characters; a list needs no more. */
const MAX_SUBJECT = 998;

/**
 * The Subject of a raw message (RFC 5322 3.6.5) as a mail client shows it, for lists of
 * the spool: unfolded, RFC 2047 encoded words decoded, 8-bit bytes read as UTF-8 when
 * valid else windows-1252 (as for every header we read), control characters as spaces;
 * null when there is none. Reads the header block only, so storing a message stays cheap;
 * never throws (a damaged encoded word is shown as written).
 */
export function headerSubject(raw: Buffer): string | null {
  const head = raw.subarray(0, HEADER_SCAN_BYTES);
  let end = head.indexOf('\r\n\r\n');
  if (end < 0) end = head.indexOf('\n\n');
  const block = head.subarray(0, end < 0 ? head.length : end);
  const text = isUtf8(block) ? block.toString('utf8') : iconv.decode(block, 'windows-1252');
  const match = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(text);
  if (!match) return null;
  const value = match[1].replace(/\r?\n(?=[ \t])/g, '');
  let decoded = value;
  try {
    decoded = libmime.decodeWords(value);
  } catch {
    // shown as written
  }
  const clean = decoded
    // eslint-disable-next-line no-control-regex -- control characters never reach a list
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean ? clean.slice(0, MAX_SUBJECT) : null;
}
