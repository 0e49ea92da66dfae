import { Logger } from '@nestjs/common';
import { sleep } from '../common/sleep';
import { Connector, LeaseLost, SourceContext, SourceSession, tooLarge } from './connectors/connector';
import { MailSourcesRepository, SourceRow } from './mail-sources.repository';
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

  constructor(
    private readonly row: SourceRow,
    private readonly deps: FetcherDeps,
  ) {
    this.logger = new Logger(`MailSource ${row.mailboxAddress}`);
    this.cursor = row.cursor;
    this.lastFetchedAt = row.lastFetchedAt;
    this.labels = { mailbox: row.mailboxAddress, type: row.type };
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

  /** Checks for mail now instead of at the next poll (or retries now after a failure). */
  wake() {
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
        await session.waitForMail(this.row.settings.pollSeconds * 1000, this.nudge.promise);
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
