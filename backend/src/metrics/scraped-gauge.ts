import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { withTimeout } from '../common/with-timeout';

/** One value of a gauge, with its labels. */
export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

export type GaugeSource = () => Promise<GaugeSample[]>;

/** How long a scraped value read from the database or Redis is reused (Prometheus and a dashboard may scrape at once). */
export const SCRAPE_CACHE_MS = 5000;

/** A source slower than this gives no samples, so a dependency that hangs never holds up the scrape. */
const SOURCE_TIMEOUT_MS = 2000;

/**
 * A gauge whose values are read when Prometheus scrapes, from whatever holds the truth
 * (the database, Redis, the Socket.IO server), instead of being kept in memory and
 * drifting from it. A provider of the app names the source while it runs (`readFrom`).
 *
 * A source that fails or hangs (the database is down) gives no samples, so the series are
 * absent for that scrape rather than a 0 that would clear an alert; the scrape itself
 * (process metrics, counters) still answers. Registered with prom-client as a custom metric
 * (`name`, `help`, `type`, `get()`), which its Registry supports.
 */
export class ScrapedGauge {
  readonly type = 'gauge';
  readonly aggregator = 'max';
  private source?: GaugeSource;
  private failing = false;
  private static readonly logger = new Logger('Metrics');

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
  ) {
    registry.registerMetric(this as never);
  }

  /** Reads the values from `source` at every scrape until the returned function is called. */
  readFrom(source: GaugeSource): () => void {
    this.source = source;
    return () => {
      if (this.source === source) this.source = undefined;
    };
  }

  async get() {
    let values: GaugeSample[] = [];
    try {
      values = this.source ? await withTimeout(this.source(), SOURCE_TIMEOUT_MS) : [];
      this.failing = false;
    } catch (e) {
      // Once per outage, not once per scrape.
      if (!this.failing) ScrapedGauge.logger.warn(`${this.name}: ${(e as Error).message}`);
      this.failing = true;
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset() {}
}

/**
 * A provider that feeds scraped gauges while its app runs: from bootstrap to shutdown.
 * Subclasses name each gauge with its source in `feeds()`.
 */
export abstract class GaugeFeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private stops: (() => void)[] = [];

  protected abstract feeds(): [ScrapedGauge, GaugeSource][];

  onApplicationBootstrap() {
    this.stops = this.feeds().map(([gauge, source]) => gauge.readFrom(source));
  }

  onApplicationShutdown() {
    for (const stop of this.stops.splice(0)) stop();
  }
}
