import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Connector } from './connectors/connector';
import { GmailConnector } from './connectors/gmail.connector';
import { GraphConnector } from './connectors/graph.connector';
import { ImapConnector } from './connectors/imap.connector';
import { MailSourcesRepository, SourceRow } from './mail-sources.repository';
import { MailSourcesService } from './mail-sources.service';
import { SourceFetcher } from './source-fetcher';
import { sourceLeases } from './source-metrics';
import { PROVIDER_ENDPOINTS, ProviderEndpoints } from '../mail-providers/endpoints';
import { SOURCE_ALERTS, SOURCE_SINK, SourceAlerts, SourceSink } from './source-ports';
import { REDIS } from '../redis/redis.module';
import { channelFor } from '../realtime/realtime.publisher';
import { watchRedis } from '../redis/watch-redis';
import { SOURCE_WAKE_CHANNEL, SourceWake } from './push-urls';
import type { SourceType } from './source-settings';

/** A lease not renewed for this long moves to another worker (the holder died or hangs). */
export const LEASE_SECONDS = 30;
/** How often leases are renewed and free sources taken. */
const TICK_MS = 5000;

const CONNECTORS: Record<SourceType, () => Connector> = {
  imap: () => new ImapConnector(),
  microsoft365: () => new GraphConnector(),
  gmail: () => new GmailConnector(),
};

/**
 * The worker role's sources: exactly one fetcher per source across all worker replicas. A
 * lease row in PostgreSQL (`mail_sources.lease_owner`, `lease_expires_at`, database time)
 * names the worker that fetches; it renews its leases every 5 s, and a lease left unrenewed
 * for 30 s (the worker died, or lost its database) is taken by the next worker that looks.
 * Every write of a fetcher is fenced by the lease, so a worker that stalled past its lease
 * and wakes up changes nothing. On shutdown the leases are given back at once.
 */
@Injectable()
export class SourceRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SourceRegistry.name);
  /** This process, as lease owner: host, pid and a random part (pids repeat across containers). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly fetchers = new Map<number, SourceFetcher>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopping = false;
  /** Subscribed to the wake-ups change notifications cause (sent by the api role). */
  private wakes?: Redis;

  constructor(
    private readonly repo: MailSourcesRepository,
    private readonly sources: MailSourcesService,
    @Inject(SOURCE_SINK) private readonly sink: SourceSink,
    @Inject(SOURCE_ALERTS) private readonly alerts: SourceAlerts,
    @Inject(PROVIDER_ENDPOINTS) private readonly endpoints: ProviderEndpoints,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap() {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    // A lost wake-up costs only latency: polling goes on beside push.
    const channel = channelFor(this.redis, SOURCE_WAKE_CHANNEL);
    this.wakes = watchRedis(this.redis.duplicate({ enableReadyCheck: false }), 'mail source wake-ups');
    this.wakes.on('message', (_channel: string, raw: string) => this.onWake(raw));
    this.wakes
      .subscribe(channel)
      .catch((e: Error) => this.logger.error(`cannot subscribe to ${channel}: ${e.message}`));
  }

  private onWake(raw: string) {
    try {
      const w = JSON.parse(raw) as SourceWake;
      this.fetchers.get(Number(w.sourceId))?.wake({ resubscribe: w.resubscribe === true });
    } catch {
      // Not ours to read: ignored.
    }
  }

  async beforeApplicationShutdown() {
    this.stopping = true;
    clearInterval(this.timer);
    this.wakes?.disconnect();
    await this.ticking;
    const ids = [...this.fetchers.keys()];
    await Promise.all([...this.fetchers.values()].map((f) => f.stop()));
    this.fetchers.clear();
    sourceLeases.set(0);
    await this.repo.release(this.owner, ids).catch(() => undefined);
  }

  /** Sources this process fetches for (by source id). */
  get held(): number[] {
    return [...this.fetchers.keys()];
  }

  /**
   * Renews the leases held (stopping fetchers whose source went away, was switched off or
   * changed) and takes free sources. Runs every 5 s; callers may run it sooner.
   */
  tick(): Promise<void> {
    this.ticking ??= this.renewAndTake()
      .catch((e) => this.logger.warn(`mail sources: ${(e as Error).message}`))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Checks a mailbox's source for new mail now (or every source), instead of at the next poll. */
  wake(mailboxId?: number) {
    for (const f of this.fetchers.values()) if (mailboxId === undefined || f.mailboxId === mailboxId) f.wake();
  }

  private async renewAndTake() {
    const held = await this.repo.renew(this.owner, this.held, LEASE_SECONDS);
    for (const [id, fetcher] of this.fetchers) {
      const version = held.get(id);
      if (version === fetcher.version) continue;
      this.fetchers.delete(id);
      await fetcher.stop();
      if (version === undefined) await this.repo.release(this.owner, [id]);
      // A changed version: the settings changed; start again with them (still our lease).
      else await this.take(id);
    }
    if (this.stopping) return;
    const free = shuffle(await this.repo.unleased());
    for (const id of free) if (!this.fetchers.has(id) && !this.stopping) await this.take(id);
    sourceLeases.set(this.fetchers.size);
  }

  private async take(id: number) {
    const row = await this.repo.acquire(id, this.owner, LEASE_SECONDS);
    if (row) this.start(row);
  }

  private start(row: SourceRow) {
    const fetcher = new SourceFetcher(row, {
      repo: this.repo,
      sink: this.sink,
      alerts: this.alerts,
      connector: CONNECTORS[row.type](),
      endpoints: this.endpoints,
      owner: this.owner,
      maxMessageBytes: this.config.smtp.maxMessageBytes,
      openSecrets: (r) => this.sources.openSecrets(r),
      sealSecrets: (mailboxId, secrets) => this.sources.sealSecrets(mailboxId, secrets),
      publicUrl: this.config.http.publicUrl,
      sealPush: (mailboxId, clientState) => this.sources.sealPush(mailboxId, clientState),
      openPush: (mailboxId, sealed) => this.sources.openPush(mailboxId, sealed),
      onLost: (sourceId) => {
        if (this.fetchers.get(sourceId) === fetcher) this.fetchers.delete(sourceId);
      },
    });
    this.fetchers.set(row.id, fetcher);
    fetcher.start();
  }
}

/** Workers starting together try sources in different orders, so they spread out. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
