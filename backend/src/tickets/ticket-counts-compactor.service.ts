import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OutageLog } from '../common/outage-log';
import { TicketCountsRepository } from './ticket-counts.repository';

/**
 * Worker role: folds ticket count deltas into the counters every few seconds, so the
 * sidebar's count query stays a sum over a small table. Concurrent replicas are safe:
 * each delta row is deleted (and counted) exactly once.
 */
@Injectable()
export class TicketCountsCompactor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TicketCountsCompactor.name);
  /** The database's outages, logged once each. */
  private readonly outage = new OutageLog(this.logger, 'Compacting ticket counts');
  private timer?: NodeJS.Timeout;

  constructor(private readonly counts: TicketCountsRepository) {}

  onApplicationBootstrap() {
    this.timer = setInterval(
      () =>
        void this.compact().then(
          () => this.outage.success(),
          (e) => this.outage.failure(e),
        ),
      5000,
    );
  }

  /** Before the database closes, so no compaction starts against a closing pool. */
  beforeApplicationShutdown() {
    clearInterval(this.timer);
  }

  compact(): Promise<number> {
    return this.counts.compact();
  }
}
