/**
 * A value read at most once per `ttlMs` (settings that change rarely and are read for
 * every mail), shared by concurrent callers; a failed read is not kept.
 *
 * A caller holding a transaction passes `inTransaction`: it reads on its own transaction
 * rather than wait for a read another caller has in flight, because that read may be
 * waiting for the very pool connection the transaction holds (with every connection
 * held so, each waits for the other until the pool gives up).
 */
export class ShortCache<T> {
  private entry?: { at: number; value: Promise<T>; settled: boolean };

  constructor(private readonly ttlMs = 1000) {}

  get(load: () => Promise<T>, inTransaction = false): Promise<T> {
    const e = this.entry;
    if (e && Date.now() - e.at <= this.ttlMs && (e.settled || !inTransaction)) return e.value;
    const entry = { at: Date.now(), value: load(), settled: false };
    this.entry = entry;
    entry.value.then(
      () => (entry.settled = true),
      () => this.entry === entry && (this.entry = undefined),
    );
    return entry.value;
  }

  clear(): void {
    this.entry = undefined;
  }
}
