import type { SourceSecrets, SourceSettings } from '../source-settings';
import type { ProviderEndpoints } from '../../mail-providers/endpoints';

/**
 * What a connector gets from the fetcher: its settings and secrets, where fetching stands,
 * and the calls that record progress. Every write is fenced by the lease: when another
 * worker took the source over they throw {@link LeaseLost} and the connector stops.
 */
export interface SourceContext<S extends SourceSettings = SourceSettings> {
  readonly sourceId: number;
  readonly settings: S;
  readonly secrets: SourceSecrets;
  readonly mailboxAddress: string;
  readonly endpoints: ProviderEndpoints;
  /** Larger messages are not fetched (SMTP_MAX_MESSAGE_BYTES, as for SMTP). */
  readonly maxMessageBytes: number;
  /** Aborted when the fetcher stops (shutdown, lease lost, settings changed). */
  readonly signal: AbortSignal;
  /** The connector's own position (JSON), null before the first sync. */
  readonly cursor: unknown;
  /** When the last sync completed; bounds the rescan after a lost cursor. */
  readonly lastFetchedAt: Date | null;
  saveCursor(cursor: unknown): Promise<void>;
  /**
   * Commits messages to the spool in one transaction (resolves once durable); only then may
   * the connector mark them seen or move them on the server. Returns the remote ids spooled,
   * in order; a message refused (too large) is recorded as skipped and left as it is on the
   * server.
   */
  deliverAll(messages: { remoteId: string; raw: Buffer }[]): Promise<string[]>;
  /** Records a message that could not be fetched; it is retried on later syncs, then skipped. */
  failed(remoteId: string, reason: string, permanent?: boolean): Promise<void>;
  /** A message that failed before and is gone from the server now: forget the failure. */
  gone(remoteId: string): Promise<void>;
  /** Messages that failed before and are due for another try. */
  retrying(): Promise<string[]>;
  /** Stores credentials the provider rotated (a new refresh token). */
  saveSecrets(secrets: SourceSecrets): Promise<void>;
}

/** A connection to a source, open until `close` or a failure. */
export interface SourceSession {
  /** Fetches everything not fetched yet, and returns when caught up. @throws on a failure of the whole source. */
  sync(): Promise<void>;
  /**
   * Resolves when there may be new mail (IMAP IDLE said so, `nudge` resolved) or after `ms`;
   * rejects when the connection is lost.
   */
  waitForMail(ms: number, nudge: Promise<void>): Promise<void>;
  close(): Promise<void>;
  /** Change notifications (Graph subscriptions, Gmail watch); absent where the protocol has its own (IMAP IDLE). */
  readonly push?: PushChannel;
}

/** A subscription (Graph) or watch (Gmail) as the provider granted it. */
export interface PushGrant {
  /** The Graph subscription id; null for a Gmail watch (it is per mailbox). */
  subscriptionId: string | null;
  expiresAt: Date;
}

/** Where notifications go: the URLs under HELPDESK_PUBLIC_URL, and the secret Graph echoes. */
export interface PushTarget {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
}

/**
 * Keeps the provider notifying us of new mail. A notification only wakes the fetcher: mail
 * still comes through `sync`, so a lost or forged one loses or injects nothing.
 */
export interface PushChannel {
  /** What the subscription points at (a change of it means a new subscription), or why push cannot be used here. */
  target(urls: PushTarget): { target: string } | { unavailable: string };
  /**
   * Renews `current` when given (and still known to the provider), else creates one.
   * @throws ApiError or ProviderError when the provider refuses (the source keeps polling).
   */
  subscribe(urls: PushTarget, current: PushGrant | null): Promise<PushGrant>;
}

export interface Connector {
  /** @throws ProviderError (or a socket error) when the source cannot be reached or signed in to. */
  open(ctx: SourceContext): Promise<SourceSession>;
}

/** Thrown by a fenced write: another worker holds the source now. */
export class LeaseLost extends Error {
  constructor() {
    super('the lease of this source moved to another worker');
  }
}

/** The reason recorded for a message over the size limit. */
export const tooLarge = (size: number, limit: number) =>
  `too large: ${size} bytes, the limit is ${limit} (SMTP_MAX_MESSAGE_BYTES)`;
