import { createHmac } from 'node:crypto';
import { subjectTicketNumber, TicketTokens } from './ticket-tokens';

const keyed = (key: string) => ({
  mac: (purpose: string, value: string, length = 16) =>
    createHmac('sha256', key).update(`${purpose}:${value}`).digest('hex').slice(0, length),
});

describe('TicketTokens', () => {
  const tokens = new TicketTokens(keyed('k1'), 'help.example.com');

  it('round-trips our Message-IDs and reply tokens', () => {
    const id = tokens.messageId(42, 7);
    expect(id).toMatch(/^<hd\.t42\.m7\.[0-9a-f]{16}@help\.example\.com>$/);
    expect(tokens.ticketOfMessageId(id)).toBe(42);
    expect(tokens.ticketOfMessageId(id.slice(1, -1))).toBe(42);
    expect(tokens.ticketOfReplyToken(tokens.replyToken(42))).toBe(42);
    expect(tokens.replyAddress('support@example.com', 42)).toMatch(/^support\+t42\.[0-9a-f]{12}@example\.com$/);
  });

  it('signs the Message-IDs of automatic mail apart from those of ticket messages', () => {
    const id = tokens.automaticMessageId(42, 7);
    expect(id).toMatch(/^<hd\.t42\.a7\.[0-9a-f]{16}@help\.example\.com>$/);
    expect(tokens.ticketOfMessageId(id)).toBe(42);
    expect(tokens.ticketOfMessageId(id.replace('.a7.', '.m7.'))).toBeNull();
  });

  it('refuses forged, guessed or re-targeted ids', () => {
    const id = tokens.messageId(42, 7);
    expect(tokens.ticketOfMessageId(id.replace('t42', 't43'))).toBeNull();
    expect(tokens.ticketOfMessageId('<hd.t43.m7.0000000000000000@help.example.com>')).toBeNull();
    expect(new TicketTokens(keyed('other key'), 'help.example.com').ticketOfMessageId(id)).toBeNull();
    const token = tokens.replyToken(42);
    expect(tokens.ticketOfReplyToken(token.replace('t42', 't1'))).toBeNull();
    expect(tokens.ticketOfReplyToken('t42')).toBeNull();
    expect(tokens.ticketOfMessageId('<CAFoo123@mail.gmail.com>')).toBeNull();
  });

  it('reads the [#number] subject tag only in its exact form', () => {
    expect(subjectTicketNumber('Re: [#123] Printer')).toBe(123);
    expect(subjectTicketNumber('Order #123')).toBeNull();
    expect(subjectTicketNumber('[# 123]')).toBeNull();
  });
});
