import { classify } from './classify';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe('classify', () => {
  it('leaves a person’s mail unflagged', () => {
    expect(classify(headers({}), 'ann@example.com', 'ann@example.com', 'text/plain')).toEqual([]);
    expect(classify(headers({ 'auto-submitted': 'no' }), 'a@b.c', 'a@b.c', 'text/plain')).toEqual([]);
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }],
    [{ 'auto-submitted': 'auto-generated' }],
    [{ precedence: 'bulk' }],
    [{ precedence: 'junk' }],
    [{ 'x-precedence': 'auto_reply' }],
    [{ 'x-autoreply': 'yes' }],
    [{ 'x-autorespond': 'x' }],
    [{ 'x-auto-response-suppress': 'OOF, AutoReply' }],
  ])('flags auto-replies: %j', (h) => {
    expect(classify(headers(h), 'a@b.c', 'a@b.c', 'text/plain')).toContain('auto_reply');
  });

  it('flags list mail and bounces', () => {
    expect(classify(headers({ 'list-id': '<dev.lists.example.com>' }), 'a@b.c', 'a@b.c', 'text/plain')).toEqual([
      'list',
    ]);
    expect(classify(headers({ precedence: 'list' }), 'a@b.c', 'a@b.c', 'text/plain')).toEqual(['list']);
    expect(classify(headers({}), '', 'a@b.c', 'text/plain')).toEqual(['bounce']);
    expect(classify(headers({}), 'x@y.z', 'MAILER-DAEMON@mx.example.com', 'text/plain')).toEqual(['bounce']);
    expect(
      classify(headers({}), 'x@y.z', 'x@y.z', 'multipart/report; report-type=delivery-status; boundary="b"'),
    ).toEqual(['bounce']);
  });

  it('treats no-reply senders as automatic', () => {
    expect(classify(headers({}), 'noreply@shop.example', 'noreply@shop.example', 'text/plain')).toEqual(['auto_reply']);
  });
});
