/**
 * Flags stored with an inbound message. `auto_reply`, `bounce` and `list` are automatic mail,
 * recognised on the way in (`mail-in/processing/classify.ts`, after RFC 3834 and what
 * Zammad, RT, FreeScout and osTicket check): never answered automatically, never reopening
 * a ticket. `unverified_sender` is mail from an agent's address that failed sender
 * verification (`mail-in/auth/agent-mail.ts`): kept as an internal note, never sent.
 */
export const MAIL_FLAGS = ['auto_reply', 'bounce', 'list', 'unverified_sender'] as const;
export type MailFlag = (typeof MAIL_FLAGS)[number];

/**
 * Flags of mail no person wrote to the customer: such a message is never quoted in mail we
 * send, never shown on the customer portal, never counted as an agent's response.
 */
export const NOT_FOR_CUSTOMERS: readonly MailFlag[] = ['auto_reply', 'bounce', 'list'];

/** Whether a message with these flags may reach a customer (quoted, on the portal). */
export const isForCustomers = (flags: readonly string[]) =>
  !flags.some((f) => (NOT_FOR_CUSTOMERS as readonly string[]).includes(f));
