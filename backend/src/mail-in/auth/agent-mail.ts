import type { MailFlag } from '../../mail/mail-flags';
import type { AuthVerdict } from './sender-auth';

/** What is known of a message that comes from an agent's address. */
export interface AgentMailInput {
  /** The classifier's flags (auto_reply, bounce, list). */
  flags: readonly MailFlag[];
  /** The DMARC verdict stored at receipt; null when the message was never verified (another source, an old row). */
  dmarc: AuthVerdict | null;
  /** The message reached us through a relay the admin marked as trusted. */
  trustedRelay: boolean;
}

export interface AgentMailDecision {
  /** public: the agent's reply, mailed to the customer; internal: a note only agents see. */
  visibility: 'public' | 'internal';
  /** Why it is a note, shown on it; null for a verified reply. */
  flag: 'unverified_sender' | 'automatic' | null;
  /** Whether it may be mailed to the customer and followers. */
  send: boolean;
  /** Whether it is the agent's response to the customer (first response time). */
  countsAsResponse: boolean;
}

/**
 * What mail from an agent's address becomes. Anyone can write an agent's address in From,
 * so it counts as the agent's only when the sender is verified: DMARC passed (RFC 7489: SPF
 * or DKIM passed for a domain aligned with From), or it came through a trusted relay.
 * Otherwise it is an internal note flagged "unverified sender", never sent to anyone.
 * Automatic mail from an agent (their out-of-office, a bounce of their mailbox, list mail)
 * is never a reply either, verified or not: an internal note flagged automatic, never
 * sent, never the agent's response.
 */
export function agentMailDecision(m: AgentMailInput): AgentMailDecision {
  if (m.flags.length > 0) return { visibility: 'internal', flag: 'automatic', send: false, countsAsResponse: false };
  if (m.dmarc !== 'pass' && !m.trustedRelay)
    return { visibility: 'internal', flag: 'unverified_sender', send: false, countsAsResponse: false };
  return { visibility: 'public', flag: null, send: true, countsAsResponse: true };
}
