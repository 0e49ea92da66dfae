import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { LOCKS } from '../../database/locks';
import { Transactions, Tx } from '../../database/transactions';
import { JobRunner } from '../../queues/job-runner';
import { TRIGGER_QUEUE } from '../../queues/queues';
import { DomainEventsRepository } from '../../tickets/domain-events.repository';
import { Cause, StoredEvent } from '../../tickets/ticket-events';
import { ActionPlan, planActions } from '../engine/actions';
import { matches } from '../engine/conditions';
import { EventChange, RuleEvent, TicketState } from '../engine/rule-types';
import { FieldCatalogService } from '../field-catalog.service';
import { ActiveRules } from './active-rules.service';
import { RuleContextRepository } from './rule-context.repository';
import { RuleExecutor } from './rule-executor.service';
import { TriggerQueue } from './trigger-queue.service';
import { TriggerRunRow, TriggerRunsRepository } from './trigger-runs.repository';

/** Attempts at a run's pass before it is marked failed (an admin sees and retries it). */
const ATTEMPTS = 8;
/** First retry after this, doubling (5 s … about 10 minutes). */
const BACKOFF_SECONDS = 5;
/** A pending run this long past due has lost its job. */
const STALLED_AFTER_SECONDS = 5;
const SWEEP_EVERY_MS = 5_000;
/** Runs of one ticket handled in one job before it yields to other tickets. */
const RUNS_PER_JOB = 50;

/** The agent behind a change (`current_agent`, `{{agent.name}}`). */
export const agentOf = (cause: Cause): number | null =>
  cause.kind === 'agent' ? cause.userId : cause.kind === 'mail' ? (cause.userId ?? null) : null;

/** The events of one change as triggers see them: created or not, the fields it changed, the message it added. */
export function summarize(events: readonly StoredEvent[]): RuleEvent {
  const changes: EventChange[] = [];
  let message: RuleEvent['message'] = null;
  for (const e of events) {
    if (e.type === 'ticket.updated') for (const c of e.changes) mergeChange(changes, c);
    if (e.type === 'message.created')
      message = {
        id: e.message.id,
        author: e.message.author.kind,
        visibility: e.message.visibility,
        channel: e.message.channel,
        text: null,
        flags: e.message.mail?.flags ?? [],
        from: e.message.mail?.from ?? null,
      };
  }
  return { created: events.some((e) => e.type === 'ticket.created'), changes, message, cause: events[0].cause };
}

/** Adds a change, keeping the first `before` of a field changed twice. */
function mergeChange(changes: EventChange[], c: EventChange) {
  const known = changes.find((x) => x.field === c.field);
  if (known) known.after = c.after;
  else changes.push({ ...c });
}

const doesSomething = (p: ActionPlan) =>
  Object.keys(p.changes).length > 0 ||
  p.roundRobin ||
  p.notes.length > 0 ||
  p.followers.length > 0 ||
  p.emails.length > 0 ||
  p.webhooks.length > 0 ||
  p.spam;

/**
 * The worker's trigger runner: takes a ticket's pending runs in order (ticket row locked,
 * so replicas never run one twice and a ticket's runs never overtake each other), runs
 * the active triggers over each in the admin's order — each trigger sees the changes of
 * the ones before it, the rule that caused the event is skipped, and the loop cap pauses
 * rules on a ticket that changed too often in the last minute — and deletes the run in
 * the same transaction as the changes. A pass that throws is rolled back and retried with
 * backoff; after ATTEMPTS it is marked failed (GET /api/v1/triggers/runs).
 */
@Injectable()
export class TriggerRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(TriggerRunner.name);

  constructor(
    private readonly jobs: JobRunner,
    private readonly transactions: Transactions,
    private readonly runs: TriggerRunsRepository,
    private readonly queue: TriggerQueue,
    private readonly events: DomainEventsRepository,
    private readonly active: ActiveRules,
    private readonly context: RuleContextRepository,
    private readonly executor: RuleExecutor,
    private readonly catalogs: FieldCatalogService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.jobs.start<{ runId: number }>({
      queue: TRIGGER_QUEUE,
      logger: this.logger,
      process: (job) => this.runFor(job.data.runId),
      sweeper: {
        lock: LOCKS.triggerSweep,
        everyMs: SWEEP_EVERY_MS,
        find: (tx) => this.runs.stalled(tx, STALLED_AFTER_SECONDS),
        requeue: (id) => this.queue.requeue(id),
      },
    });
  }

  /** Runs the due runs of the ticket this run belongs to; returns how many it handled. */
  async runFor(runId: number): Promise<number> {
    const run = await this.runs.ticketOf(runId);
    return run ? this.runTicket(run.ticket_id) : 0;
  }

  /** Handles the ticket's due runs, oldest first, one transaction each; stops at one that waits or fails. */
  async runTicket(ticketId: number): Promise<number> {
    let handled = 0;
    for (; handled < RUNS_PER_JOB; handled++) {
      let current: TriggerRunRow | undefined;
      try {
        const outcome = await this.transactions.run(async (tx) => {
          const ticket = await this.context.lock(tx, ticketId);
          const run = await this.runs.oldestDue(tx, ticketId);
          if (!run?.due) return 'idle';
          current = run;
          if (ticket && ticket.status !== 'closed') await this.pass(tx, ticket, run);
          await this.runs.delete(tx, run.id);
          return 'handled';
        });
        if (outcome === 'idle') break;
      } catch (e) {
        if (!current) throw e;
        await this.failed(current, e as Error);
        break;
      }
    }
    return handled;
  }

  private async failed(run: TriggerRunRow, e: Error) {
    const attempt = run.attempts + 1;
    const final = attempt >= ATTEMPTS;
    const delay = BACKOFF_SECONDS * 2 ** (attempt - 1);
    await this.runs.noteFailure(run.id, e.message, delay, final);
    this.logger.warn(
      `triggers on ticket ${run.ticket_id} (run ${run.id}) failed, attempt ${attempt}${final ? ', giving up' : `, again in ${delay} s`}: ${e.stack ?? e.message}`,
    );
    if (!final) await this.queue.add(run.id, { attempt, delayMs: delay * 1000 });
  }

  /** One pass of the active triggers over one run's events. */
  private async pass(tx: Tx, ticket: TicketState, run: TriggerRunRow): Promise<void> {
    const { rules, readsBody } = await this.active.triggers(tx);
    if (!rules.length) return;
    const event = summarize(await this.events.byIds(run.event_ids, tx));
    if (readsBody && event.message) event.message.text = await this.context.messageText(event.message.id, tx);
    const now = this.clock.now();
    const cap = this.config.rules.changesPerMinute;
    const recent = await this.context.ruleActivity(tx, ticket.id, new Date(now.getTime() - 60_000));
    if (recent.changes >= cap) return;
    let budget = cap - recent.changes;
    const catalog = await this.catalogs.catalog(tx);
    const agentId = agentOf(event.cause);
    let state = ticket;
    for (const rule of rules) {
      if (rule.id === run.cause_rule_id) continue;
      if (state.status === 'closed') break;
      if (!matches(rule.conditions, { ticket: state, event, now, catalog })) continue;
      const plan = planActions(rule.actions, state, agentId);
      if (!doesSomething(plan)) continue;
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
