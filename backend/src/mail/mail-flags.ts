/**
 * Automatic mail, recognised on the way in (`mail-in/processing/classify.ts`, after RFC
 * 3834 and what Zammad, RT, FreeScout and osTicket check): stored with the message, never
 * answered automatically, never reopening a ticket.
 */
export const MAIL_FLAGS = ['auto_reply', 'bounce', 'list'] as const;
export type MailFlag = (typeof MAIL_FLAGS)[number];

/**
 * Flags of mail no person wrote to the customer: such a message is never quoted in mail we
 * send, never shown on the customer portal, never counted as an agent's response.
 */
export const NOT_FOR_CUSTOMERS: readonly MailFlag[] = ['auto_reply', 'bounce', 'list'];

/** Whether a message with these flags may reach a customer (quoted, on the portal). */
export const isForCustomers = (flags: readonly string[]) =>
  !flags.some((f) => (NOT_FOR_CUSTOMERS as readonly string[]).includes(f));
