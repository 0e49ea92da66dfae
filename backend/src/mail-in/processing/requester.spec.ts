import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { classify } from './classify';
import { parseMail } from './parsed-mail';
import { chooseRequester, RequesterInput } from './requester';

const a = (address: string, name = '') => ({ address, name });
const input = (m: Partial<RequesterInput>): RequesterInput => ({
  from: [],
  sender: null,
  replyTo: [],
  envelopeFrom: 'mta-bounces@example.org',
  ...m,
});

describe('chooseRequester', () => {
  it('takes the From person, whatever Reply-To and Sender say', () => {
    expect(
      chooseRequester(input({ from: [a('ann@x.org', 'Ann')], replyTo: [a('ann.home@y.org')], sender: a('s@x.org') })),
    ).toEqual({ requester: a('ann@x.org', 'Ann'), source: 'from', onBehalf: false });
  });

  it('takes the one Reply-To person when From is a no-reply sender (a web form), on their behalf', () => {
    expect(chooseRequester(input({ from: [a('noreply@shop.example')], replyTo: [a('hanna@x.org', 'Hanna')] }))).toEqual(
      {
        requester: a('hanna@x.org', 'Hanna'),
        source: 'reply-to',
        onBehalf: true,
      },
    );
  });

  it('keeps the no-reply From when Reply-To names nobody or several (an automatic notification)', () => {
    for (const replyTo of [[], [a('a@x.org'), a('b@x.org')], [a('no-reply@x.org')]]) {
      expect(chooseRequester(input({ from: [a('noreply@shop.example')], replyTo, envelopeFrom: '' }))).toEqual({
        requester: a('noreply@shop.example'),
        source: 'from',
        onBehalf: false,
      });
    }
  });

  it('falls back without From: Reply-To, then Sender, then the envelope', () => {
    expect(chooseRequester(input({ replyTo: [a('r@x.org')], sender: a('s@x.org') })).source).toBe('reply-to');
    expect(chooseRequester(input({ sender: a('s@x.org') })).requester).toEqual(a('s@x.org'));
    expect(chooseRequester(input({ envelopeFrom: 'Env@X.org' }))).toEqual({
      requester: a('env@x.org'),
      source: 'envelope',
      onBehalf: true,
    });
  });

  it('with several From addresses takes Reply-To’s one person, else the first author we may answer, else Sender', () => {
    const from = [a('postmaster@x.org'), a('bo@x.org'), a('cy@x.org')];
    expect(chooseRequester(input({ from, replyTo: [a('r@x.org')] })).requester).toEqual(a('r@x.org'));
    expect(chooseRequester(input({ from, sender: a('s@x.org') })).requester).toEqual(a('bo@x.org'));
    expect(
      chooseRequester(input({ from: [a('noreply@x.org'), a('no-reply@y.org')], sender: a('s@x.org') })).requester,
    ).toEqual(a('s@x.org'));
  });

  it('never makes a bounce address or one of ours the requester', () => {
    const daemon = input({ from: [a('mailer-daemon@mx.x.org')], envelopeFrom: '' });
    expect(chooseRequester(daemon)).toEqual({ requester: null, source: null, onBehalf: false });
    expect(chooseRequester({ ...daemon, envelopeFrom: 'postmaster@x.org' }).requester).toBeNull();
    const ours = (address: string) => address === 'support@example.com';
    expect(
      chooseRequester(input({ from: [a('noreply@shop.example')], replyTo: [a('support@example.com')] }), ours)
        .requester,
    ).toEqual(a('noreply@shop.example'));
    expect(chooseRequester(input({ from: [a('support@example.com')], envelopeFrom: '' }), ours).requester).toBeNull();
  });

  it('ignores malformed addresses', () => {
    expect(chooseRequester(input({ from: [a('not-an-address')], replyTo: [a('r@x.org')] })).requester).toEqual(
      a('r@x.org'),
    );
  });

  it('makes Hanna the requester of the web-form sample, and her mail a person’s (web-form-reply-to.eml)', async () => {
    const mail = await parseMail(
      readFileSync(path.join(__dirname, '../../../test/fixtures/mail/web-form-reply-to.eml')),
    );
    const choice = chooseRequester({ ...mail, from: mail.fromAll, envelopeFrom: 'bounces@shop.example.net' });
    expect(choice).toEqual({
      requester: a('hanna.berg.k7@example.org', 'Hanna Berg'),
      source: 'reply-to',
      onBehalf: true,
    });
    const replyTo = mail.replyTo.map((r) => r.address);
    expect(classify(mail.headers, 'bounces@shop.example.net', mail.from!.address, mail.contentType, replyTo)).toEqual(
      [],
    );
    // Without Reply-To (the processor today) the same form mail counts as automatic.
    expect(classify(mail.headers, 'bounces@shop.example.net', mail.from!.address, mail.contentType)).toEqual([
      'auto_reply',
    ]);
  });
});
