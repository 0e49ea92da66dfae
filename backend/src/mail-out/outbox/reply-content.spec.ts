import {
  composeForward,
  composeReply,
  forwardSubject,
  replySubject,
  threadReferences,
  withTicketTag,
} from './reply-content';

describe('reply content', () => {
  it('quotes the earlier messages under the reply, as text and as escaped HTML', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const { text, html } = composeReply('Done <now>.', [
      { body_text: 'Is it <done>?\n\nThanks', created_at: at, author: 'Carol', mail_flags: [] },
    ]);
    expect(text).toBe('Done <now>.\n\nOn Fri, 20 Nov 2026 10:00:00 GMT, Carol wrote:\n> Is it <done>?\n>\n> Thanks');
    expect(html).toContain('<div>Done &lt;now&gt;.</div>');
    expect(html).toContain(
      '<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">Is it &lt;done&gt;?<br>',
    );
  });

  it('never quotes auto-replies, bounces or list mail, from anyone', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const { text, html } = composeReply('Answer', [
      {
        body_text: 'AGENT-OOF: call my private number',
        created_at: at,
        author: 'Ann Agent',
        mail_flags: ['auto_reply'],
      },
      { body_text: 'BOUNCE: mailbox full', created_at: at, author: 'System', mail_flags: ['bounce'] },
      { body_text: 'LIST: newsletter', created_at: at, author: 'News', mail_flags: ['list'] },
      { body_text: 'PERSON: still broken', created_at: at, author: 'Carol', mail_flags: [] },
    ]);
    for (const out of [text, html]) {
      expect(out).toContain('PERSON: still broken');
      expect(out).not.toMatch(/AGENT-OOF|BOUNCE|LIST/);
    }
  });

  it('builds References from the parent’s chain, keeping the first and the newest nine', () => {
    expect(threadReferences([], null)).toEqual([]);
    expect(threadReferences(['<a@x>'], '<b@x>')).toEqual(['<a@x>', '<b@x>']);
    const long = Array.from({ length: 12 }, (_, i) => `<${i}@x>`);
    expect(threadReferences(long, '<p@x>')).toEqual([
      '<0@x>',
      '<4@x>',
      '<5@x>',
      '<6@x>',
      '<7@x>',
      '<8@x>',
      '<9@x>',
      '<10@x>',
      '<11@x>',
      '<p@x>',
    ]);
  });

  it('tags subjects once and does not pile up Re:', () => {
    expect(withTicketTag(replySubject('Printer'), 12)).toBe('Re: Printer [#12]');
    expect(withTicketTag(replySubject('RE: Printer [#12]'), 12)).toBe('RE: Printer [#12]');
  });
});

describe('composeForward', () => {
  it('puts the agent’s words first, then each message under a forwarded header, escaped in HTML', () => {
    const out = composeForward('Can you <fix> this?', [
      { body_text: 'It broke & fell.', created_at: '2026-01-02T03:04:05Z', author: 'Erin <erin@example.org>' },
    ]);
    expect(out.text).toBe(
      'Can you <fix> this?\n\n---------- Forwarded message ----------\nFrom: Erin <erin@example.org>\n' +
        'Date: Fri, 02 Jan 2026 03:04:05 GMT\n\nIt broke & fell.',
    );
    expect(out.html).toContain('Can you &lt;fix&gt; this?');
    expect(out.html).toContain('From: Erin &lt;erin@example.org&gt;');
    expect(out.html).toContain('<blockquote');
  });

  it('prefixes Fwd: once', () => {
    expect(forwardSubject('Broken')).toBe('Fwd: Broken');
    expect(forwardSubject('FWD: Broken')).toBe('FWD: Broken');
  });
});
