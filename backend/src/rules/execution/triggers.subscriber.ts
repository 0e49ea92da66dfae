import { Injectable, Logger } from '@nestjs/common';
import { Savepoint, Tx } from '../../database/transactions';
import { SubscribesToTicketEvents, TicketEventBus } from '../../tickets/ticket-event-bus';
import { silencesTicket, StoredEvent, TicketEventSubscriber } from '../../tickets/ticket-events';
import { mayMatch } from '../engine/conditions';
import { RuleEvent } from '../engine/rule-types';
import { FieldCatalogService } from '../field-catalog.service';
import { ActiveRules } from './active-rules.service';
import { RuleContextRepository } from './rule-context.repository';
import { changesPerTicket, summarize, TicketChange } from './rule-event';
import { TriggerPass } from './trigger-pass.service';
import { TriggerQueue } from './trigger-queue.service';
import { TriggerRunsRepository } from './trigger-runs.repository';

/**
 * Hands ticket changes to the triggers, inside the change's transaction:
 * - a change no active trigger may match (judged from the change alone: its kind, what it
 *   changed, its message) costs nothing more;
 * - a mail's changes, and the changes rules make in a transaction that runs triggers, pass
 *   through the triggers right there (TriggerPass.inlineRound), under a savepoint taken
 *   when a rule acts: they commit with the change, so a spam trigger cancels the new
 *   ticket's acknowledgement before it can be sent, and agents never see a mail ticket
 *   before its routing. A pass that throws is rolled back to the savepoint and becomes a
 *   durable run instead; the mail is never held up by a rule;
 * - every other change (an agent, the API, the portal, an automation) gets one
 *   `trigger_runs` row per ticket and causing rule, and the worker runs it after the
 *   commit (nudged through the queue, swept when the job is lost).
 * Runs last among the subscribers of a round (order 100): rules act on what the change
 * and the others wrote, the acknowledgement included.
 */
@Injectable()
@SubscribesToTicketEvents()
export class TriggersSubscriber implements TicketEventSubscriber<number[]> {
  readonly name = 'triggers';
  readonly order = 100;
  private readonly logger = new Logger(TriggersSubscriber.name);

  constructor(
    private readonly active: ActiveRules,
    private readonly catalogs: FieldCatalogService,
    private readonly pass: TriggerPass,
    private readonly context: RuleContextRepository,
    private readonly bus: TicketEventBus,
    private readonly runs: TriggerRunsRepository,
    private readonly queue: TriggerQueue,
  ) {}

  async beforeCommit(events: readonly StoredEvent[], tx: Tx): Promise<number[]> {
    const { rules } = await this.active.triggers(tx);
    if (!rules.length) return [];
    const catalog = await this.catalogs.catalog(tx);
    // A ticket marked as spam or deleted runs no triggers: nothing may answer it or act on it.
    const silenced = new Set(events.filter(silencesTicket).map((e) => e.ticketId));
    const changes = changesPerTicket(events)
      .filter((change) => !silenced.has(change.ticketId))
      .map((change) => ({ change, event: summarize(change.events) }))
      .filter(({ change, event }) =>
        rules.some((r) => r.id !== change.causeRuleId && mayMatch(r.conditions, event, catalog)),
      );
    if (!changes.length) return [];
    const inline = this.pass.inlineRound(
      tx,
      changes.map((c) => c.event.cause),
    );
    const durable: TicketChange[] = [];
    for (const { change, event } of changes)
      if (!inline || !(await this.runInline(tx, change, event))) durable.push(change);
    return this.runs.insert(
      tx,
      durable.map((c) => ({ ticketId: c.ticketId, eventIds: c.events.map((e) => e.id), causeRuleId: c.causeRuleId })),
    );
  }

  async afterCommit(_events: readonly StoredEvent[], runIds: number[]): Promise<void> {
    for (const id of runIds) await this.queue.add(id);
  }

  /** The pass inside the transaction; false when it failed and was undone (a durable run takes over). */
  private async runInline(tx: Tx, change: TicketChange, event: RuleEvent): Promise<boolean> {
    let savepoint: Savepoint | undefined;
    try {
      const ticket = await this.context.lock(tx, change.ticketId);
      if (ticket)
        await this.pass.run(tx, ticket, event, change.causeRuleId, async () => {
          savepoint = await this.bus.savepoint(tx);
        });
      return true;
    } catch (e) {
      // A failed statement before the savepoint aborted the whole transaction: the run's
      // insert then fails too and the change is retried as a whole, which is what it needs.
      await savepoint?.rollback();
      this.logger.warn(
        `triggers on ticket ${change.ticketId} failed inside the change; a run in the worker retries them: ${(e as Error).stack ?? e}`,
      );
      return false;
    }
  }
}
