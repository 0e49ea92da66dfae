import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LOCKS } from '../../database/locks';
import { Transactions } from '../../database/transactions';
import { JobRunner } from '../../queues/job-runner';
import { TRIGGER_QUEUE } from '../../queues/queues';
import { DomainEventsRepository } from '../../tickets/domain-events.repository';
import { RuleContextRepository } from './rule-context.repository';
import { summarize } from './rule-event';
import { TriggerPass } from './trigger-pass.service';
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

/**
 * The worker's trigger runner for durable runs (changes by agents, the API, the portal,
 * automations; and passes that failed inside a change): takes a ticket's pending runs in
 * order (ticket row locked, so replicas never run one twice and a ticket's runs never
 * overtake each other), runs the triggers over each (TriggerPass) and deletes the run in
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
    private readonly context: RuleContextRepository,
    private readonly pass: TriggerPass,
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

  /**
   * Handles the ticket's due runs, oldest first, one transaction each; stops at one that
   * waits or fails. Each transaction also learns whether another run is due, so the last
   * one needs no empty transaction after it.
   */
  async runTicket(ticketId: number): Promise<number> {
    let handled = 0;
    while (handled < RUNS_PER_JOB) {
      let current: TriggerRunRow | undefined;
      try {
        const outcome = await this.transactions.run(async (tx) => {
          const ticket = await this.context.lock(tx, ticketId);
          const [run, next] = await this.runs.oldestDue(tx, ticketId);
          if (!run?.due) return 'idle';
          current = run;
          // Rules' own changes in this transaction pass through the triggers inside it.
          this.pass.adopt(tx);
          if (ticket && ticket.status !== 'closed') {
            const event = summarize(await this.events.byIds(run.event_ids, tx));
            await this.pass.run(tx, ticket, event, run.cause_rule_id);
          }
          await this.runs.delete(tx, run.id);
          return next?.due ? 'more' : 'done';
        });
        if (outcome === 'idle') break;
        handled++;
        if (outcome === 'done') break;
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
}
