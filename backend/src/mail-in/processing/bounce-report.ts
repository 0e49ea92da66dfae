import type { ParsedInbound } from './parsed-mail';

/**
 * Why a delivery report says our mail failed (its Diagnostic-Code, else its Status),
 * or null when it only reports a delay, a relay or a delivery.
 */
export function bounceFailure(mail: Pick<ParsedInbound, 'text' | 'subject'>): string | null {
  const action = /^action:\s*([a-z]+)/im.exec(mail.text)?.[1]?.toLowerCase();
  if (action && action !== 'failed') return null;
  const diagnostic = /^diagnostic-code:\s*(?:smtp\s*;\s*)?(.+(?:\r?\n[ \t]+.+)*)/im.exec(mail.text)?.[1];
  const status = /^status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(mail.text)?.[1];
  const detail =
    diagnostic?.replace(/\s+/g, ' ').trim() ?? (status ? `status ${status}` : mail.subject || 'undeliverable');
  return `bounced: ${detail}`;
}
