import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseMail, salvageText } from './parsed-mail';
import { sanitizeMailHtml } from '../../mail/sanitize-mail-html';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures/mail', name));
const mail = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

describe('parseMail', () => {
  it('reads List-Id and List-Unsubscribe, which mailparser folds into one object', async () => {
    const parsed = await parseMail(
      Buffer.from(
        'From: a@b.c\r\nList-Id: News\r\n <news.example.org>\r\nList-Unsubscribe: <mailto:x@y.z>\r\nSubject: x\r\n\r\nhi\r\n',
      ),
    );
    expect(parsed.headers.get('list-id')).toBe('News <news.example.org>');
    expect(parsed.headers.get('List-Unsubscribe')).toBe('<mailto:x@y.z>');
    expect(parsed.headers.get('list-help')).toBeUndefined();
  });

  describe('UTF-7', () => {
    it('decodes UTF-7 subjects and bodies (utf7-body.eml)', async () => {
      const parsed = await parseMail(fixture('utf7-body.eml'));
      expect(parsed.subject).toBe('Bestellung ändern');
      expect(parsed.text.trim()).toBe('Guten Tag, ich möchte meine Bestellung ändern. Grüße');
    });

    it('leaves UTF-7-looking text in other charsets as typed', async () => {
      const parsed = await parseMail(
        mail('Subject: =?utf-8?Q?C+AOQ-?=\nContent-Type: text/plain; charset=utf-8\n\nKeep +AOQ- as is\n'),
      );
      expect(parsed.subject).toBe('C+AOQ-');
      expect(parsed.text.trim()).toBe('Keep +AOQ- as is');
    });

    it('decodes UTF-7 HTML, and the sanitiser then removes what it smuggled', async () => {
      const parsed = await parseMail(
        mail(
          'Subject: x\nContent-Type: text/html; charset=utf-7\n\n+ADw-p+AD4-Hallo+ADw-/p+AD4-+ADw-script+AD4-alert(1)+ADw-/script+AD4-\n',
        ),
      );
      expect(parsed.html).toContain('<script>alert(1)</script>');
      const safe = sanitizeMailHtml(parsed.html!, new Map());
      expect(safe).toContain('<p>Hallo</p>');
      expect(safe).not.toMatch(/script|alert/);
    });
  });

  describe('8-bit headers', () => {
    it('reads raw Latin-1 bytes in Subject and From by the part’s charset (8bit-latin1-headers.eml)', async () => {
      const parsed = await parseMail(fixture('8bit-latin1-headers.eml'));
      expect(parsed.subject).toBe('Rückfrage zur Lieferung');
      expect(parsed.from).toEqual({ address: 'juergen.mueller.k7@example.org', name: 'Jürgen Müller' });
      expect(parsed.text.trim()).toBe('Grüße, wo bleibt meine Lieferung?');
    });

    it('reads raw UTF-8 header bytes as UTF-8 even when the part declares Latin-1', async () => {
      const parsed = await parseMail(
        Buffer.from(
          'From: Jürgen <j@example.org>\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nx\r\n',
          'utf8',
        ),
      );
      expect(parsed.subject).toBe('Grüße');
      expect(parsed.from?.name).toBe('Jürgen');
    });

    it('falls back to windows-1252 when no part declares a charset, and to a text part’s in a multipart', async () => {
      const plain = await parseMail(mail('Subject: \x80 f\xfcr 5\n\nbody\n'));
      expect(plain.subject).toBe('€ für 5');
      const multi = await parseMail(
        mail(
          'Subject: \xcf\xf0\xe8\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=windows-1251\n\nhi\n--b--\n',
        ),
      );
      expect(multi.subject).toBe('При');
    });
  });

  describe('broken MIME structure', () => {
    it('finds the text when two Content-Type headers clash (duplicate-content-type.eml)', async () => {
      const parsed = await parseMail(fixture('duplicate-content-type.eml'));
      expect(parsed.text.trim()).toBe('DUPCT-TEXT: Hello world?');
      expect(parsed.html).toContain('<b>DUPCT-TEXT: Hello world?</b>');
    });

    it('finds the text of a nested part whose boundary is wrong', async () => {
      const parsed = await parseMail(
        mail(
          'Subject: a\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=nowhere\n\n--inner\nContent-Type: text/plain\n\nNESTED-TEXT\n--inner--\n--o--\n',
        ),
      );
      expect(parsed.text.trim()).toBe('NESTED-TEXT');
    });

    it('reads a Content-Type of bare "text" as text/plain', async () => {
      const parsed = await parseMail(mail('Subject: a\nContent-Type: text\n\nNOSLASH-TEXT\n'));
      expect(parsed.text.trim()).toBe('NOSLASH-TEXT');
      expect(parsed.attachments).toEqual([]);
    });

    it('salvages the words of a message whose headers never end', async () => {
      const parsed = await parseMail(mail('Subject: a\nContent-Type: text/plain\nNO-BLANK-TEXT here\nsecond line\n'));
      expect(parsed.text).toBe('NO-BLANK-TEXT here\nsecond line');
    });

    it('keeps a file sent without any text as a file, with no salvaged text', async () => {
      const parsed = await parseMail(
        mail('Subject: a\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n'),
      );
      expect(parsed.text).toBe('');
      expect(parsed.attachments).toHaveLength(1);
    });
  });

  it('lists every From, Reply-To and Sender address and the Date', async () => {
    const parsed = await parseMail(
      mail(
        'From: A <a@x.org>, "B, Jr." <B@x.org>\nSender: Desk <desk@x.org>\nReply-To: list: c@x.org, d@x.org;\nDate: Mon, 01 Jun 2026 10:00:00 +0000\n\nhi\n',
      ),
    );
    expect(parsed.fromAll).toEqual([
      { address: 'a@x.org', name: 'A' },
      { address: 'b@x.org', name: 'B, Jr.' },
    ]);
    expect(parsed.from).toEqual(parsed.fromAll[0]);
    expect(parsed.sender).toEqual({ address: 'desk@x.org', name: 'Desk' });
    expect(parsed.replyTo.map((r) => r.address)).toEqual(['c@x.org', 'd@x.org']);
    expect(parsed.date?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
  });
});

describe('salvageText', () => {
  it('drops the header block, boundary lines and part headers, and keeps the words', () => {
    expect(
      salvageText(
        mail('Subject: x\nContent-Type: multipart/mixed\n\n--zz\nContent-Type: text/plain\n\nWORDS\n--zz--\n'),
      ),
    ).toBe('WORDS');
  });
});
