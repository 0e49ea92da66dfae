import { Inject, Injectable } from '@nestjs/common';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { onCommit, Tx } from '../../database/transactions';
import { OutboxService } from '../../mail-out/outbox/outbox.service';
import { Cause, FieldChange } from '../../tickets/ticket-events';
import { TicketChanges, TicketsService } from '../../tickets/tickets.service';
import { WebhookOutbox } from '../../webhooks/webhook-outbox.service';
import { WebhooksRepository } from '../../webhooks/webhooks.repository';
import { ActionPlan, EmailAction } from '../engine/actions';
import { placeholderValues, renderText } from '../engine/placeholders';
import { TicketState } from '../engine/rule-types';
import { RoundRobinService } from '../round-robin/round-robin.service';
import { RuleContextRepository } from './rule-context.repository';

/** Who is acting: a rule (trigger, automation) by its id and title, or an agent applying a macro. */
export interface Acting {
  cause: Cause;
  rule: { id: number; title: string } | null;
  /** The agent `current_agent` and `{{agent.name}}` mean. */
  agentId: number | null;
  /** The text of the message the event added (`{{message.text}}`). */
  messageText: string | null;
}

export interface Executed {
  after: TicketState;
  changes: FieldChange[];
}

/**
 * Carries out an action plan (engine/actions.ts) on a locked ticket, in the caller's
 * transaction, through the one ticket writer with the acting rule or agent as the cause:
 * round-robin, notes and followers, the field changes, then email through the outbox
 * (automatic mail: caps and RFC 3834 headers apply), webhook calls through the webhook
 * outbox, and spam's cancelling of unsent automatic mail. What a rule does beyond fields
 * is written to the audit trail in its name. Mail and webhook jobs are queued after commit.
 * The form and custom field values go through the writer like any field: it checks them
 * (a DomainError when the form or a field was deactivated since the rule was saved) and
 * audits them with the rule as the actor.
 */
@Injectable()
export class RuleExecutor {
  constructor(
    private readonly tickets: TicketsService,
    private readonly context: RuleContextRepository,
    private readonly outbox: OutboxService,
    private readonly webhookOutbox: WebhookOutbox,
    private readonly webhooks: WebhooksRepository,
    private readonly roundRobin: RoundRobinService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute(tx: Tx, ticket: TicketState, plan: ActionPlan, acting: Acting): Promise<Executed> {
    const { cause } = acting;
    const after: TicketState = { ...plan.after };
    // Spam is flagged with the closing, so the change silences the ticket (no mail, no other rule).
    const changes: TicketChanges = { ...plan.changes, ...(plan.spam ? { spam: true as const } : {}) };
    if (plan.roundRobin) {
      const agent = after.groupId === null ? null : await this.roundRobin.next(tx, after.groupId);
      if (agent === null)
        await this.tickets.recordIn(
          tx,
          ticket.id,
          'round_robin_skipped',
          { groupId: after.groupId, reason: after.groupId === null ? 'no group' : 'nobody available' },
          cause,
        );
      else if (agent !== ticket.assigneeId) {
        after.assigneeId = agent;
        changes.assigneeId = agent;
      }
    }
    const values = await this.placeholders(tx, after, acting);
    for (const note of plan.notes) await this.tickets.addNoteIn(tx, ticket.id, renderText(note, values), cause);
    if (plan.followers.length) await this.tickets.addFollowersIn(tx, ticket.id, plan.followers);
    const changed = Object.keys(changes).length ? await this.tickets.updateIn(tx, ticket.id, changes, cause) : [];
    if (changes.fields) after.fields = fieldsAfter(ticket.fields, changed);

    const mail: number[] = [];
    for (const email of plan.emails) mail.push(...(await this.email(tx, after, email, values, acting)));
    const deliveries: number[] = [];
    for (const id of plan.webhooks) deliveries.push(...(await this.webhook(tx, after, id, acting)));
    if (plan.spam) {
      const cancelled = await this.outbox.cancelAutomatic(
        tx,
        ticket.id,
        `cancelled: the ticket was marked as spam${acting.rule ? ` by rule "${acting.rule.title}"` : ''}`,
      );
      await this.tickets.recordIn(tx, ticket.id, 'marked_spam', { cancelledMail: cancelled }, cause);
    }
    if (mail.length || deliveries.length)
      onCommit(tx, {
        after: async () => {
          await this.outbox.dispatch(mail);
          await this.webhookOutbox.dispatch(deliveries);
        },
      });
    return { after, changes: changed };
  }

  /** A rule whose action the ticket refused (a deactivated assignee, a deleted group): in the trail, the rest goes on. */
  recordFailure(tx: Tx, ticketId: number, cause: Cause, error: string): Promise<void> {
    return this.tickets.recordIn(tx, ticketId, 'rule_failed', { error }, cause);
  }

  /**
   * The loop cap tripped (rules fighting, or a webhook receiver that changes the ticket
   * back): rules skip the ticket for the rest of the minute, and the trail says why.
   */
  recordPause(tx: Tx, ticketId: number, cause: Cause, limit: number): Promise<void> {
    return this.tickets.recordIn(
      tx,
      ticketId,
      'rules_paused',
      {
        limit,
        windowSeconds: 60,
        reason: `rules changed this ticket ${limit} times within a minute (two rules fighting?); rules skip it until that minute has passed`,
      },
      cause,
    );
  }

  private async placeholders(tx: Tx, t: TicketState, acting: Acting): Promise<Record<string, string>> {
    const names = await this.context.names(tx, {
      assigneeId: t.assigneeId,
      groupId: t.groupId,
      agentId: acting.agentId,
    });
    const base = this.config.http.publicUrl;
    return placeholderValues(t, {
      assigneeName: names.assignee,
      groupName: names.group,
      agentName: names.agent,
      messageText: acting.messageText,
      ruleTitle: acting.rule?.title ?? null,
      ticketUrl: base ? `${base}/tickets/${t.id}` : null,
    });
  }

  private async email(
    tx: Tx,
    t: TicketState,
    email: EmailAction,
    values: Record<string, string>,
    acting: Acting,
  ): Promise<number[]> {
    const to =
      email.to === 'requester'
        ? [t.requesterEmail]
        : email.to === 'assignee'
          ? t.assigneeId === null
            ? []
            : [await this.context.userAddress(tx, t.assigneeId)].filter((a): a is string => !!a)
          : email.to === 'group'
            ? t.groupId === null
              ? []
              : await this.context.groupAddresses(tx, t.groupId)
            : [email.to];
    // Agents out of the ticket's reach are left out (a group member limited to their assigned tickets).
    const outside = await this.context.agentsOutOfReach(tx, t.id, to);
    const ids: number[] = [];
    for (const address of to.filter((a) => !outside.has(a.toLowerCase()))) {
      // A rule's own wording is never switched off (only the built-in mails are).
      const id = await this.outbox.queueAutomatic(tx, {
        kind: 'rule_notification',
        ticketId: t.id,
        to: address,
        template: { subject: email.subject, body: email.body },
        values,
      });
      if (id !== null) ids.push(id);
    }
    await this.tickets.recordIn(
      tx,
      t.id,
      'email_queued',
      { to, recipient: email.to, subject: email.subject },
      acting.cause,
    );
    return ids;
  }

  private async webhook(tx: Tx, t: TicketState, webhookId: number, acting: Acting): Promise<number[]> {
    const w = await this.webhooks.find(webhookId, tx);
    if (!w?.active) {
      await this.tickets.recordIn(
        tx,
        t.id,
        'webhook_skipped',
        { webhookId, reason: w ? 'turned off' : 'deleted' },
        acting.cause,
      );
      return [];
    }
    const ids = await this.webhookOutbox.write(tx, [
      {
        webhookId,
        event: 'rule',
        ticketId: t.id,
        ruleId: acting.rule?.id ?? null,
        payload: { ticketId: t.id, rule: acting.rule, ticket: ticketPayload(t) },
      },
    ]);
    await this.tickets.recordIn(tx, t.id, 'webhook_queued', { webhookId, name: w.name }, acting.cause);
    return ids;
  }
}

/**
 * The custom field values after a write, as the writer stored them (a rule's `"12"` is
 * the number 12, a multiselect in the field's order): later rules of the pass see these.
 */
function fieldsAfter(before: Record<string, unknown>, changed: readonly FieldChange[]): Record<string, unknown> {
  const fields = { ...before };
  for (const c of changed) {
    if (!c.field.startsWith('field.')) continue;
    const key = c.field.slice('field.'.length);
    if (c.after === null) delete fields[key];
    else fields[key] = c.after;
  }
  return fields;
}

/** A ticket in a webhook's JSON (the API's field names). */
function ticketPayload(t: TicketState) {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    requester: { id: t.requesterId, email: t.requesterEmail, name: t.requesterName },
    assigneeId: t.assigneeId,
    groupId: t.groupId,
    mailboxId: t.mailboxId,
    channel: t.channel,
    tags: t.tags,
    organizationId: t.organizationId,
    formId: t.formId,
    fields: t.fields,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
