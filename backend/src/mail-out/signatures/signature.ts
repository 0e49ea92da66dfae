import { renderTemplate } from '../templates/mail-templates';

/** The placeholders a mailbox signature may use. */
export const SIGNATURE_PLACEHOLDERS = ['agent.name', 'agent.title', 'agent.email', 'agent.signature', 'mailbox.name'];

/** What a reply's signature is made of: the mailbox's (a template) and the replying agent's own. */
export interface SignatureSource {
  mailboxSignature: string;
  mailboxName: string;
  agent: { name: string; title: string; email: string; signature: string } | null;
}

export interface RenderedSignature {
  text: string;
  html: string;
}

/**
 * The signature under a reply: the agent's own signature, then the mailbox's with its
 * placeholders filled in (`{{agent.name}}`, `{{agent.title}}`, `{{agent.email}}`,
 * `{{mailbox.name}}`); a mailbox signature that places `{{agent.signature}}` itself gets the
 * agent's there instead. Values are inserted as written, never interpreted (escaped in HTML).
 * Null when there is nothing to add.
 */
export function renderSignature(s: SignatureSource): RenderedSignature | null {
  const agentSignature = s.agent?.signature.trim() ?? '';
  const mailboxSignature = s.mailboxSignature.trim();
  const placesAgent = /\{\{\s*agent\.signature\s*\}\}/.test(mailboxSignature);
  const template = placesAgent
    ? mailboxSignature
    : [agentSignature && '{{agent.signature}}', mailboxSignature].filter(Boolean).join('\n\n');
  if (!template) return null;
  const rendered = renderTemplate(
    { subject: '', body: template },
    {
      'agent.name': s.agent?.name ?? '',
      'agent.title': s.agent?.title ?? '',
      'agent.email': s.agent?.email ?? '',
      'agent.signature': agentSignature,
      'mailbox.name': s.mailboxName,
    },
  );
  // Lines a missing title or name left empty at the end do not linger.
  const text = rendered.text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text ? { text, html: rendered.html } : null;
}
