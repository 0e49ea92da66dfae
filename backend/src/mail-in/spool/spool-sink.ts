import { Injectable } from '@nestjs/common';
import type { FetchedMail, SourceSink } from '../../mail-sources/source-ports';
import { SpoolService } from './spool.service';

/** Header fields end at the first empty line (RFC 5322 section 2.1). */
const HEADER_END = /\r?\n\r?\n/;

/**
 * Fetched mail into the spool, the way SMTP mail goes in: committed, then queued (or left to
 * the sweeper). The envelope is what the last hop recorded: `Return-Path` (RFC 5321 4.4) as
 * the sender, so a bounce (`Return-Path: <>`) is recognised as one; the recipient is the
 * mailbox itself (for a whole-domain mailbox, `Delivered-To` when it names the domain).
 */
@Injectable()
export class SpoolSink implements SourceSink {
  constructor(private readonly spool: SpoolService) {}

  storeAll(mails: FetchedMail[]): Promise<number[]> {
    return this.spool.storeFetched(
      mails.map((mail) => ({
        raw: mail.raw,
        ...envelopeOf(mail.raw, mail.mailboxAddress),
        tls: mail.tls,
        mailboxId: mail.mailboxId,
        sourceId: mail.sourceId,
        remoteId: mail.remoteId,
      })),
    );
  }
}

/**
 * The SMTP envelope of a fetched message, as far as its header tells: `Return-Path` (RFC 5321
 * 4.4) is the sender, and `<>` a null sender (a bounce); without one (mail that never passed
 * a final delivery, a copy uploaded by a client) the From address stands in, never a null
 * sender, so such mail is not taken for a bounce.
 */
export function envelopeOf(raw: Buffer, mailbox: string): { envelopeFrom: string; envelopeTo: string[] } {
  const headers = unfold(headerBlock(raw));
  const returnPath = /^return-path:[ \t]*<?([^>\r\n]*)>?/im.exec(headers)?.[1]?.trim();
  const from =
    /^from:[^\r\n]*?<([^>\s]+@[^>\s]+)>/im.exec(headers)?.[1] ??
    /^from:[ \t]*([^\s<>,;]+@[^\s<>,;]+)/im.exec(headers)?.[1];
  return {
    envelopeFrom: (returnPath ?? from ?? 'unknown@invalid').toLowerCase(),
    envelopeTo: recipients(mailbox, headers),
  };
}

/** Folded header lines joined (RFC 5322 2.2.3). */
const unfold = (headers: string) => headers.replace(/\r?\n([ \t])/g, '$1');

function headerBlock(raw: Buffer): string {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(HEADER_END);
  return end < 0 ? head : head.slice(0, end);
}

function recipients(mailbox: string, headers: string): string[] {
  if (!mailbox.startsWith('@')) return [mailbox];
  const delivered = [...headers.matchAll(/^(?:delivered-to|x-original-to):\s*<?([^>\s]+)>?/gim)].map((m) =>
    m[1].toLowerCase(),
  );
  return delivered.filter((a) => a.endsWith(mailbox));
}
