import { Tx } from '../database/transactions';

/** What issuing an invitation came to: the mail to dispatch after the commit, or why there is none. */
export type InviteOutcome = { outboxId: number } | { refused: string };

/**
 * Invitations (a set-password link by mail) for users the admins create or invite again.
 * The rule is the users'; links and mail are password-links/'s, which provides this port,
 * so users/ needs neither mail-out/ nor sso/.
 */
export abstract class UserInvites {
  /**
   * Issues a new set-password link for `userId` (replacing any older one) and queues the
   * invitation in `tx`; `origin` is the address the link points at. Refused for a
   * deactivated user and for agents while single sign-on is enforced.
   */
  abstract issue(tx: Tx, userId: number, origin: string): Promise<InviteOutcome>;
  /** Queues the invitation's mail for sending, after the commit. Never throws. */
  abstract dispatch(outboxId: number): Promise<void>;
}
