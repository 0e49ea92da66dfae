/**
 * What the mailbox sources need from the rest of the help desk, as ports the app wires up
 * (so this folder imports neither the spool nor the outbox, and no folder cycle appears).
 */

/** One fetched message, raw, for the spool. */
export interface FetchedMail {
  sourceId: number;
  /** IMAP `UIDVALIDITY:UID`, or the Graph/Gmail message id: unique within the source. */
  remoteId: string;
  raw: Buffer;
  mailboxId: number;
  mailboxAddress: string;
  /** The source was read over TLS. */
  tls: boolean;
}

/**
 * The spool, the one way fetched mail enters the help desk. `storeAll` commits the messages
 * in one transaction and resolves once they are durable (and queued, or left for the
 * sweeper), with their spool ids in the order given; storing the same (source, remote id)
 * again returns the row stored the first time.
 */
export interface SourceSink {
  storeAll(mails: FetchedMail[]): Promise<number[]>;
}
export const SOURCE_SINK = Symbol('SOURCE_SINK');

/** A source failing long enough, or in a way only a person can fix: admins get a mail, once per outage. */
export interface SourceFailingNotice {
  mailboxId: number;
  mailboxAddress: string;
  sourceType: string;
  error: string;
  since: Date;
  lastFetchedAt: Date | null;
}
export interface SourceAlerts {
  sourceFailing(notice: SourceFailingNotice): Promise<void>;
}
export const SOURCE_ALERTS = Symbol('SOURCE_ALERTS');
