/**
 * Automatic mail, recognised on the way in (`mail-in/processing/classify.ts`, after RFC
 * 3834 and what Zammad, RT, FreeScout and osTicket check): stored with the message, never
 * answered automatically, never reopening a ticket.
 */
export const MAIL_FLAGS = ['auto_reply', 'bounce', 'list'] as const;
export type MailFlag = (typeof MAIL_FLAGS)[number];
