import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/transactions';
import { SubscribesToTicketEvents } from '../../tickets/ticket-event-bus';
import { StoredEvent, TicketEventSubscriber } from '../../tickets/ticket-events';
import { ActiveRules } from './active-rules.service';
import { TriggerQueue } from './trigger-queue.service';
import { TriggerRunsRepository } from './trigger-runs.repository';

/**
 * Hands ticket changes to the triggers durably: inside the change's transaction it writes
 * one `trigger_runs` row per ticket (and per causing rule: a rule's own changes never
 * re-fire it), and after the commit it nudges the worker through the queue. With no active
 * trigger nothing is written.
 */
@Injectable()
@SubscribesToTicketEvents()
export class TriggersSubscriber implements TicketEventSubscriber<number[]> {
  readonly name = 'triggers';

  constructor(
    private readonly active: ActiveRules,
    private readonly runs: TriggerRunsRepository,
    private readonly queue: TriggerQueue,
  ) {}

  async beforeCommit(events: readonly StoredEvent[], tx: Tx): Promise<number[]> {
    if (!(await this.active.triggers(tx)).rules.length) return [];
    const groups = new Map<string, { ticketId: number; eventIds: number[]; causeRuleId: number | null }>();
    for (const e of events) {
      const causeRuleId = e.cause.kind === 'rule' ? e.cause.ruleId : null;
      const key = `${e.ticketId}:${causeRuleId}`;
      const g = groups.get(key) ?? { ticketId: e.ticketId, eventIds: [], causeRuleId };
      g.eventIds.push(e.id);
      groups.set(key, g);
    }
    return this.runs.insert(tx, [...groups.values()]);
  }

  async afterCommit(_events: readonly StoredEvent[], runIds: number[]): Promise<void> {
    for (const id of runIds) await this.queue.add(id);
  }
}
