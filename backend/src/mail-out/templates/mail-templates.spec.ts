import { DEFAULT_TEMPLATES, PLACEHOLDERS, renderTemplate, TEMPLATE_KEYS, unknownPlaceholders } from './mail-templates';

describe('mail templates', () => {
  it('replaces placeholders with values, never reading a value as a template', () => {
    const out = renderTemplate(
      { subject: 'Hi {{ customer.name }}', body: 'A {{customer.name}} B {{ticket.number}}' },
      {
        'customer.name': '{{ticket.number}} <b>Eve</b> & "Co"',
        'ticket.number': '7',
      },
    );
    expect(out.subject).toBe('Hi {{ticket.number}} <b>Eve</b> & "Co"');
    expect(out.text).toBe('A {{ticket.number}} <b>Eve</b> & "Co" B 7');
    expect(out.html).toBe('<div>A {{ticket.number}} &lt;b&gt;Eve&lt;/b&gt; &amp; &quot;Co&quot; B 7</div>');
  });

  it('keeps subjects on one line and drops control characters', () => {
    const out = renderTemplate(
      { subject: '{{customer.name}}', body: '{{customer.name}}' },
      { 'customer.name': 'Eve\r\nBcc: victim@example.org\u0007' },
    );
    expect(out.subject).toBe('Eve Bcc: victim@example.org');
    expect(out.text).toBe('Eve\r\nBcc: victim@example.org');
  });

  it('escapes the template’s own text in HTML and keeps its line breaks', () => {
    expect(renderTemplate({ subject: 's', body: '<i>a</i>\nb' }, {}).html).toBe(
      '<div>&lt;i&gt;a&lt;/i&gt;<br>\nb</div>',
    );
  });

  it('names placeholders a template does not offer; the defaults use only their own', () => {
    expect(unknownPlaceholders('agent_assigned', '{{agent.name}} {{message.text}} {{ nope.x }}')).toEqual([
      'message.text',
      'nope.x',
    ]);
    for (const key of TEMPLATE_KEYS) {
      expect(unknownPlaceholders(key, DEFAULT_TEMPLATES[key].subject + DEFAULT_TEMPLATES[key].body)).toEqual([]);
      // Mail about a ticket names it; a notice to admins (a mailbox source failing) names its mailbox.
      expect(PLACEHOLDERS[key]).toContain(key.startsWith('admin_') ? 'mailbox.address' : 'ticket.number');
    }
  });
});
