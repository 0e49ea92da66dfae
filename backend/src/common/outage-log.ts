/** The part of Nest's Logger an {@link OutageLog} writes to. */
export interface OutageLogger {
  warn(message: string): void;
  error(message: string): void;
  log(message: string): void;
}

const FIRST_REPEAT_MS = 1000;
const MAX_REPEAT_MS = 5 * 60_000;

/**
 * Logs one dependency's failures once per outage instead of once per failure: the first
 * failure with its reason, then at most one "still failing" line per period, the period
 * doubling from a second to five minutes, each line counting the failures since; the first
 * success after failures logs the recovery and how long it took. A database outage under
 * load is then a handful of lines, not thousands a second.
 */
export class OutageLog {
  private since: number | null = null;
  private failures = 0;
  private lastLogged = 0;
  private period = FIRST_REPEAT_MS;
  private lastReason = '';

  /**
   * @param what the dependency or action, as the lines name it ("PostgreSQL", "Redis (queue)").
   * @param now a clock, for tests.
   */
  constructor(
    private readonly logger: OutageLogger,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the dependency is failing now (a failure and no success since). */
  get failing(): boolean {
    return this.since !== null;
  }

  failure(err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    const now = this.now();
    this.failures++;
    this.lastReason = reason;
    if (this.since === null) {
      this.since = now;
      this.lastLogged = now;
      this.period = FIRST_REPEAT_MS;
      this.logger.error(`${this.what} failing: ${reason}`);
      return;
    }
    if (now - this.lastLogged >= this.period) {
      this.logger.warn(
        `${this.what} still failing after ${Math.round((now - this.since) / 1000)} s (${this.failures} failures): ${this.lastReason}`,
      );
      this.lastLogged = now;
      this.period = Math.min(this.period * 2, MAX_REPEAT_MS);
    }
  }

  success(): void {
    if (this.since === null) return;
    const seconds = ((this.now() - this.since) / 1000).toFixed(1);
    this.logger.log(`${this.what} recovered after ${seconds} s (${this.failures} failures)`);
    this.since = null;
    this.failures = 0;
  }
}
