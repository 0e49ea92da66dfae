import { Injectable } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { spoolBacklog, spoolOldestAge } from '../../metrics/metrics';
import { GaugeFeeder, GaugeSource, SCRAPE_CACHE_MS, ScrapedGauge } from '../../metrics/scraped-gauge';
import { SpoolBacklog, SpoolRepository } from './spool.repository';

/** Role worker: the spool's backlog gauges, read from PostgreSQL at scrape time (one query for both). */
@Injectable()
export class SpoolMetrics extends GaugeFeeder {
  private readonly backlog = new ShortCache<SpoolBacklog>(SCRAPE_CACHE_MS);

  constructor(private readonly spool: SpoolRepository) {
    super();
  }

  protected feeds(): [ScrapedGauge, GaugeSource][] {
    const read = () => this.backlog.get(() => this.spool.backlog());
    return [
      [spoolBacklog, async () => [{ value: (await read()).count }]],
      [spoolOldestAge, async () => [{ value: (await read()).oldestAgeSeconds }]],
    ];
  }
}
