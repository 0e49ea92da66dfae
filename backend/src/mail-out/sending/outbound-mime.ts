import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { MailAttachmentRow } from '../../attachments/attachments.repository';
import type { OutboundSendRow } from '../outbox/outbox.repository';

/**
 * The mail of an outbox row as MIME (RFC 5322, built by nodemailer's composer): our signed
 * Message-ID, In-Reply-To and References, the reply address with the ticket's token, the
 * headers that stop auto-replies and loops. Every transport sends these bytes as they are.
 */
export function buildMime(
  row: OutboundSendRow,
  attachments: MailAttachmentRow[],
  loopHeader: { name: string; value: string },
): Promise<Buffer> {
  const headers: Record<string, string> = {
    // Asks Exchange and friends not to answer us with out-of-office or read receipts.
    'X-Auto-Response-Suppress': 'All',
    // Names this installation without revealing anything about it.
    [loopHeader.name]: loopHeader.value,
  };
  if (row.auto_submitted) headers['Auto-Submitted'] = row.auto_submitted;
  if (row.auto_submitted === 'auto-generated') headers['Precedence'] = 'bulk';
  const options: Mail.Options = {
    from: { name: row.from_name, address: row.from_address },
    to: row.to_addresses,
    cc: row.cc_addresses.length ? row.cc_addresses : undefined,
    replyTo: row.reply_to ?? undefined,
    subject: row.subject,
    text: row.body_text,
    html: row.body_html,
    messageId: row.mail_message_id,
    inReplyTo: row.in_reply_to ?? undefined,
    references: row.mail_references.length ? row.mail_references : undefined,
    headers,
    attachments: attachments.map((a) => ({
      filename: a.filename,
      contentType: a.content_type,
      content: a.data,
      cid: a.content_id ?? undefined,
      contentDisposition: a.inline ? 'inline' : 'attachment',
    })),
  };
  return new MailComposer(options).compile().build();
}
