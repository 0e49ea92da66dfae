import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { Tx } from '../../database/transactions';
import { Cause } from '../../tickets/ticket-events';
import { ActionPlan, planActions } from '../engine/actions';
import { matches } from '../engine/conditions';
import { RuleEvent, TicketState } from '../engine/rule-types';
import { FieldCatalogService } from '../field-catalog.service';
import { ActiveRules } from './active-rules.service';
import { RuleContextRepository } from './rule-context.repository';
import { agentOf, mergeChange } from './rule-event';
import { RuleExecutor } from './rule-executor.service';

/**
 * Rounds of rules' own changes a transaction passes through the triggers inside itself;
 * past them, further changes get durable runs (two rules fighting meet the loop cap
 * there, and the event bus's own limit of rounds is never reached).
 */
const INLINE_ROUNDS = 4;

const doesSomething = (p: ActionPlan) =>
  Object.keys(p.changes).length > 0 ||
  p.roundRobin ||
  p.notes.length > 0 ||
  p.followers.length > 0 ||
  p.emails.length > 0 ||
  p.webhooks.length > 0 ||
  p.spam;

/**
 * One pass of the active triggers over one change of one locked ticket, in the admin's
 * order: each trigger sees the changes of the ones before it, the rule that caused the
 * change is skipped, and the loop cap pauses rules on a ticket that rules changed too
 * often in the last minute. Used by the worker's runner (durable runs) and, inside the
 * change's own transaction, by the triggers subscriber (mail-in, and rules' own changes).
 */
@Injectable()
export class TriggerPass {
  /** Transactions whose changes pass through the triggers inside them, with the rounds done. */
  private readonly inline = new WeakMap<Tx, number>();

  constructor(
    private readonly active: ActiveRules,
    private readonly context: RuleContextRepository,
    private readonly executor: RuleExecutor,
    private readonly catalogs: FieldCatalogService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** From now on, changes rules make in `tx` pass through the triggers inside it (a trigger pass's own transaction). */
  adopt(tx: Tx): void {
    if (!this.inline.has(tx)) this.inline.set(tx, 0);
  }

  /**
   * Whether this round of `tx`'s events runs its triggers inside the transaction: a mail's
   * changes (mail-in runs in the worker already, and the acknowledgement queued with the
   * new ticket must meet a spam trigger before it can leave), and rules' changes made in a
   * transaction that passes them inline, for a few rounds. Counts the round.
   */
  inlineRound(tx: Tx, causes: readonly Cause[]): boolean {
    if (causes.some((c) => c.kind === 'mail')) this.adopt(tx);
    const rounds = this.inline.get(tx);
    if (rounds === undefined || rounds >= INLINE_ROUNDS) return false;
    this.inline.set(tx, rounds + 1);
    return true;
  }

  /**
   * Runs the active triggers over `event` on `ticket` (locked by the caller). `beforeActing`
   * runs once, before the first write, so a caller can take a savepoint only when a rule
   * acts. Throws what is not a DomainError (the caller retries or falls back); a rule the
   * ticket refuses is recorded in the trail and the pass goes on.
   */
  async run(
    tx: Tx,
    ticket: TicketState,
    event: RuleEvent,
    causeRuleId: number | null,
    beforeActing?: () => Promise<void>,
  ): Promise<void> {
    const { rules, readsBody } = await this.active.triggers(tx);
    if (!rules.length || ticket.status === 'closed') return;
    if (readsBody && event.message && event.message.text === null)
      event.message.text = await this.context.messageText(event.message.id, tx);
    const now = this.clock.now();
    const cap = this.config.rules.changesPerMinute;
    // A ticket this very change created has no rule activity yet: no need to count it.
    const fresh = event.created && causeRuleId === null;
    const recent = fresh
      ? 0
      : (await this.context.ruleActivity(tx, ticket.id, new Date(now.getTime() - 60_000))).changes;
    if (recent >= cap) return;
    let budget = cap - recent;
    const catalog = await this.catalogs.catalog(tx);
    const agentId = agentOf(event.cause);
    let acting = false;
    const act = async () => {
      if (!acting) await beforeActing?.();
      acting = true;
    };
    let state = ticket;
    for (const rule of rules) {
      if (rule.id === causeRuleId) continue;
      if (state.status === 'closed') break;
      if (!matches(rule.conditions, { ticket: state, event, now, catalog })) continue;
      const plan = planActions(rule.actions, state, agentId);
      if (!doesSomething(plan)) continue;
      await act();
      const cause: Cause = { kind: 'rule', ruleId: rule.id };
      try {
        const done = await this.executor.execute(tx, state, plan, {
          cause,
          rule: { id: rule.id, title: rule.title },
          agentId,
          messageText: event.message?.text ?? null,
        });
        state = done.after;
        for (const c of done.changes) mergeChange(event.changes, c);
        budget -=
          done.changes.length + plan.notes.length + plan.emails.length + plan.webhooks.length + (plan.spam ? 1 : 0);
      } catch (e) {
        // A rule asking for the impossible (a deactivated assignee, a deleted group) fails alone, in the trail.
        if (!(e instanceof DomainError)) throw e;
        await this.executor.recordFailure(tx, ticket.id, cause, e.message);
        budget--;
      }
      if (budget <= 0) {
        await this.executor.recordPause(tx, ticket.id, cause, cap);
        break;
      }
    }
  }
}
