import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { contentFingerprint, duplicateVerdict, syntheticMessageId } from './duplicate';
import { parseMail } from './parsed-mail';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures/mail', name));
const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'));
const BASE = `From: Ann <ann@example.org>
To: support@example.com
Subject: Printer jam
Message-ID: <m1@example.org>
Date: Mon, 01 Jun 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Grüße, the printer jams on page 2.
`;
const fp = async (raw: Buffer) => contentFingerprint(await parseMail(raw));

describe('contentFingerprint', () => {
  it('is the same for the same message delivered again by another route', async () => {
    const original = await fp(crlf(BASE));
    // Trace headers added, envelope and recipients changed, re-encoded as quoted-printable, headers refolded.
    const relayed = crlf(
      `Received: from mx2.example.net by mx.example.com; Mon, 01 Jun 2026 10:05:00 +0000
DKIM-Signature: v=1; a=rsa-sha256; d=example.org; b=abc
X-Forwarded-For: someone@example.net
` +
        BASE.replace('To: support@example.com', 'To: help@example.com, other@example.com')
          .replace('Subject: Printer jam', 'Subject: Printer\n jam')
          .replace('Date: Mon, 01 Jun 2026 10:00:00 +0000', 'Date: Mon, 1 Jun 2026 12:00:00 +0200')
          .replace('Content-Transfer-Encoding: 8bit', 'Content-Transfer-Encoding: quoted-printable')
          .replace('Grüße, the printer jams on page 2.', 'Gr=C3=BC=C3=9Fe, the printer jams=\n on page 2.  '),
    );
    expect(await fp(relayed)).toBe(original);
  });

  it('differs when the sender, the date, the subject, the text or a file differs', async () => {
    const original = await fp(crlf(BASE));
    for (const [from, to] of [
      ['ann@example.org', 'bob@example.org'],
      ['10:00:00', '10:00:01'],
      ['Subject: Printer jam', 'Subject: Printer jammed'],
      ['page 2', 'page 3'],
    ]) {
      expect([from, await fp(crlf(BASE.replace(from, to)))]).not.toEqual([from, original]);
    }
    const withFile = (content: string) =>
      crlf(
        BASE.replace(
          'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nGrüße, the printer jams on page 2.\n',
          `Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nGrüße, the printer jams on page 2.\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=a.bin\nContent-Transfer-Encoding: base64\n\n${Buffer.from(content).toString('base64')}\n--b--\n`,
        ),
      );
    expect(await fp(withFile('one'))).not.toBe(await fp(withFile('two')));
    expect(await fp(withFile('one'))).toBe(await fp(withFile('one')));
  });

  it('reads HTML-only mail by its words', async () => {
    const html = (s: string) =>
      crlf(BASE.replace('text/plain', 'text/html').replace('Grüße, the printer jams on page 2.', s));
    expect(await fp(html('<p>Hello <b>there</b></p>'))).toBe(await fp(html('<div>Hello there</div>')));
    expect(await fp(html('<p>Hello</p>'))).not.toBe(await fp(html('<p>Goodbye</p>')));
  });
});

describe('duplicateVerdict', () => {
  it('folds only the same Message-ID with the same content', () => {
    expect(duplicateVerdict('aa', [{ id: 7, fingerprint: 'aa' }])).toEqual({ kind: 'redelivery', of: 7 });
    expect(duplicateVerdict('aa', [{ id: 7, fingerprint: 'bb' }])).toEqual({ kind: 'new', reusesMessageId: true });
    expect(duplicateVerdict('aa', [])).toEqual({ kind: 'new', reusesMessageId: false });
  });

  it('stores rather than folds when a stored message has no fingerprint', () => {
    expect(duplicateVerdict('aa', [{ id: 7, fingerprint: null }])).toEqual({ kind: 'new', reusesMessageId: true });
  });

  it('tells the two samples that share a Message-ID apart, and a sample from itself sent twice', async () => {
    const first = await parseMail(fixture('duplicate-message-id-1-first.eml'));
    const other = await parseMail(fixture('duplicate-message-id-2-other-sender.eml'));
    expect(first.messageId).toBe(other.messageId);
    const stored = [{ id: 1, fingerprint: contentFingerprint(first) }];
    expect(duplicateVerdict(contentFingerprint(other), stored)).toEqual({ kind: 'new', reusesMessageId: true });
    const again = await parseMail(fixture('duplicate-message-id-1-first.eml'));
    expect(duplicateVerdict(contentFingerprint(again), stored)).toEqual({ kind: 'redelivery', of: 1 });
  });

  it('mints a Message-ID from the content for mail without one', () => {
    expect(syntheticMessageId('ab12')).toBe('<fp.ab12@helpdesk.invalid>');
  });
});
