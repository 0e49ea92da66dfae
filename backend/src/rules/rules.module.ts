import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { QueuesModule } from '../queues/queues.module';
import { TicketsModule } from '../tickets/tickets.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AutomationRunner } from './automations/automation-runner.service';
import { AutomationsRepository } from './automations/automations.repository';
import { ActiveRules } from './execution/active-rules.service';
import { RuleContextRepository } from './execution/rule-context.repository';
import { RuleExecutor } from './execution/rule-executor.service';
import { TriggerPass } from './execution/trigger-pass.service';
import { TriggerQueue } from './execution/trigger-queue.service';
import { TriggerRunner } from './execution/trigger-runner.service';
import { TriggerRunsRepository } from './execution/trigger-runs.repository';
import { TriggersSubscriber } from './execution/triggers.subscriber';
import { FieldCatalogService } from './field-catalog.service';
import { RoundRobinController } from './round-robin/round-robin.controller';
import { RoundRobinRepository } from './round-robin/round-robin.repository';
import { RoundRobinService } from './round-robin/round-robin.service';
import {
  AutomationsController,
  RuleDefinitionsController,
  TriggerRunsController,
  TriggersController,
} from './rules.controller';
import { RulesRepository } from './rules.repository';
import { RulesService } from './rules.service';

/**
 * The rule engine for every role that changes tickets (api, worker): the triggers'
 * subscriber (runs written with each change), the executor macros and rules share,
 * round-robin.
 */
@Module({
  imports: [TicketsModule, CustomFieldsModule, OutboxModule, WebhooksModule],
  providers: [
    RulesRepository,
    RuleContextRepository,
    TriggerRunsRepository,
    ActiveRules,
    TriggerQueue,
    TriggersSubscriber,
    TriggerPass,
    RuleExecutor,
    RoundRobinRepository,
    RoundRobinService,
    FieldCatalogService,
  ],
  exports: [
    RulesRepository,
    RuleContextRepository,
    TriggerRunsRepository,
    ActiveRules,
    TriggerQueue,
    TriggerPass,
    RuleExecutor,
    RoundRobinService,
    FieldCatalogService,
  ],
})
export class RulesModule {}

/** Role api: triggers, automations, round-robin settings and availability. */
@Module({
  imports: [RulesModule],
  controllers: [
    TriggerRunsController,
    TriggersController,
    AutomationsController,
    RuleDefinitionsController,
    RoundRobinController,
  ],
  providers: [RulesService],
})
export class RulesApiModule {}

/** Role worker: runs the triggers on each change and the automations on their schedule. */
@Module({
  imports: [RulesModule, QueuesModule],
  providers: [TriggerRunner, AutomationRunner, AutomationsRepository],
  exports: [TriggerRunner, AutomationRunner],
})
export class RulesWorkerModule {}
