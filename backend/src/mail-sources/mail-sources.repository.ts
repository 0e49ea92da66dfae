import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import type { SourceSettings, SourceType } from './source-settings';

/** A source as stored, with what the fetcher and the API need of its mailbox. */
export interface SourceRow {
  id: number;
  mailboxId: number;
  mailboxAddress: string;
  mailboxActive: boolean;
  type: SourceType;
  enabled: boolean;
  settings: SourceSettings;
  /** Sealed with SecretKeyService (purpose `mail-source`, context the mailbox id). */
  secrets: Buffer | null;
  version: number;
  cursor: unknown;
  status: 'ok' | 'error';
  lastError: string | null;
  errorKind: string | null;
  errorSince: Date | null;
  alertedAt: Date | null;
  lastFetchedAt: Date | null;
  /** Messages given up on (mail_source_failures in state `skipped`). */
  skipped: number;
  push: PushRow;
}

/** How change notifications stand for a source (see PushState in connectors/connector.ts). */
export interface PushRow {
  state: 'active' | 'polling' | 'error';
  /** Why push is not active (not configured, or how creating the subscription failed). */
  error: string | null;
  /** What the subscription points at (our notification URL, the Pub/Sub topic). */
  target: string | null;
  /** The Graph subscription id; null for Gmail watches. */
  subscriptionId: string | null;
  /** Sealed with SecretKeyService (purpose `mail-source-push`, context the mailbox id). */
  clientState: Buffer | null;
  expiresAt: Date | null;
  /** When the fetcher renews the subscription (before it expires). */
  renewAt: Date | null;
}

/** A source a push notification may be for, as the api role looks it up. */
export interface PushLookupRow {
  id: number;
  mailboxId: number;
  settings: SourceSettings;
  clientState: Buffer | null;
}

export interface FailureRow {
  remoteId: string;
  state: 'retrying' | 'skipped';
  reason: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

const COLUMNS = `s.id, s.mailbox_id AS "mailboxId", m.address AS "mailboxAddress", m.active AS "mailboxActive", s.type,
  s.enabled, s.settings, s.secrets, s.version, s.cursor, s.status, s.last_error AS "lastError", s.error_kind AS "errorKind",
  s.error_since AS "errorSince", s.alerted_at AS "alertedAt", s.last_fetched_at AS "lastFetchedAt",
  (SELECT count(*)::int FROM mail_source_failures f WHERE f.source_id = s.id AND f.state = 'skipped') AS skipped,
  json_build_object('state', s.push_state, 'error', s.push_error, 'target', s.push_target,
    'subscriptionId', s.push_subscription_id, 'expiresAt', s.push_expires_at, 'renewAt', s.push_renew_at) AS push,
  s.push_client_state AS "pushClientState"`;
const FROM = `FROM mail_sources s JOIN mailboxes m ON m.id = s.mailbox_id`;

/**
 * Every SQL statement about mailbox sources: their settings, the fetch lease, the cursor,
 * the health shown on the mailbox and the messages that could not be fetched. Writes made
 * by a fetcher are fenced by its lease: a worker that lost the lease (it stalled, and
 * another took over) changes nothing, and learns so from the `false` it gets back.
 */
@Injectable()
export class MailSourcesRepository {
  constructor(private readonly sql: Sql) {}

  async byMailboxes(mailboxIds: number[]): Promise<SourceRow[]> {
    const rows = await this.sql.rows<RawRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.mailbox_id = ANY($1::bigint[])`, [
      mailboxIds,
    ]);
    return rows.map(toRow);
  }

  async byId(id: number): Promise<SourceRow | undefined> {
    const row = await this.sql.row<RawRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.id = $1`, [id]);
    return row && toRow(row);
  }

  // ---- Change notifications ----

  /** The Microsoft 365 source a Graph subscription belongs to (the api role checks the clientState). */
  bySubscription(subscriptionId: string): Promise<PushLookupRow | undefined> {
    return this.sql.row(
      `SELECT s.id, s.mailbox_id AS "mailboxId", s.settings, s.push_client_state AS "clientState"
         FROM mail_sources s WHERE s.push_subscription_id = $1 AND s.type = 'microsoft365'`,
      [subscriptionId],
    );
  }

  /** The Gmail sources reading this address with push on (normally one). */
  gmailByAddress(address: string): Promise<PushLookupRow[]> {
    return this.sql.rows(
      `SELECT s.id, s.mailbox_id AS "mailboxId", s.settings, NULL::bytea AS "clientState"
         FROM mail_sources s
        WHERE s.type = 'gmail' AND lower(s.settings->>'address') = lower($1) AND s.push_state = 'active'`,
      [address],
    );
  }

  /** Records how push stands (fenced by the lease, like every write of the fetcher). */
  async savePush(id: number, owner: string, p: PushRow): Promise<boolean> {
    return this.fenced(
      `push_state = $3, push_error = $4, push_target = $5, push_subscription_id = $6, push_client_state = $7,
       push_expires_at = $8, push_renew_at = $9`,
      id,
      owner,
      [p.state, p.error?.slice(0, 1000) ?? null, p.target, p.subscriptionId, p.clientState, p.expiresAt, p.renewAt],
    );
  }

  /** Creates the mailbox's source, replacing the one it had (a new identity starts afresh). */
  async replace(
    tx: Tx,
    mailboxId: number,
    s: { type: SourceType; enabled: boolean; settings: SourceSettings; secrets: Buffer },
  ) {
    await this.sql.execute(`DELETE FROM mail_sources WHERE mailbox_id = $1`, [mailboxId], tx);
    await this.sql.execute(
      `INSERT INTO mail_sources (mailbox_id, type, enabled, settings, secrets) VALUES ($1, $2, $3, $4, $5)`,
      [mailboxId, s.type, s.enabled, JSON.stringify(s.settings), s.secrets],
      tx,
    );
  }

  /** An edit of the same source: the fetcher reloads it (version), the cursor stays. */
  async update(id: number, s: { enabled: boolean; settings: SourceSettings; secrets: Buffer }) {
    await this.sql.execute(
      `UPDATE mail_sources SET enabled = $2, settings = $3, secrets = $4, version = version + 1, updated_at = now(),
              status = 'ok', last_error = NULL, error_kind = NULL, error_since = NULL, alerted_at = NULL
        WHERE id = $1`,
      [id, s.enabled, JSON.stringify(s.settings), s.secrets],
    );
  }

  async removeByMailbox(mailboxId: number) {
    await this.sql.execute(`DELETE FROM mail_sources WHERE mailbox_id = $1`, [mailboxId]);
  }

  // ---- The lease: one fetcher per source across worker replicas ----

  /** Sources that want a fetcher and have none (no lease, or one that expired unrenewed). */
  async unleased(): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT s.id ${FROM} WHERE s.enabled AND m.active AND (s.lease_expires_at IS NULL OR s.lease_expires_at < now())`,
    );
    return rows.map((r) => r.id);
  }

  /** Takes the lease of a free source; null when another worker holds it (or it is off). */
  async acquire(id: number, owner: string, ttlSeconds: number): Promise<SourceRow | null> {
    const [won] = await this.sql.rows<{ id: number }>(
      `UPDATE mail_sources s SET lease_owner = $2, lease_expires_at = now() + make_interval(secs => $3)
         FROM mailboxes m
        WHERE s.id = $1 AND m.id = s.mailbox_id AND s.enabled AND m.active
          AND (s.lease_owner = $2 OR s.lease_expires_at IS NULL OR s.lease_expires_at < now())
        RETURNING s.id`,
      [id, owner, ttlSeconds],
    );
    return won ? ((await this.byId(id)) ?? null) : null;
  }

  /**
   * Extends every lease `owner` holds on these sources; returns those still held, with their
   * version (a changed version means the settings changed: the fetcher restarts). A source
   * missing from the answer was lost, removed, disabled or had its mailbox deactivated.
   */
  async renew(owner: string, ids: number[], ttlSeconds: number): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.sql.rows<{ id: number; version: number }>(
      `UPDATE mail_sources s SET lease_expires_at = now() + make_interval(secs => $3)
         FROM mailboxes m
        WHERE s.id = ANY($2::bigint[]) AND s.lease_owner = $1 AND m.id = s.mailbox_id AND s.enabled AND m.active
        RETURNING s.id, s.version`,
      [owner, ids, ttlSeconds],
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** Gives a lease back (shutdown, or the source stopped), so another worker takes it at once. */
  async release(owner: string, ids: number[]) {
    if (!ids.length) return;
    await this.sql.execute(
      `UPDATE mail_sources SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY($2::bigint[]) AND lease_owner = $1`,
      [owner, ids],
    );
  }

  // ---- Fenced writes of the lease holder ----

  async saveCursor(id: number, owner: string, cursor: unknown): Promise<boolean> {
    return this.fenced(`cursor = $3`, id, owner, [JSON.stringify(cursor)]);
  }

  /** Stores rotated credentials (an OAuth2 provider issued a new refresh token). */
  async saveSecrets(id: number, owner: string, sealed: Buffer): Promise<boolean> {
    return this.fenced(`secrets = $3`, id, owner, [sealed]);
  }

  /** A sync completed: healthy, and caught up now. Returns when the outage it ends began (if one did). */
  async markFetched(id: number, owner: string): Promise<{ held: boolean; outageSince: Date | null }> {
    const [row] = await this.sql.rows<{ since: Date | null }>(
      `UPDATE mail_sources n SET status = 'ok', last_error = NULL, error_kind = NULL, error_since = NULL, alerted_at = NULL,
              last_fetched_at = now()
         FROM mail_sources o
        WHERE n.id = $1 AND o.id = n.id AND n.lease_owner = $2
        RETURNING o.error_since AS since`,
      [id, owner],
    );
    return { held: !!row, outageSince: row?.since ?? null };
  }

  /** Records a failing attempt; the outage's start is kept. Returns the state the alerting needs. */
  async markError(
    id: number,
    owner: string,
    kind: string,
    message: string,
  ): Promise<{ errorSince: Date; alertedAt: Date | null } | null> {
    const [row] = await this.sql.rows<{ errorSince: Date; alertedAt: Date | null }>(
      `UPDATE mail_sources SET status = 'error', last_error = $3, error_kind = $4, error_since = coalesce(error_since, now())
        WHERE id = $1 AND lease_owner = $2
        RETURNING error_since AS "errorSince", alerted_at AS "alertedAt"`,
      [id, owner, message.slice(0, 1000), kind],
    );
    return row ?? null;
  }

  /** Claims the one notice of the current outage: true for exactly one caller per outage. */
  async claimAlert(id: number, owner: string): Promise<boolean> {
    const rows = await this.sql.rows(
      `UPDATE mail_sources SET alerted_at = now()
        WHERE id = $1 AND lease_owner = $2 AND status = 'error' AND alerted_at IS NULL RETURNING id`,
      [id, owner],
    );
    return rows.length > 0;
  }

  private async fenced(set: string, id: number, owner: string, params: unknown[]): Promise<boolean> {
    const rows = await this.sql.rows(`UPDATE mail_sources SET ${set} WHERE id = $1 AND lease_owner = $2 RETURNING id`, [
      id,
      owner,
      ...params,
    ]);
    return rows.length > 0;
  }

  // ---- Messages that could not be fetched ----

  /**
   * Counts a failed attempt at one message. It is retried on later syncs until `maxAttempts`,
   * then skipped for good; `permanent` failures (too large) are skipped at once.
   */
  async recordFailure(
    sourceId: number,
    remoteId: string,
    reason: string,
    maxAttempts: number,
    permanent: boolean,
  ): Promise<'retrying' | 'skipped'> {
    const row = await this.sql.row<{ state: 'retrying' | 'skipped' }>(
      `INSERT INTO mail_source_failures (source_id, remote_id, state, reason)
       VALUES ($1, $2, CASE WHEN $4 OR $5 <= 1 THEN 'skipped' ELSE 'retrying' END, $3)
       ON CONFLICT (source_id, remote_id) DO UPDATE
          SET attempts = mail_source_failures.attempts + 1, reason = EXCLUDED.reason, last_failed_at = now(),
              state = CASE WHEN $4 OR mail_source_failures.attempts + 1 >= $5 THEN 'skipped' ELSE 'retrying' END
       RETURNING state`,
      [sourceId, remoteId, reason.slice(0, 1000), permanent, maxAttempts],
    );
    return row!.state;
  }

  /** The message was fetched after all (or is gone from the server): no longer a failure. */
  async clearFailure(sourceId: number, remoteId: string) {
    await this.sql.execute(`DELETE FROM mail_source_failures WHERE source_id = $1 AND remote_id = $2`, [
      sourceId,
      remoteId,
    ]);
  }

  /** Messages to try again on this sync, oldest first. */
  async retrying(sourceId: number): Promise<string[]> {
    const rows = await this.sql.rows<{ remoteId: string }>(
      `SELECT remote_id AS "remoteId" FROM mail_source_failures WHERE source_id = $1 AND state = 'retrying'
        ORDER BY first_failed_at LIMIT 100`,
      [sourceId],
    );
    return rows.map((r) => r.remoteId);
  }

  /** The failures of a mailbox's source, newest first. */
  async failures(mailboxId: number, limit: number): Promise<FailureRow[]> {
    return this.sql.rows(
      `SELECT f.remote_id AS "remoteId", f.state, f.reason, f.attempts, f.first_failed_at AS "firstFailedAt",
              f.last_failed_at AS "lastFailedAt"
         FROM mail_source_failures f JOIN mail_sources s ON s.id = f.source_id
        WHERE s.mailbox_id = $1 ORDER BY f.last_failed_at DESC LIMIT $2`,
      [mailboxId, limit],
    );
  }
}

type RawRow = Omit<SourceRow, 'push'> & {
  push: Omit<PushRow, 'clientState' | 'expiresAt' | 'renewAt'> & { expiresAt: string | null; renewAt: string | null };
  pushClientState: Buffer | null;
};

function toRow({ push, pushClientState, ...r }: RawRow): SourceRow {
  return {
    ...r,
    push: {
      ...push,
      clientState: pushClientState,
      expiresAt: push.expiresAt ? new Date(push.expiresAt) : null,
      renewAt: push.renewAt ? new Date(push.renewAt) : null,
    },
  };
}
