import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '../common/auth-context';
import { DomainError } from '../common/domain-error';
import { admits, scopeOf } from '../common/ticket-scope';
import { Transactions, Tx } from '../database/transactions';
import { describePlan, planActions } from '../rules/engine/actions';
import { placeholderValues, renderText, unknownPlaceholders } from '../rules/engine/placeholders';
import { Action, TicketState } from '../rules/engine/rule-types';
import { RuleContextRepository } from '../rules/execution/rule-context.repository';
import { RuleExecutor } from '../rules/execution/rule-executor.service';
import { FieldCatalogService } from '../rules/field-catalog.service';
import { assertSound } from '../rules/rules.service';
import { CreateMacroDto, UpdateMacroDto } from './macros.dto';
import { MacroPreviewView, MacroView, toMacroView } from './macro.view';
import { MacroFields, MacroRow, MacrosRepository } from './macros.repository';

/**
 * Macros (issue 16): a named bundle of actions and a reply text an agent applies to a
 * ticket. Shared ones are every agent's to use and edit (as canned responses were);
 * personal ones their owner's alone. Applying runs the actions through the rule engine and
 * the one ticket writer with the agent as the cause, in one transaction, and returns the
 * reply text with the ticket's placeholders filled in: the caller sends it (the UI drafts it).
 */
@Injectable()
export class MacrosService {
  constructor(
    private readonly macros: MacrosRepository,
    private readonly context: RuleContextRepository,
    private readonly executor: RuleExecutor,
    private readonly catalogs: FieldCatalogService,
    private readonly transactions: Transactions,
  ) {}

  async list(me: Principal): Promise<MacroView[]> {
    return (await this.macros.visible(me.id)).map(toMacroView);
  }

  async get(id: number, me: Principal): Promise<MacroView> {
    return toMacroView(await this.visible(id, me));
  }

  async create(dto: CreateMacroDto, me: Principal): Promise<MacroView> {
    const m: MacroFields = {
      title: dto.title,
      description: dto.description ?? '',
      actions: (dto.actions ?? []) as Action[],
      replyText: dto.replyText ?? null,
      shared: dto.shared ?? false,
    };
    await this.assertSound(m);
    return toMacroView(await this.macros.insert(m, me.id));
  }

  async update(id: number, dto: UpdateMacroDto, me: Principal): Promise<MacroView> {
    const current = await this.editable(id, me);
    const patch: Partial<MacroFields> = { ...dto, actions: dto.actions as Action[] | undefined };
    await this.assertSound(patch);
    const row = await this.macros.update(id, patch, me.id, current.owner_id ?? me.id);
    return toMacroView(row!);
  }

  async remove(id: number, me: Principal): Promise<void> {
    await this.editable(id, me);
    await this.macros.delete(id);
  }

  /** What applying it would do to the ticket now, without changing anything. */
  async preview(ticketId: number, macroId: number, me: Principal): Promise<MacroPreviewView> {
    const macro = await this.visible(macroId, me);
    const [ticket] = await this.context.many([ticketId]);
    if (!ticket || !admits(scopeOf(me), ticket)) throw new NotFoundException(`Ticket ${ticketId} not found`);
    const plan = planActions(macro.actions, ticket, me.id);
    return { ticketId, ...describePlan(plan, ticket), replyText: await this.reply(undefined, macro, plan.after, me) };
  }

  /** Applies it: its actions in one transaction, as the agent; returns what changed and the reply text. */
  async apply(ticketId: number, macroId: number, me: Principal): Promise<MacroPreviewView> {
    const macro = await this.visible(macroId, me);
    return this.transactions.run(
      async (tx) => {
        const ticket = await this.context.lock(tx, ticketId);
        // A ticket out of the agent's scope is not found, as on every ticket route.
        if (!ticket || !admits(scopeOf(me), ticket)) throw new NotFoundException(`Ticket ${ticketId} not found`);
        if (ticket.status === 'closed')
          throw new DomainError('conflict', `Ticket ${ticket.number} is closed; macros cannot change it`);
        const plan = planActions(macro.actions, ticket, me.id);
        const done = await this.executor.execute(tx, ticket, plan, {
          cause: { kind: 'agent', userId: me.id },
          rule: null,
          agentId: me.id,
          messageText: null,
        });
        const { effects } = describePlan(plan, ticket);
        return {
          ticketId,
          changes: done.changes.map((c) => ({ field: c.field, before: c.before, after: c.after })),
          effects,
          replyText: await this.reply(tx, macro, done.after, me),
        };
      },
      { attempts: 3 },
    );
  }

  private async reply(tx: Tx | undefined, macro: MacroRow, t: TicketState, me: Principal): Promise<string | null> {
    if (macro.reply_text === null) return null;
    const names = await this.context.names(tx, { assigneeId: t.assigneeId, groupId: t.groupId, agentId: me.id });
    return renderText(
      macro.reply_text,
      placeholderValues(t, {
        assigneeName: names.assignee,
        groupName: names.group,
        agentName: names.agent ?? me.name,
        messageText: null,
        ruleTitle: null,
        ticketUrl: null,
      }),
    );
  }

  private async assertSound(m: Partial<MacroFields>) {
    if (m.replyText) {
      const unknown = unknownPlaceholders(m.replyText);
      if (unknown.length)
        throw DomainError.invalid('replyText', `unknown placeholders ${unknown.map((u) => `{{${u}}}`).join(', ')}`);
    }
    await assertSound('macro', { actions: m.actions }, await this.catalogs.catalog(undefined, true), this.context);
  }

  private async visible(id: number, me: Principal): Promise<MacroRow> {
    const m = await this.macros.find(id);
    if (!m || (!m.shared && m.owner_id !== me.id)) throw new NotFoundException(`Macro ${id} not found`);
    return m;
  }

  /** Shared macros any agent may change; a personal one only its owner. */
  private async editable(id: number, me: Principal): Promise<MacroRow> {
    const m = await this.visible(id, me);
    if (!m.shared && m.owner_id !== me.id) throw new ForbiddenException('Only its owner changes a personal macro');
    return m;
  }
}
