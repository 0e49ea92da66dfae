import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { idPage, idPageBounds, Page, PageQuery } from '../common/pagination';
import { DomainEventsRepository } from '../tickets/domain-events.repository';
import { ACTION_DEFS, ActionDef, customFieldAction, describePlan, planActions } from './engine/actions';
import { evaluate, matches } from './engine/conditions';
import { CONDITION_FIELDS, ConditionField, conditionField, ValueType } from './engine/fields';
import { RULE_PLACEHOLDERS } from './engine/placeholders';
import {
  Action,
  Conditions,
  FieldCatalog,
  OPERATOR_DOCS,
  OPERATORS,
  RuleKind,
  TicketFieldDef,
} from './engine/rule-types';
import { ruleProblems } from './engine/validate';
import { ActiveRules } from './execution/active-rules.service';
import { RuleContextRepository } from './execution/rule-context.repository';
import { TriggerQueue } from './execution/trigger-queue.service';
import { agentOf, summarize } from './execution/rule-event';
import { TriggerRunsRepository } from './execution/trigger-runs.repository';
import { FieldCatalogService } from './field-catalog.service';
import { DryRunView, RuleDefinitionsView, RuleTestView, toRuleView, TriggerRunView } from './rule.view';
import { RuleFields, RulesRepository, StoredRuleKind } from './rules.repository';

/** The events a dry run looks back over. */
const DRY_RUN_EVENTS = 100;

const REFERS: Record<string, string> = {
  groupId: 'group',
  assigneeId: 'user',
  requesterId: 'customer',
  mailboxId: 'mailbox',
  organizationId: 'organization',
  formId: 'form',
};

/** A value's type as the editor reads it, with the choices it offers (options with labels, active forms). */
function valueDefinition(t: ValueType, refers: string, catalog: FieldCatalog, field?: TicketFieldDef) {
  const options = field?.options.length
    ? field.options.filter((o) => o.active).map((o) => ({ value: o.value, label: o.label }))
    : refers === 'form'
      ? catalog.ticketForms.filter((f) => f.active).map((f) => ({ value: String(f.id), label: f.name }))
      : undefined;
  return {
    type: t.kind,
    values: t.kind === 'enum' || t.kind === 'list' ? [...(t.values ?? [])] : null,
    nullable: (t.kind === 'enum' || t.kind === 'id') && !!t.nullable,
    refers,
    ...(options && { options }),
    ...(field && { fieldType: field.type, label: field.label ?? field.key }),
  };
}

function fieldDefinition(f: ConditionField, catalog: FieldCatalog, custom?: TicketFieldDef) {
  return {
    name: f.name,
    description: f.description,
    ...valueDefinition(f.type, REFERS[f.name] ?? '', catalog, f.name.startsWith('field.') ? custom : undefined),
    operators: [...f.operators],
    triggerOnly: !!f.triggerOnly,
  };
}

function actionDefinition(a: ActionDef, catalog: FieldCatalog, custom?: TicketFieldDef) {
  return {
    name: a.name,
    description: a.description,
    kinds: [...a.kinds],
    ...(a.value && valueDefinition(a.value.type, a.value.refers ?? '', catalog, custom)),
  };
}

/**
 * Checks a rule or macro as it is saved: its shape and types (engine/validate.ts, with the
 * problem named per condition and action; forms and custom field values against the
 * catalog, by the ticket writer's own value check), then that the groups, users and
 * webhooks its actions name exist. Throws DomainError `invalid` with `fields`
 * (`{'actions[1]': ['field.plan: "gold" is not an option (free, pro)']}`).
 */
export async function assertSound(
  kind: RuleKind,
  rule: { conditions?: Conditions; actions?: Action[] },
  catalog: FieldCatalog,
  context: RuleContextRepository,
): Promise<void> {
  const problems = ruleProblems(kind, rule, catalog);
  if (!Object.keys(problems).length && rule.actions) {
    const refs = { groups: [] as number[], users: [] as number[], webhooks: [] as number[] };
    const at = new Map<string, string>();
    rule.actions.forEach((a, i) => {
      const id = typeof a.value === 'number' ? a.value : null;
      if (id === null) return;
      const list =
        a.field === 'groupId'
          ? refs.groups
          : a.field === 'assigneeId'
            ? refs.users
            : a.field === 'webhook'
              ? refs.webhooks
              : null;
      list?.push(id);
      at.set(`${a.field}:${id}`, `actions[${i}]`);
    });
    const missing = await context.missing(refs);
    const name = {
      groups: ['groupId', 'group'],
      users: ['assigneeId', 'active user'],
      webhooks: ['webhook', 'webhook'],
    } as const;
    for (const key of ['groups', 'users', 'webhooks'] as const)
      for (const id of missing[key]) {
        const [field, what] = name[key];
        problems[at.get(`${field}:${id}`)!] = [`${field}: no ${what} ${id}`];
      }
  }
  if (Object.keys(problems).length)
    throw new DomainError(
      'invalid',
      Object.entries(problems)
        .map(([k, v]) => `${k}: ${v.join('; ')}`)
        .join('; '),
      problems,
    );
}

/**
 * Triggers and automations for admins (one engine, two lists): create, change, order,
 * duplicate, delete; test against a ticket; a trigger's dry run over the newest events;
 * failed trigger runs and their retry. Every save is checked (assertSound).
 */
@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly context: RuleContextRepository,
    private readonly catalogs: FieldCatalogService,
    private readonly active: ActiveRules,
    private readonly events: DomainEventsRepository,
    private readonly runs: TriggerRunsRepository,
    private readonly queue: TriggerQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * What the rule editor offers: the built-in condition fields and actions, then one
   * condition field (`field.<key>`, and `hoursSince.field.<key>` for dates) and one action
   * (`field.<key>`) per active custom ticket field, each with its value type and choices;
   * `formId` offers the active forms.
   */
  async definitions(): Promise<RuleDefinitionsView> {
    const catalog = await this.catalogs.catalog(undefined, true);
    const active = catalog.ticketFields.filter((f) => f.active);
    const customFields = active.flatMap((def) =>
      [`field.${def.key}`, `hoursSince.field.${def.key}`]
        .map((name) => conditionField(name, catalog))
        .filter((f): f is ConditionField => f !== undefined)
        .map((f) => fieldDefinition(f, catalog, def)),
    );
    return {
      fields: [...CONDITION_FIELDS.map((f) => fieldDefinition(f, catalog)), ...customFields],
      operators: OPERATORS.map((o) => ({ name: o, description: OPERATOR_DOCS[o] })),
      actions: [
        ...ACTION_DEFS.map((a) => actionDefinition(a, catalog)),
        ...active.map((def) => actionDefinition(customFieldAction(def), catalog, def)),
      ],
      placeholders: [...RULE_PLACEHOLDERS],
    };
  }

  async list(kind: StoredRuleKind) {
    return (await this.rules.list(kind)).map(toRuleView);
  }

  async get(kind: StoredRuleKind, id: number) {
    return toRuleView(await this.row(kind, id));
  }

  async create(kind: StoredRuleKind, r: Partial<RuleFields> & { title: string }, userId: number) {
    const rule: RuleFields = {
      title: r.title,
      description: r.description ?? '',
      active: r.active ?? true,
      conditions: r.conditions ?? { all: [], any: [] },
      actions: r.actions ?? [],
    };
    await assertSound(kind, rule, await this.catalogs.catalog(undefined, true), this.context);
    const row = await this.rules.insert(kind, rule, userId);
    this.active.changed();
    return toRuleView(row);
  }

  async update(kind: StoredRuleKind, id: number, patch: Partial<RuleFields>, userId: number) {
    await this.row(kind, id);
    await assertSound(kind, patch, await this.catalogs.catalog(undefined, true), this.context);
    const row = await this.rules.update(kind, id, patch, userId);
    if (!row) throw new NotFoundException(`No ${kind} ${id}`);
    this.active.changed();
    return toRuleView(row);
  }

  async remove(kind: StoredRuleKind, id: number) {
    if (!(await this.rules.delete(kind, id))) throw new NotFoundException(`No ${kind} ${id}`);
    this.active.changed();
  }

  /** A copy at the end of the list, inactive until an admin turns it on. */
  async duplicate(kind: StoredRuleKind, id: number, userId: number) {
    const r = await this.row(kind, id);
    const row = await this.rules.insert(
      kind,
      {
        title: `${r.title} (copy)`,
        description: r.description,
        active: false,
        conditions: r.conditions,
        actions: r.actions,
      },
      userId,
    );
    return toRuleView(row);
  }

  /** Puts the list in this order; `ids` must name every rule of the kind once. */
  async reorder(kind: StoredRuleKind, ids: number[]) {
    const current = (await this.rules.list(kind)).map((r) => r.id);
    if (ids.length !== current.length || new Set(ids).size !== ids.length || !current.every((id) => ids.includes(id)))
      throw DomainError.invalid('ids', `must list every ${kind} once: ${current.join(', ')}`);
    await this.rules.reorder(kind, ids);
    this.active.changed();
    return this.list(kind);
  }

  /**
   * What these conditions and actions would do to a ticket now (a trigger judges the
   * ticket's newest change), without changing anything: the editor's "test against a ticket".
   */
  async test(
    kind: StoredRuleKind,
    r: { ticketNumber: number; conditions: Conditions; actions: Action[] },
  ): Promise<RuleTestView> {
    const catalog = await this.catalogs.catalog(undefined, true);
    await assertSound(kind, r, catalog, this.context);
    const ticket = await this.context.byNumber(r.ticketNumber);
    if (!ticket) throw DomainError.invalid('ticketNumber', `no ticket #${r.ticketNumber}`);
    let event = null;
    if (kind === 'trigger') {
      const all = await this.events.forTicket(ticket.id);
      const last = all.filter((e) => e.createdAt.getTime() === all[all.length - 1]?.createdAt.getTime());
      if (last.length) {
        event = summarize(last);
        if (event.message) event.message.text = await this.context.messageText(event.message.id);
      }
    }
    const outcome = evaluate(r.conditions, { ticket, event, now: this.clock.now(), catalog });
    const plan = planActions(r.actions, ticket, event ? agentOf(event.cause) : null);
    return { ticketId: ticket.id, ...outcome, ...describePlan(plan, ticket) };
  }

  /** Which of the newest events' tickets the trigger would have matched (on their current state). */
  async dryRun(id: number): Promise<DryRunView> {
    const rule = await this.row('trigger', id);
    const catalog = await this.catalogs.catalog();
    const events = await this.events.latest(DRY_RUN_EVENTS);
    const tickets = new Map(
      (await this.context.many([...new Set(events.map((e) => e.ticketId))])).map((t) => [t.id, t]),
    );
    const matched = events.filter((e) => {
      const ticket = tickets.get(e.ticketId);
      if (!ticket || (e.cause.kind === 'rule' && e.cause.ruleId === id)) return false;
      return matches(rule.conditions, { ticket, event: summarize([e]), now: this.clock.now(), catalog });
    });
    return {
      examined: events.length,
      matches: matched.map((e) => ({
        eventId: e.id,
        eventType: e.type,
        ticketId: e.ticketId,
        ticketNumber: tickets.get(e.ticketId)!.number,
        subject: tickets.get(e.ticketId)!.subject,
        at: e.createdAt.toISOString(),
      })),
    };
  }

  /** Trigger runs that failed for good, newest first. */
  async failedRuns(q: PageQuery): Promise<Page<TriggerRunView>> {
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.runs.failed(q.cursor ? afterId : Number.MAX_SAFE_INTEGER, limit + 1), limit);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        ticketId: r.ticket_id,
        eventIds: r.event_ids,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async retryRun(id: number): Promise<void> {
    if (!(await this.runs.retry(id))) throw new NotFoundException(`No failed trigger run ${id}`);
    await this.queue.add(id);
  }

  private async row(kind: StoredRuleKind, id: number) {
    const r = await this.rules.find(kind, id);
    if (!r) throw new NotFoundException(`No ${kind} ${id}`);
    return r;
  }
}
