import { splitReply } from './reply-splitter';

describe('splitReply', () => {
  it('cuts Gmail/Apple style "On … wrote:" history, also when the header wraps', () => {
    expect(
      splitReply(
        'Thanks, that fixed it.\n\nOn Tue, 3 Mar 2026 at 10:00, Support <support@example.com> wrote:\n> old text\n> more',
      ),
    ).toEqual({
      visible: 'Thanks, that fixed it.',
      quoted: true,
    });
    expect(
      splitReply('Still broken.\n\nOn Tue, 3 Mar 2026 at 10:00, Support\n<support@example.com> wrote:\n> old').visible,
    ).toBe('Still broken.');
  });

  it('cuts Outlook headers and separators, and other languages', () => {
    expect(splitReply('Yes please.\n\n-----Original Message-----\nFrom: Support\nSent: today').visible).toBe(
      'Yes please.',
    );
    expect(
      splitReply('Yes please.\n________________________________\nFrom: Support <s@e.com>\nSent: Monday').visible,
    ).toBe('Yes please.');
    expect(splitReply('Danke!\n\nAm 3. März 2026 um 10:00 schrieb Support <s@e.com>:\n> alt').visible).toBe('Danke!');
    expect(splitReply('Merci.\n\nLe mar. 3 mars 2026, Support <s@e.com> a écrit :\n> ancien').visible).toBe('Merci.');
  });

  it('keeps everything when there is no history, or nothing above it', () => {
    expect(splitReply('Just one line.')).toEqual({ visible: 'Just one line.', quoted: false });
    expect(splitReply('> only quoted\n> text')).toEqual({ visible: '> only quoted\n> text', quoted: false });
    expect(splitReply('From: me\nI wrote this myself').visible).toBe('From: me\nI wrote this myself');
  });
});
