import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OutageLog } from '../common/outage-log';
import { TRASH_DAYS } from './ticket.constants';
import { TicketsService } from './tickets.service';

/** How often the worker empties the trash of tickets deleted over TRASH_DAYS ago. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Worker role: purges tickets deleted over TRASH_DAYS ago for good, once an hour (and
 * shortly after start). Concurrent replicas are safe: each locks its batch with SKIP LOCKED.
 */
@Injectable()
export class TicketTrashPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TicketTrashPurger.name);
  /** The database's outages, logged once each. */
  private readonly outage = new OutageLog(this.logger, 'Purging deleted tickets');
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(private readonly tickets: TicketsService) {}

  onApplicationBootstrap() {
    const run = () =>
      void this.purge().then(
        (n) => {
          this.outage.success();
          if (n) this.logger.log(`purged ${n} tickets deleted over ${TRASH_DAYS} days ago`);
        },
        (e) => this.outage.failure(e),
      );
    this.first = setTimeout(run, 30_000);
    this.timer = setInterval(run, PURGE_INTERVAL_MS);
  }

  /** Before the database closes, so no purge starts against a closing pool. */
  beforeApplicationShutdown() {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** One pass; returns how many tickets were purged. */
  purge(): Promise<number> {
    return this.tickets.purgeDeleted();
  }
}
