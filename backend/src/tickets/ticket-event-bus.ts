import { Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { onCommit, Savepoint, Transactions, Tx } from '../database/transactions';
import { DomainEventsRepository } from './domain-events.repository';
import { StoredEvent, TicketEvent, TicketEventSubscriber } from './ticket-events';

/** The events one delivery round stored, and each subscriber's beforeCommit result for its afterCommit. */
interface Round {
  events: StoredEvent[];
  states: Map<TicketEventSubscriber<unknown>, unknown>;
}

/** Events recorded in one transaction, stored and handed to subscribers together when it commits. */
interface Batch {
  pending: TicketEvent[];
  rounds: Round[];
}

/**
 * A change made by a subscriber inside the transaction records events of its own, which
 * are stored and delivered in another round (beforeCommit and afterCommit alike); past
 * this many rounds two subscribers are fighting.
 */
const MAX_ROUNDS = 10;

const SUBSCRIBER = Symbol('ticket-event-subscriber');

/**
 * Marks a provider as a TicketEventSubscriber: the bus subscribes every such provider of
 * the running role when the application starts (in the order Nest lists them).
 */
export const SubscribesToTicketEvents = () => SetMetadata(SUBSCRIBER, true);

/**
 * Where ticket events go. The ticket domain service records each event in the
 * transaction of its change; before that transaction commits, the bus stores the
 * events in `domain_events` and runs the subscribers' `beforeCommit`; after the commit,
 * their `afterCommit`. Subscribers run in the order they subscribed.
 */
@Injectable()
export class TicketEventBus implements OnModuleInit {
  private readonly logger = new Logger(TicketEventBus.name);
  private readonly subscribers: TicketEventSubscriber<unknown>[] = [];
  private readonly batches = new WeakMap<Tx, Batch>();

  constructor(
    private readonly events: DomainEventsRepository,
    private readonly discovery: DiscoveryService,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit() {
    for (const provider of this.discovery.getProviders()) {
      if (provider.metatype && provider.instance && Reflect.getMetadata(SUBSCRIBER, provider.metatype))
        this.subscribe(provider.instance as TicketEventSubscriber<unknown>);
    }
  }

  /**
   * Adds a subscriber (providers marked @SubscribesToTicketEvents() are added at start-up);
   * returns what removes it again.
   */
  subscribe<S>(subscriber: TicketEventSubscriber<S>): () => void {
    const s = subscriber as TicketEventSubscriber<unknown>;
    if (!this.subscribers.includes(s)) this.subscribers.push(s);
    // Stable: equal orders keep the order of subscribing.
    this.subscribers.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    return () => {
      const i = this.subscribers.indexOf(s);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  /** The subscribers' names, in order. */
  get subscriberNames(): string[] {
    return this.subscribers.map((s) => s.name);
  }

  /** Records an event of a change made in `tx` (only the ticket domain service records). */
  record(tx: Tx, event: TicketEvent): void {
    let batch = this.batches.get(tx);
    if (!batch) {
      const created: Batch = { pending: [], rounds: [] };
      this.batches.set(tx, created);
      onCommit(tx, { before: () => this.beforeCommit(tx, created), after: () => this.afterCommit(created) });
      batch = created;
    }
    batch.pending.push(event);
  }

  /**
   * A savepoint in `tx` (Transactions.savepoint) whose rollback also forgets the events
   * recorded since, so a subscriber's change that failed inside the transaction is
   * neither stored nor announced, and the rest of the change commits.
   */
  async savepoint(tx: Tx): Promise<Savepoint> {
    const existed = this.batches.get(tx);
    const pending = existed?.pending.length ?? 0;
    const savepoint = await this.transactions.savepoint(tx);
    return {
      rollback: async () => {
        await savepoint.rollback();
        // A batch begun since lost its commit hook with the rollback: the next event begins anew.
        if (!existed) this.batches.delete(tx);
        else existed.pending.length = Math.min(existed.pending.length, pending);
      },
    };
  }

  private async beforeCommit(tx: Tx, batch: Batch): Promise<void> {
    for (let round = 1; batch.pending.length; round++) {
      if (round > MAX_ROUNDS)
        throw new Error(`ticket events: subscribers still changing tickets after ${MAX_ROUNDS} rounds`);
      const events = await this.events.append(tx, batch.pending.splice(0));
      const states = new Map<TicketEventSubscriber<unknown>, unknown>();
      batch.rounds.push({ events, states });
      for (const s of this.subscribers) {
        if (s.beforeCommit) states.set(s, await s.beforeCommit(events, tx));
      }
    }
  }

  private async afterCommit(batch: Batch): Promise<void> {
    for (const { events, states } of batch.rounds) {
      for (const s of this.subscribers) {
        if (!s.afterCommit) continue;
        try {
          await s.afterCommit(events, states.get(s));
        } catch (e) {
          this.logger.warn(`${s.name} after commit: ${(e as Error).stack ?? (e as Error).message}`);
        }
      }
    }
  }
}
