import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeHeaderBytes, decodeUtf7Words, repairMime } from './mime-repair';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures/mail', name));
const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('decodeHeaderBytes', () => {
  it('reads valid UTF-8 as UTF-8, whatever charset the part declares', () => {
    expect(decodeHeaderBytes(Buffer.from('Jürgen', 'utf8'), 'iso-8859-1')).toBe('Jürgen');
    expect(decodeHeaderBytes(Buffer.from('Jürgen', 'utf8'))).toBe('Jürgen');
  });

  it('reads bytes that are not UTF-8 in the declared charset', () => {
    expect(decodeHeaderBytes(Buffer.from([0xcf, 0xf0, 0xe8]), 'windows-1251')).toBe('При');
    expect(decodeHeaderBytes(Buffer.from([0xe0, 0xe9]), 'iso-8859-8')).toBe('\u05d0\u05d9');
  });

  it('falls back to windows-1252 without a usable charset (none, unknown, UTF-8, ASCII, UTF-7)', () => {
    for (const charset of [undefined, 'x-unknown', 'utf-8', 'us-ascii', 'utf-7']) {
      expect(decodeHeaderBytes(latin1('M\u00fcller \u0080'), charset)).toBe('Müller €');
    }
  });
});

describe('decodeUtf7Words', () => {
  it('turns UTF-7 encoded words (Q and B, every alias) into UTF-8 ones', () => {
    const q = decodeUtf7Words('=?unicode-1-1-utf-7?Q?Bestellung_+AOQ-ndern?=');
    expect(q).toBe(`=?UTF-8?B?${Buffer.from('Bestellung ändern').toString('base64')}?=`);
    const b = decodeUtf7Words(`=?UTF-7?B?${Buffer.from('Gr+APwA3w-e').toString('base64')}?= x`);
    expect(b).toBe(`=?UTF-8?B?${Buffer.from('Grüße').toString('base64')}?= x`);
  });

  it('leaves words in other charsets and plain text alone', () => {
    const s = '=?iso-8859-1?Q?J=FCrgen?= and +AOQ- typed by hand';
    expect(decodeUtf7Words(s)).toBe(s);
  });
});

describe('repairMime', () => {
  it('passes undamaged mail through as the same bytes', async () => {
    const raw = Buffer.from(
      'From: a@b.c\r\nSubject: Grüße\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n--b1--\r\n',
    );
    expect(await repairMime(raw)).toBe(raw);
  });

  it('rewrites 8-bit Latin-1 headers as UTF-8 and keeps the body bytes', async () => {
    const out = await repairMime(fixture('8bit-latin1-headers.eml'));
    const text = out.toString('utf8');
    expect(text).toContain('From: Jürgen Müller <juergen.mueller.k7@example.org>');
    expect(text).toContain('Subject: Rückfrage zur Lieferung');
    expect(out.includes(latin1('Gr\u00fc\u00dfe, wo bleibt'))).toBe(true);
  });

  it('decodes a UTF-7 body (any transfer encoding) into UTF-8', async () => {
    const out = (await repairMime(fixture('utf7-body.eml'))).toString('utf8');
    expect(out).toMatch(/charset=utf-8/i);
    expect(out).toMatch(/Content-Transfer-Encoding: base64/i);
    const qp = Buffer.from(
      'Subject: x\r\nContent-Type: text/html; charset=UTF-7\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n+ADw-b+AD4-fett+ADw-/b+AD4- +AOQ=\r\n-\r\n',
    );
    const body = (await repairMime(qp)).toString('utf8').split('\r\n\r\n')[1];
    expect(Buffer.from(body, 'base64').toString('utf8')).toBe('<b>fett</b> ä\r\n');
  });

  it('keeps the Content-Type whose boundary the body uses, and only one', async () => {
    const out = (await repairMime(fixture('duplicate-content-type.eml'))).toString('utf8');
    expect(out.match(/^content-type:/gim)).toHaveLength(3); // root + two parts
    expect(out).toContain('boundary="--_NmP-6de21f1195337336-Part_1"');
    expect(out).not.toContain('3590418990518888');
  });

  it('puts back the boundary a multipart body really uses, or reads it as text', async () => {
    const wrong = Buffer.from(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary="nowhere"\r\n\r\n--real\r\nContent-Type: text/plain\r\n\r\nREAL-TEXT\r\n--real--\r\n',
    );
    expect((await repairMime(wrong)).toString()).toMatch(/boundary=("?)real\1\r\n/);
    const none = Buffer.from('Subject: x\r\nContent-Type: multipart/mixed\r\n\r\nJust words, no parts.\r\n');
    expect((await repairMime(none)).toString()).toMatch(/^Content-Type: text\/plain/m);
  });
});
