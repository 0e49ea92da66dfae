/**
 * Whether each outbox row this process wrote could be sent at once (a relay is set, or its
 * mailbox has its own transport), kept from the insert until `OutboxService.dispatch` after
 * the commit, so that dispatching a new mail asks the database nothing. Bounded: rows of
 * rolled-back transactions are never taken, and past `capacity` the oldest are forgotten
 * (dispatch then asks the database about them, as it does for rows other processes wrote).
 */
export class DispatchReadiness {
  private readonly ready = new Map<number, boolean>();

  constructor(private readonly capacity = 10_000) {}

  set(id: number, ready: boolean): void {
    this.ready.set(id, ready);
    if (this.ready.size > this.capacity) this.ready.delete(this.ready.keys().next().value as number);
  }

  /** What was noted for `id` (forgotten from then on); undefined when nothing was. */
  take(id: number): boolean | undefined {
    const ready = this.ready.get(id);
    this.ready.delete(id);
    return ready;
  }
}
