import { renderSignature } from './signature';

const agent = { name: 'Dana Scully', title: 'Support <Lead>', email: 'dana@acme.test', signature: 'Cheers,\nDana' };

describe('reply signatures', () => {
  it("puts the agent's own signature above the mailbox's, placeholders filled", () => {
    const s = renderSignature({
      mailboxSignature: '{{agent.name}} · {{agent.title}}\n{{mailbox.name}}',
      mailboxName: 'Acme Support',
      agent,
    });
    expect(s!.text).toBe('Cheers,\nDana\n\nDana Scully · Support <Lead>\nAcme Support');
    // HTML: the values are escaped, never interpreted.
    expect(s!.html).toContain('Support &lt;Lead&gt;');
    expect(s!.html).not.toContain('<Lead>');
  });

  it("places the agent's signature where the mailbox's says, and only there", () => {
    const s = renderSignature({
      mailboxSignature: 'Acme\n{{agent.signature}}\nwww.acme.test',
      mailboxName: 'Acme',
      agent,
    });
    expect(s!.text).toBe('Acme\nCheers,\nDana\nwww.acme.test');
  });

  it('drops what an empty title leaves behind, and is null when there is nothing to add', () => {
    const noTitle = { ...agent, title: '', signature: '' };
    expect(
      renderSignature({
        mailboxSignature: '{{agent.name}}\n{{agent.title}}\n\n\n\nAcme',
        mailboxName: 'Acme',
        agent: noTitle,
      })!.text,
    ).toBe('Dana Scully\n\nAcme');
    expect(renderSignature({ mailboxSignature: '  ', mailboxName: 'Acme', agent: noTitle })).toBeNull();
    expect(renderSignature({ mailboxSignature: '{{agent.title}}', mailboxName: 'Acme', agent: null })).toBeNull();
    // An automatic mail (no agent) still gets the mailbox's own lines.
    expect(
      renderSignature({ mailboxSignature: 'The {{mailbox.name}} team', mailboxName: 'Acme', agent: null })!.text,
    ).toBe('The Acme team');
  });
});
