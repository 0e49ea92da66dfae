import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { Transactions } from '../../database/transactions';
import { Cause } from '../../tickets/ticket-events';
import { planActions } from '../engine/actions';
import { matches } from '../engine/conditions';
import { FieldCatalog, TicketState } from '../engine/rule-types';
import { RuleContextRepository } from '../execution/rule-context.repository';
import { RuleExecutor } from '../execution/rule-executor.service';
import { FieldCatalogService } from '../field-catalog.service';
import { RuleRow, RulesRepository } from '../rules.repository';
import { AutomationsRepository, ticketFilter } from './automations.repository';

/** Candidates read per query, and tickets acted on per transaction. */
const READ_BATCH = 1000;
const WRITE_BATCH = 50;
const LEASE = 'automations';

export interface AutomationPass {
  /** False when another replica holds the lease. */
  ran: boolean;
  automations: number;
  /** Tickets acted on. */
  acted: number;
  /** Windows that ended (tickets that stopped matching). */
  ended: number;
  failed: number;
}

/**
 * Runs the active automations on a timer (HELPDESK_AUTOMATIONS_INTERVAL_SECONDS) in the
 * worker replica that holds the `automations` lease. Each automation acts once per ticket
 * per condition window: a ticket it acted on is recorded (`automation_matches`) and acted
 * on again only after it stopped matching and matches anew; the record is written in the
 * transaction of the actions, so two replicas (or a pass after a crash) never act twice.
 * Time comes from the injectable Clock. Candidates come from the conditions compiled to SQL
 * where they can be; the engine judges each one on the locked ticket.
 */
@Injectable()
export class AutomationRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AutomationRunner.name);
  private readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<AutomationPass>;

  constructor(
    private readonly rules: RulesRepository,
    private readonly repo: AutomationsRepository,
    private readonly context: RuleContextRepository,
    private readonly executor: RuleExecutor,
    private readonly catalogs: FieldCatalogService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.runOnce(), this.config.rules.automationsIntervalSeconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown() {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.repo.releaseLease(LEASE, this.holder).catch(() => undefined);
  }

  /** One pass now (unless one is running here: then that one's result). */
  runOnce(): Promise<AutomationPass> {
    this.running ??= this.pass()
      .catch((e: Error) => {
        this.logger.warn(`automations: ${e.stack ?? e.message}`);
        return { ran: false, automations: 0, acted: 0, ended: 0, failed: 0 };
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private leaseSeconds() {
    return Math.max(60, this.config.rules.automationsIntervalSeconds * 2);
  }

  private async pass(): Promise<AutomationPass> {
    const result: AutomationPass = { ran: false, automations: 0, acted: 0, ended: 0, failed: 0 };
    if (!(await this.repo.lease(LEASE, this.holder, this.leaseSeconds()))) return result;
    result.ran = true;
    const catalog = await this.catalogs.catalog();
    for (const rule of await this.rules.active('automation')) {
      result.automations++;
      const now = this.clock.now();
      result.ended += await this.endWindows(rule, now, catalog);
      let after = 0;
      for (;;) {
        const ids = await this.repo.candidates(rule.id, rule.conditions, now, after, READ_BATCH);
        if (!ids.length) break;
        after = ids[ids.length - 1];
        for (let i = 0; i < ids.length; i += WRITE_BATCH) {
          const outcome = await this.act(rule, ids.slice(i, i + WRITE_BATCH), now, catalog);
          result.acted += outcome.acted;
          result.failed += outcome.failed;
        }
        // Renew the lease as we go; losing it (a long stall) means another replica took over.
        if (!(await this.repo.lease(LEASE, this.holder, this.leaseSeconds()))) return result;
      }
    }
    return result;
  }

  /** Ends the windows of tickets that stopped matching; where SQL alone cannot tell, the engine judges. */
  private async endWindows(rule: RuleRow, now: Date, catalog: FieldCatalog): Promise<number> {
    let ended = await this.repo.endWindows(rule.id, rule.conditions, now);
    if (ticketFilter(rule.conditions, now).exact) return ended;
    for (let after = 0; ;) {
      const ids = await this.repo.windows(rule.id, after, READ_BATCH);
      if (!ids.length) return ended;
      after = ids[ids.length - 1];
      const states = await this.context.many(ids);
      const gone = states.filter((t) => !this.holds(rule, t, now, catalog)).map((t) => t.id);
      if (gone.length) await this.repo.forget(rule.id, gone);
      ended += gone.length;
    }
  }

  private holds(rule: RuleRow, t: TicketState, now: Date, catalog: FieldCatalog) {
    return t.status !== 'closed' && matches(rule.conditions, { ticket: t, event: null, now, catalog });
  }

  /** Acts on a batch in one transaction; if that fails, on each ticket alone, so one bad ticket fails alone. */
  private async act(rule: RuleRow, ids: number[], now: Date, catalog: FieldCatalog) {
    try {
      return { acted: await this.actIn(rule, ids, now, catalog), failed: 0 };
    } catch (e) {
      if (ids.length === 1) {
        this.logger.warn(
          `automation ${rule.id} on ticket ${ids[0]} failed (tried again next pass): ${(e as Error).message}`,
        );
        return { acted: 0, failed: 1 };
      }
      let acted = 0;
      let failed = 0;
      for (const id of ids) {
        const one = await this.act(rule, [id], now, catalog);
        acted += one.acted;
        failed += one.failed;
      }
      return { acted, failed };
    }
  }

  private actIn(rule: RuleRow, ids: number[], now: Date, catalog: FieldCatalog): Promise<number> {
    return this.transactions.run(async (tx) => {
      const tickets = (await this.context.lockMany(tx, ids)).filter((t) => this.holds(rule, t, now, catalog));
      if (!tickets.length) return 0;
      const fresh = new Set(
        await this.repo.recordMatches(
          tx,
          rule.id,
          tickets.map((t) => t.id),
        ),
      );
      const cause: Cause = { kind: 'rule', ruleId: rule.id };
      let acted = 0;
      for (const t of tickets) {
        if (!fresh.has(t.id)) continue;
        try {
          await this.executor.execute(tx, t, planActions(rule.actions, t, null), {
            cause,
            rule: { id: rule.id, title: rule.title },
            agentId: null,
            messageText: null,
          });
          acted++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          await this.executor.recordFailure(tx, t.id, cause, e.message);
        }
      }
      return acted;
    });
  }
}
