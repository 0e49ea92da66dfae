import { headerSubject } from './header-subject';

const mail = (head: string, body = 'Hello.') => Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');

describe('headerSubject', () => {
  it('reads a plain subject, whatever the header name’s case', () => {
    expect(headerSubject(mail('From: a@example.org\r\nSUBJECT: Order 42 missing'))).toBe('Order 42 missing');
  });

  it('unfolds a folded subject (RFC 5322 2.2.3)', () => {
    expect(headerSubject(mail('Subject: My order\r\n has not\r\n\tarrived\r\nFrom: a@example.org'))).toBe(
      'My order has not arrived',
    );
  });

  it('decodes RFC 2047 encoded words, B and Q', () => {
    expect(headerSubject(mail('Subject: =?UTF-8?B?QmVzdGVsbHVuZyDDvGJlcmbDpGxsaWc=?='))).toBe('Bestellung überfällig');
    expect(headerSubject(mail('Subject: =?iso-8859-1?Q?Caf=E9_ouvert?='))).toBe('Café ouvert');
  });

  it('reads raw 8-bit bytes as UTF-8 when valid, else windows-1252 (never U+FFFD)', () => {
    expect(
      headerSubject(Buffer.concat([Buffer.from('Subject: '), Buffer.from('Grüße', 'utf8'), Buffer.from('\r\n\r\nx')])),
    ).toBe('Grüße');
    expect(headerSubject(Buffer.from('Subject: Gr\xfc\xdfe\r\n\r\nx', 'latin1'))).toBe('Grüße');
  });

  it('takes only the header block: a "Subject:" line in the body is not the subject', () => {
    expect(headerSubject(mail('From: a@example.org', 'Subject: not this one'))).toBeNull();
  });

  it('is null without a subject or with an empty one, and drops control characters', () => {
    expect(headerSubject(mail('From: a@example.org'))).toBeNull();
    expect(headerSubject(mail('Subject:   '))).toBeNull();
    expect(headerSubject(mail('Subject: a\x07b\x00c'))).toBe('a b c');
  });

  it('shows a damaged encoded word as written, and bounds the length', () => {
    expect(headerSubject(mail('Subject: =?x-unknown?Q?abc?='))).toContain('abc');
    expect(headerSubject(mail(`Subject: ${'x'.repeat(5000)}`))!.length).toBe(998);
  });
});
