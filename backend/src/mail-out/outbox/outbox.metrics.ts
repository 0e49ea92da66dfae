import { Injectable } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { OutboundStatus } from '../../mail/outbound-status';
import { outboxMessages } from '../../metrics/metrics';
import { GaugeFeeder, GaugeSample, GaugeSource, SCRAPE_CACHE_MS, ScrapedGauge } from '../../metrics/scraped-gauge';
import { OutboxRepository } from './outbox.repository';

/** The statuses an operator watches; `sent` only grows and says nothing (deliveries count it). */
const WATCHED: readonly OutboundStatus[] = ['queued', 'sending', 'held', 'failed'];

/** Role worker: outbox rows by status, read from PostgreSQL at scrape time. */
@Injectable()
export class OutboxMetrics extends GaugeFeeder {
  private readonly counts = new ShortCache<GaugeSample[]>(SCRAPE_CACHE_MS);

  constructor(private readonly outbox: OutboxRepository) {
    super();
  }

  protected feeds(): [ScrapedGauge, GaugeSource][] {
    const read = async () =>
      (await this.outbox.countByStatus(WATCHED, 100_000)).map((r) => ({
        labels: { status: r.status },
        value: r.count,
      }));
    return [[outboxMessages, () => this.counts.get(read)]];
  }
}
