/** The automatic mails an admin can reword; each is rendered from a template. */
export const TEMPLATE_KEYS = [
  'customer_acknowledgement',
  'agent_assigned',
  'agent_customer_replied',
  'agent_mentioned',
  'admin_source_failing',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface MailTemplate {
  subject: string;
  body: string;
}

/** What each template may say; anything else is refused when an admin saves it. */
export const PLACEHOLDERS: Record<TemplateKey, string[]> = {
  customer_acknowledgement: ['customer.name', 'customer.email', 'ticket.number', 'ticket.subject', 'mailbox.name'],
  agent_assigned: ['agent.name', 'actor.name', 'ticket.number', 'ticket.subject', 'customer.name', 'customer.email'],
  agent_customer_replied: [
    'agent.name',
    'agent.reason',
    'ticket.number',
    'ticket.subject',
    'customer.name',
    'customer.email',
    'message.text',
  ],
  agent_mentioned: [
    'agent.name',
    'actor.name',
    'ticket.number',
    'ticket.subject',
    'customer.name',
    'customer.email',
    'message.text',
  ],
  admin_source_failing: [
    'admin.name',
    'mailbox.address',
    'source.type',
    'source.error',
    'source.since',
    'source.lastFetchedAt',
  ],
};

export const DEFAULT_TEMPLATES: Record<TemplateKey, MailTemplate> = {
  customer_acknowledgement: {
    subject: 'We received your request: {{ticket.subject}}',
    body:
      'Hello {{customer.name}},\n\nthank you for writing to us. Your request is ticket #{{ticket.number}} and we will answer as soon as we can.\n\n' +
      'To add anything, simply reply to this email.\n\n{{mailbox.name}}',
  },
  agent_assigned: {
    subject: 'Ticket #{{ticket.number}} is assigned to you: {{ticket.subject}}',
    body: 'Hello {{agent.name}},\n\n{{actor.name}} assigned ticket #{{ticket.number}} "{{ticket.subject}}" from {{customer.name}} <{{customer.email}}> to you.',
  },
  agent_customer_replied: {
    subject: '{{customer.name}} replied on ticket #{{ticket.number}}: {{ticket.subject}}',
    body: 'Hello {{agent.name}},\n\n{{customer.name}} <{{customer.email}}> replied on ticket #{{ticket.number}} "{{ticket.subject}}", {{agent.reason}}:\n\n{{message.text}}',
  },
  agent_mentioned: {
    subject: '{{actor.name}} mentioned you on ticket #{{ticket.number}}: {{ticket.subject}}',
    body: 'Hello {{agent.name}},\n\n{{actor.name}} mentioned you on ticket #{{ticket.number}} "{{ticket.subject}}":\n\n{{message.text}}',
  },
  admin_source_failing: {
    subject: 'Mail for {{mailbox.address}} is not being fetched',
    body:
      'Hello {{admin.name}},\n\nthe help desk cannot fetch mail for {{mailbox.address}} from its {{source.type}} source since {{source.since}}:\n\n' +
      '{{source.error}}\n\nThe last successful fetch was {{source.lastFetchedAt}}. Nothing is lost: mail waits on the server and is ' +
      'fetched as soon as the source works again. Check the mailbox under Admin → Mailboxes.\n\n' +
      'You get this once per outage.',
  },
};

/** What a preview fills every placeholder with: an example customer, agent, ticket and source. */
export const SAMPLE_VALUES: Record<string, string> = {
  'customer.name': 'Dana Example',
  'customer.email': 'dana@example.com',
  'ticket.number': '1042',
  'ticket.subject': 'My order has not arrived',
  'mailbox.name': 'Acme Support',
  'mailbox.address': 'support@example.com',
  'agent.name': 'Sam Agent',
  'agent.reason': 'which is assigned to you',
  'actor.name': 'Alex Lead',
  'message.text': 'Hello, the tracking page still shows nothing. Could you look into it?',
  'admin.name': 'Robin Admin',
  'source.type': 'IMAP',
  'source.error': 'authentication failed',
  'source.since': '2026-01-05T09:30:00.000Z',
  'source.lastFetchedAt': '2026-01-05T09:25:00.000Z',
};

const PLACEHOLDER = /\{\{\s*([a-z]+\.[a-zA-Z]+)\s*\}\}/g;

/** The placeholders a template uses that its key does not offer. */
export function unknownPlaceholders(key: TemplateKey, text: string): string[] {
  return [
    ...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !PLACEHOLDERS[key].includes(name))),
  ];
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text as HTML: escaped, line breaks kept. */
export const textToHtml = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>\n');

/** Control characters other than line breaks and tabs never reach a mail. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders a template: placeholders are replaced by values, never interpreted, so a
 * customer named `<script>` or `{{agent.name}}` is shown as written. The HTML part
 * escapes the template's own text and each value; the subject takes no line breaks
 * (no header injection).
 */
export function renderTemplate(template: MailTemplate, values: Record<string, string>): RenderedMail {
  const parts = (text: string) => {
    const out: { literal: boolean; text: string }[] = [];
    let last = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      out.push(
        { literal: true, text: text.slice(last, m.index) },
        { literal: false, text: printable(values[m[1]] ?? '') },
      );
      last = m.index + m[0].length;
    }
    out.push({ literal: true, text: text.slice(last) });
    return out;
  };
  const body = parts(template.body);
  return {
    subject: parts(template.subject)
      .map((p) => p.text)
      .join('')
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim()
      .slice(0, 900),
    text: body.map((p) => p.text).join(''),
    html: `<div>${body.map((p) => textToHtml(p.text)).join('')}</div>`,
  };
}
