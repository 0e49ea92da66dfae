import { envelopeOf } from './spool-sink';

const raw = (headers: string) => Buffer.from(`${headers}\r\n\r\nbody\r\n`);

describe('the envelope of fetched mail', () => {
  it('takes the sender from Return-Path, and a null one as a bounce does', () => {
    expect(envelopeOf(raw('Return-Path: <Carol@Example.org>\r\nFrom: x@y.z'), 'support@example.com')).toEqual({
      envelopeFrom: 'carol@example.org',
      envelopeTo: ['support@example.com'],
    });
    expect(
      envelopeOf(raw('Return-Path: <>\r\nFrom: MAILER-DAEMON@example.com'), 'support@example.com').envelopeFrom,
    ).toBe('');
  });

  it('falls back to the From address without Return-Path: never a null sender', () => {
    expect(envelopeOf(raw('From: "Carol, C." <carol@example.org>'), 'support@example.com').envelopeFrom).toBe(
      'carol@example.org',
    );
    expect(envelopeOf(raw('From:\r\n carol@example.org'), 'support@example.com').envelopeFrom).toBe(
      'carol@example.org',
    );
    expect(envelopeOf(Buffer.from('\u0000garbage'), 'support@example.com').envelopeFrom).toBe('unknown@invalid');
    // A Return-Path in the body is not a header.
    expect(envelopeOf(Buffer.from('From: a@b.c\r\n\r\nReturn-Path: <>\r\n'), 'support@example.com').envelopeFrom).toBe(
      'a@b.c',
    );
  });

  it('addresses a whole-domain mailbox to the Delivered-To in its domain', () => {
    expect(
      envelopeOf(raw('Delivered-To: sales@example.com\r\nDelivered-To: x@other.test'), '@example.com').envelopeTo,
    ).toEqual(['sales@example.com']);
  });
});
