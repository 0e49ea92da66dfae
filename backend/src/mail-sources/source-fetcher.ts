import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { sleep } from '../common/sleep';
import { Connector, LeaseLost, PushGrant, SourceContext, SourceSession, tooLarge } from './connectors/connector';
import { MailSourcesRepository, PushRow, SourceRow } from './mail-sources.repository';
import { pushUrls } from './push-urls';
import type { ProviderEndpoints } from '../mail-providers/endpoints';
import { SourceAlerts, SourceSink } from './source-ports';
import { ProviderError, toProviderError } from '../mail-providers/provider-error';
import { forgetSourceMetrics, sourceErrors, sourceLastFetch, sourceMessages, sourceUp } from './source-metrics';
import type { SourceSecrets } from './source-settings';

/** A message failing this many syncs in a row is skipped for good (recorded with its reason). */
export const MESSAGE_ATTEMPTS = 3;
/** Transient failures (network, server, throttling) are told to admins when they last this long. */
export const ALERT_AFTER_MS = 10 * 60_000;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** With push active, polling goes on this seldom at least: the safety net for lost notifications. */
export const PUSH_SAFETY_POLL_MS = 15 * 60_000;
/** A subscription is renewed half-way to its expiry, and at least daily (Gmail asks for that). */
const PUSH_RENEW_MAX_MS = 24 * 3600_000;
/** After push failed, it is tried again this much later (or at once when Graph asks, or on a restart). */
const PUSH_RETRY_MS = 15 * 60_000;

export interface FetcherDeps {
  repo: MailSourcesRepository;
  sink: SourceSink;
  alerts: SourceAlerts;
  connector: Connector;
  endpoints: ProviderEndpoints;
  owner: string;
  maxMessageBytes: number;
  openSecrets(row: SourceRow): SourceSecrets;
  sealSecrets(mailboxId: number, secrets: SourceSecrets): Buffer;
  /** Called when the fetcher stops on its own (the lease moved). */
  onLost(sourceId: number): void;
  /** HELPDESK_PUBLIC_URL, where providers reach our notification routes; undefined: polling only. */
  publicUrl?: string;
  /** Seals the Graph clientState for storage. @throws when the secret key changed (openPush). */
  sealPush(mailboxId: number, clientState: string): Buffer;
  openPush(mailboxId: number, sealed: Buffer): string;
}

/**
 * Fetches for one source while this worker holds its lease: sync, wait for mail (IDLE or the
 * poll interval), sync again. A failure closes the connection and retries with exponential
 * backoff (1 s doubling to 5 min, with jitter); the source reads back as `error` with the
 * reason; the log gets the first failure of an outage and then only every 4th power of the
 * attempts, and admins one mail per outage. A message that cannot be fetched is recorded and
 * skipped by the connector; it never stops the others.
 */
export class SourceFetcher {
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private nudge!: { promise: Promise<void>; resolve: () => void; fired: boolean };
  /** Messages on their second or later try: a success clears their failure record. */
  private readonly retryingIds = new Set<string>();
  private running?: Promise<void>;
  private failures = 0;
  private cursor: unknown;
  private lastFetchedAt: Date | null;
  private readonly labels: { mailbox: string; type: string };
  /** Opened once; rotated credentials replace them in place. */
  private secrets?: SourceSecrets;
  /** How push stands, as last stored. */
  private push: PushRow;
  /** Graph asked (lifecycle notification) to renew or re-create the subscription. */
  private pushDue = false;
  private nextPushTry = 0;

  constructor(
    private readonly row: SourceRow,
    private readonly deps: FetcherDeps,
  ) {
    this.logger = new Logger(`MailSource ${row.mailboxAddress}`);
    this.cursor = row.cursor;
    this.lastFetchedAt = row.lastFetchedAt;
    this.labels = { mailbox: row.mailboxAddress, type: row.type };
    this.push = row.push;
    this.renewNudge();
  }

  get sourceId() {
    return this.row.id;
  }

  get version() {
    return this.row.version;
  }

  get mailboxId() {
    return this.row.mailboxId;
  }

  start() {
    this.running = this.run().catch((e) => this.logger.error(`fetcher stopped: ${(e as Error).stack}`));
  }

  /** Stops fetching and closes the connection; resolves when done. */
  async stop() {
    this.abort.abort();
    this.nudge.resolve();
    await this.running;
    forgetSourceMetrics(this.labels);
  }

  /**
   * Checks for mail now instead of at the next poll (or retries now after a failure);
   * `resubscribe`: renew or re-create the push subscription too.
   */
  wake(opts: { resubscribe?: boolean } = {}) {
    if (opts.resubscribe) this.pushDue = true;
    this.nudge.resolve();
  }

  private renewNudge() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const nudge = { promise, fired: false, resolve: () => ((nudge.fired = true), resolve()) };
    this.nudge = nudge;
  }

  private async run() {
    let session: SourceSession | undefined;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        session ??= await this.deps.connector.open(this.context());
        await session.sync();
        await this.succeeded();
        await this.keepPush(session);
        await session.waitForMail(this.waitMs(), this.nudge.promise);
        if (this.nudge.fired) this.renewNudge();
      } catch (e) {
        await session?.close().catch(() => undefined);
        session = undefined;
        if (signal.aborted) break;
        if (e instanceof LeaseLost) {
          this.logger.warn(e.message);
          this.deps.onLost(this.row.id);
          break;
        }
        const delay = await this.failed(toProviderError(e)).catch((err) => {
          if (err instanceof LeaseLost) return -1;
          this.logger.warn(`recording a failure: ${(err as Error).message}`);
          return BACKOFF_MAX_MS;
        });
        if (delay < 0) {
          this.deps.onLost(this.row.id);
          break;
        }
        await sleep(delay, signal, this.nudge.promise);
        this.renewNudge();
      }
    }
    await session?.close().catch(() => undefined);
  }

  /** Until the next check: the poll interval, longer while push is active, but never past a renewal. */
  private waitMs(): number {
    const poll = this.row.settings.pollSeconds * 1000;
    if (this.push.state !== 'active') return poll;
    const renewIn = (this.push.renewAt?.getTime() ?? Infinity) - Date.now();
    return Math.max(1000, Math.min(Math.max(poll, PUSH_SAFETY_POLL_MS), renewIn));
  }

  /**
   * Keeps the provider's change notifications coming (after a sync, so a new subscription
   * never hides mail that arrived before it): creates the subscription when there is none or
   * it points elsewhere, renews it when due, and records how push stands. Failures leave the
   * source polling with the reason shown; only a lost lease stops the fetcher.
   */
  private async keepPush(session: SourceSession) {
    const channel = session.push;
    if (!channel) return;
    const base = this.deps.publicUrl;
    let clientState: string | null = null;
    if (this.push.clientState) {
      try {
        clientState = this.deps.openPush(this.row.mailboxId, this.push.clientState);
      } catch {
        // The secret key changed: a new secret, and so a new subscription (below).
      }
    }
    const fresh = clientState === null;
    clientState ??= randomBytes(32).toString('base64url');
    const urls = base
      ? {
          notificationUrl: pushUrls(base).graph,
          lifecycleNotificationUrl: pushUrls(base).graphLifecycle,
          clientState,
        }
      : null;
    const target = urls ? channel.target(urls) : { unavailable: 'HELPDESK_PUBLIC_URL is not set' };
    if ('unavailable' in target) {
      if (this.push.state !== 'polling' || this.push.error !== target.unavailable)
        await this.savePush({ ...NO_PUSH, error: target.unavailable });
      return;
    }
    const now = Date.now();
    const same = this.push.target === target.target && !fresh;
    const due = this.pushDue || !same || this.push.state !== 'active' || (this.push.renewAt?.getTime() ?? 0) <= now;
    if (!due || (this.push.state === 'error' && same && !this.pushDue && now < this.nextPushTry)) return;
    this.pushDue = false;
    const current: PushGrant | null =
      same && this.push.subscriptionId
        ? { subscriptionId: this.push.subscriptionId, expiresAt: this.push.expiresAt ?? new Date(0) }
        : null;
    let grant: PushGrant;
    try {
      grant = await channel.subscribe(urls!, current);
    } catch (e) {
      if (e instanceof LeaseLost || this.abort.signal.aborted) throw e;
      this.nextPushTry = now + PUSH_RETRY_MS;
      const reason = `${(e as Error).message}; polling every ${this.row.settings.pollSeconds} s meanwhile`;
      if (this.push.state !== 'error' || this.push.error !== reason)
        this.logger.warn(`change notifications could not be set up: ${reason}`);
      // Stored with its target and secret, so the next syncs wait for the retry time instead of trying at once.
      await this.savePush({
        ...(same ? this.push : { ...NO_PUSH, target: target.target }),
        clientState: same ? this.push.clientState : this.deps.sealPush(this.row.mailboxId, clientState),
        state: 'error',
        error: reason,
        renewAt: null,
      });
      return;
    }
    const renewAt = new Date(now + Math.min(PUSH_RENEW_MAX_MS, (grant.expiresAt.getTime() - now) / 2));
    if (this.push.state !== 'active')
      this.logger.log(`change notifications active until ${grant.expiresAt.toISOString()}`);
    await this.savePush({
      state: 'active',
      error: null,
      target: target.target,
      subscriptionId: grant.subscriptionId,
      clientState: same ? this.push.clientState : this.deps.sealPush(this.row.mailboxId, clientState),
      expiresAt: grant.expiresAt,
      renewAt,
    });
  }

  private async savePush(next: PushRow) {
    if (!(await this.deps.repo.savePush(this.row.id, this.deps.owner, next))) throw new LeaseLost();
    this.push = next;
  }

  private async succeeded() {
    const { held, outageSince } = await this.deps.repo.markFetched(this.row.id, this.deps.owner);
    if (!held) throw new LeaseLost();
    this.lastFetchedAt = new Date();
    if (this.failures > 0 || outageSince)
      this.logger.log(
        `fetching works again${outageSince ? ` after failing since ${outageSince.toISOString()}` : ''} (${this.failures} failed attempts)`,
      );
    this.failures = 0;
    sourceUp.set(this.labels, 1);
    sourceLastFetch.set(this.labels, Date.now() / 1000);
  }

  /** Records a failed attempt and returns how long to wait before the next. */
  private async failed(err: ProviderError): Promise<number> {
    this.failures++;
    sourceUp.set(this.labels, 0);
    sourceErrors.inc({ ...this.labels, kind: err.kind });
    const state = await this.deps.repo.markError(this.row.id, this.deps.owner, err.kind, err.message);
    if (!state) throw new LeaseLost();
    // The first failure of an outage, then 4, 16, 64…: an outage of a day writes a handful of lines.
    if (this.failures === 1 || Math.log2(this.failures) % 2 === 0)
      this.logger.warn(
        `${err.message} (attempt ${this.failures}, failing since ${state.errorSince.toISOString()}; retrying with backoff)`,
      );
    const lasting = Date.now() - state.errorSince.getTime() >= ALERT_AFTER_MS;
    if (
      !state.alertedAt &&
      (err.needsPerson || lasting) &&
      (await this.deps.repo.claimAlert(this.row.id, this.deps.owner))
    ) {
      await this.deps.alerts
        .sourceFailing({
          mailboxId: this.row.mailboxId,
          mailboxAddress: this.row.mailboxAddress,
          sourceType: this.row.type,
          error: err.message,
          since: state.errorSince,
          lastFetchedAt: this.lastFetchedAt,
        })
        .catch((e) => this.logger.warn(`could not notify admins: ${(e as Error).message}`));
    }
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(this.failures - 1, 20));
    const jittered = backoff * (0.8 + Math.random() * 0.4);
    return Math.max(jittered, err.retryAfterMs ?? 0);
  }

  private context(): SourceContext {
    const { repo, owner, sink } = this.deps;
    const row = this.row;
    if (!this.secrets) {
      try {
        this.secrets = this.deps.openSecrets(row);
      } catch (e) {
        throw new ProviderError('config', (e as Error).message);
      }
    }
    const secrets = this.secrets;
    const count = (outcome: string, n = 1) => sourceMessages.inc({ ...this.labels, outcome }, n);
    const failed = async (remoteId: string, reason: string, permanent = false) => {
      const state = await repo.recordFailure(row.id, remoteId, reason, MESSAGE_ATTEMPTS, permanent);
      count(state === 'skipped' ? 'skipped' : 'failed');
      if (state === 'skipped') this.logger.warn(`skipped message ${remoteId}: ${reason}`);
    };
    const position = () => ({ cursor: this.cursor, lastFetchedAt: this.lastFetchedAt });
    return {
      sourceId: row.id,
      settings: row.settings,
      secrets,
      mailboxAddress: row.mailboxAddress,
      endpoints: this.deps.endpoints,
      maxMessageBytes: this.deps.maxMessageBytes,
      signal: this.abort.signal,
      get cursor() {
        return position().cursor;
      },
      get lastFetchedAt() {
        return position().lastFetchedAt;
      },
      saveCursor: async (cursor) => {
        if (!(await repo.saveCursor(row.id, owner, cursor))) throw new LeaseLost();
        this.cursor = cursor;
      },
      deliverAll: async (messages) => {
        const accepted: { remoteId: string; raw: Buffer }[] = [];
        for (const m of messages) {
          if (m.raw.length <= this.deps.maxMessageBytes) accepted.push(m);
          else await failed(m.remoteId, tooLarge(m.raw.length, this.deps.maxMessageBytes), true);
        }
        if (!accepted.length) return [];
        await sink.storeAll(
          accepted.map(({ remoteId, raw }) => ({
            sourceId: row.id,
            remoteId,
            raw,
            mailboxId: row.mailboxId,
            mailboxAddress: row.mailboxAddress,
            tls: row.settings.type !== 'imap' || row.settings.tls !== 'none',
          })),
        );
        count('fetched', accepted.length);
        for (const { remoteId } of accepted)
          if (this.retryingIds.delete(remoteId)) await repo.clearFailure(row.id, remoteId);
        return accepted.map((m) => m.remoteId);
      },
      failed,
      gone: (remoteId) => (this.retryingIds.delete(remoteId), repo.clearFailure(row.id, remoteId)),
      retrying: async () => {
        const ids = await repo.retrying(row.id);
        for (const id of ids) this.retryingIds.add(id);
        return ids;
      },
      saveSecrets: async (next) => {
        if (!(await repo.saveSecrets(row.id, owner, this.deps.sealSecrets(row.mailboxId, next)))) throw new LeaseLost();
        // The connector reads its secrets from this object: the next token request uses the new ones.
        Object.assign(secrets, next);
      },
    };
  }
}

const NO_PUSH: PushRow = {
  state: 'polling',
  error: null,
  target: null,
  subscriptionId: null,
  clientState: null,
  expiresAt: null,
  renewAt: null,
};
