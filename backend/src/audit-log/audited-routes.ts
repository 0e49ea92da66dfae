import type { ModuleRef } from '@nestjs/core';
import type { Principal } from '../common/auth-context';
import { ApiTokensService } from '../auth/api-tokens.service';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { TicketFormsService } from '../custom-fields/ticket-forms.service';
import { GroupsService } from '../groups/groups.service';
import { LicenceService } from '../licence/licence.service';
import { MailAuthSettingsService } from '../mail-in/auth/mail-auth-settings.service';
import { MailboxesService } from '../mail-in/mailboxes/mailboxes.service';
import { SpoolService } from '../mail-in/spool/spool.service';
import { DkimKeysService } from '../mail-out/dkim/dkim-keys.service';
import { RelayHealthService } from '../mail-out/health/relay-health.service';
import { RelaySettingsService } from '../mail-out/relay/relay-settings.service';
import { MailTemplatesService } from '../mail-out/templates/mail-templates.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { SsoProvidersService } from '../sso/sso-providers.service';
import { CustomerDataService } from '../privacy/customer-data.service';
import { TotpService } from '../two-factor/totp.service';
import { TwoFactorPolicyService } from '../two-factor/two-factor-policy.service';
import { UsersService } from '../users/users.service';
import { RoundRobinService } from '../rules/round-robin/round-robin.service';
import { RulesService } from '../rules/rules.service';
import { WebhooksService } from '../webhooks/webhooks.service';

type State = Record<string, unknown> | null;

/**
 * How to read one kind of target as the API shows it, through its own service (so the
 * record holds the same fields the admin saw). `id` is the route's `:id`/`:key`/`:domain`, or null
 * for a singleton (the relay, the licence, a policy).
 */
type Loader = (ref: ModuleRef, id: string | null) => Promise<State>;

const service = <T>(ref: ModuleRef, type: new (...args: never[]) => T) => ref.get(type, { strict: false });
/** A missing target reads as null (a failed lookup must not fail the action being audited). */
const orNull = async (load: () => Promise<unknown>): Promise<State> => {
  try {
    return ((await load()) ?? null) as State;
  } catch {
    return null;
  }
};

export const AUDIT_TARGETS = {
  user: (ref, id) => orNull(() => service(ref, UsersService).get(Number(id))),
  // An invitation changes no field the API shows: the record says who was invited again.
  user_invite: async (_ref, id) => ({ id: Number(id) }),
  user_totp: (ref, id) => orNull(() => service(ref, TotpService).status(Number(id))),
  group: (ref, id) => orNull(() => service(ref, GroupsService).get(Number(id))),
  mailbox: (ref, id) => orNull(() => service(ref, MailboxesService).get(Number(id))),
  relay: (ref) => orNull(() => service(ref, RelaySettingsService).view()),
  // The latest test mail: to whom, whether the relay took it, and its error.
  relay_test: (ref) => orNull(() => service(ref, RelayHealthService).lastTest()),
  dkim_key: (ref, id) => orNull(() => service(ref, DkimKeysService).find(id ?? '')),
  mail_auth: (ref) => orNull(() => service(ref, MailAuthSettingsService).get()),
  mail_template: (ref, id) =>
    orNull(async () => (await service(ref, MailTemplatesService).list()).find((t) => t.key === id)),
  sso_provider: (ref, id) => orNull(() => service(ref, SsoProvidersService).get(Number(id))),
  two_factor_policy: (ref) => orNull(() => service(ref, TwoFactorPolicyService).get()),
  licence: (ref) => orNull(() => service(ref, LicenceService).view()),
  api_token: (ref, id) => orNull(() => service(ref, ApiTokensService).find(Number(id))),
  inbound_message: (ref, id) => orNull(() => service(ref, SpoolService).get(Number(id))),
  // Never the customer's email or name: the log cannot be edited, and an erasure must leave none behind.
  customer: (ref, id) => orNull(() => service(ref, CustomerDataService).auditState(Number(id))),
  ticket_field: (ref, id) => orNull(() => service(ref, CustomFieldsService).get('ticket', Number(id))),
  customer_field: (ref, id) => orNull(() => service(ref, CustomFieldsService).get('customer', Number(id))),
  organization_field: (ref, id) => orNull(() => service(ref, CustomFieldsService).get('organization', Number(id))),
  ticket_form: (ref, id) => orNull(() => service(ref, TicketFormsService).get(Number(id))),
  organization: (ref, id) => orNull(() => service(ref, OrganizationsService).get(Number(id))),
  trigger: (ref, id) => orNull(() => service(ref, RulesService).get('trigger', Number(id))),
  automation: (ref, id) => orNull(() => service(ref, RulesService).get('automation', Number(id))),
  // The order is the list itself; `id` is null.
  trigger_order: (ref) =>
    orNull(async () => ({ ids: (await service(ref, RulesService).list('trigger')).map((r) => r.id) })),
  automation_order: (ref) =>
    orNull(async () => ({ ids: (await service(ref, RulesService).list('automation')).map((r) => r.id) })),
  // A failed run is gone from the failed list once retried: the record keeps its id.
  trigger_run: async (_ref, id) => ({ id: Number(id) }),
  // A ticket's changes are in its own audit trail; the log records that an admin restored it.
  ticket: async (_ref, id) => ({ id: Number(id) }),
  round_robin: (ref, id) => orNull(() => service(ref, RoundRobinService).settings(Number(id))),
  webhook: (ref, id) => orNull(() => service(ref, WebhooksService).get(Number(id))),
} satisfies Record<string, Loader>;

export type AuditTargetType = keyof typeof AUDIT_TARGETS;

export interface AuditedRoute {
  /** `<target>.<verb>`, e.g. `user.update`; the audit log's `action`. */
  action: string;
  target: AuditTargetType;
  /** Record only when this holds (e.g. a token revoked by someone other than its owner). */
  when?: (before: State, actor: Principal) => boolean;
  /** Fields of this route's body or target that are credentials though their names do not say so. */
  secretFields?: readonly string[];
}

/**
 * Every admin action, by route (`METHOD /path` as registered): the audit interceptor reads
 * the target before the handler runs and records who changed what once it succeeded. A
 * route here needs no code of its own; backend/test/route-table.e2e-spec.ts fails when an
 * admin route that changes something is missing from this table.
 */
export const AUDITED_ROUTES: Record<string, AuditedRoute> = {
  'POST /api/v1/users': { action: 'user.create', target: 'user' },
  'PATCH /api/v1/users/:id': { action: 'user.update', target: 'user' },
  'POST /api/v1/users/:id/invite': { action: 'user.invite', target: 'user_invite' },
  'DELETE /api/v1/users/:id/totp': { action: 'user.totp_reset', target: 'user_totp' },
  'POST /api/v1/groups': { action: 'group.create', target: 'group' },
  'PATCH /api/v1/groups/:id': { action: 'group.update', target: 'group' },
  'DELETE /api/v1/groups/:id': { action: 'group.delete', target: 'group' },
  'POST /api/v1/mailboxes': { action: 'mailbox.create', target: 'mailbox' },
  'PATCH /api/v1/mailboxes/:id': { action: 'mailbox.update', target: 'mailbox' },
  'DELETE /api/v1/mailboxes/:id': { action: 'mailbox.delete', target: 'mailbox' },
  'PUT /api/v1/settings/relay': { action: 'relay.update', target: 'relay' },
  'POST /api/v1/settings/relay/test': { action: 'relay.test', target: 'relay_test' },
  'PUT /api/v1/settings/dkim/:domain': { action: 'dkim_key.set', target: 'dkim_key' },
  'DELETE /api/v1/settings/dkim/:domain': { action: 'dkim_key.delete', target: 'dkim_key' },
  'PUT /api/v1/settings/mail-auth': { action: 'mail_auth.update', target: 'mail_auth' },
  'PUT /api/v1/mail-templates/:key': { action: 'mail_template.update', target: 'mail_template' },
  'POST /api/v1/auth/providers': { action: 'sso_provider.create', target: 'sso_provider' },
  'PATCH /api/v1/auth/providers/:id': { action: 'sso_provider.update', target: 'sso_provider' },
  'DELETE /api/v1/auth/providers/:id': { action: 'sso_provider.delete', target: 'sso_provider' },
  'PUT /api/v1/settings/two-factor': { action: 'two_factor_policy.update', target: 'two_factor_policy' },
  'PUT /api/v1/licence': { action: 'licence.install', target: 'licence', secretFields: ['key'] },
  'DELETE /api/v1/licence': { action: 'licence.remove', target: 'licence' },
  'DELETE /api/v1/tokens/:id': {
    action: 'api_token.revoke',
    target: 'api_token',
    // Revoking one's own token is housekeeping; an admin revoking someone else's is an admin action.
    when: (before, actor) => before !== null && before.userId !== actor.id,
  },
  'POST /api/v1/tickets/:id/restore': { action: 'ticket.restore', target: 'ticket' },
  'POST /api/v1/inbound/:id/reprocess': { action: 'inbound_message.reprocess', target: 'inbound_message' },
  'GET /api/v1/customers/:id/export': { action: 'customer.export', target: 'customer' },
  'DELETE /api/v1/customers/:id': { action: 'customer.erase', target: 'customer' },
  'POST /api/v1/ticket-fields': { action: 'ticket_field.create', target: 'ticket_field' },
  'PATCH /api/v1/ticket-fields/:id': { action: 'ticket_field.update', target: 'ticket_field' },
  'POST /api/v1/customer-fields': { action: 'customer_field.create', target: 'customer_field' },
  'PATCH /api/v1/customer-fields/:id': { action: 'customer_field.update', target: 'customer_field' },
  'POST /api/v1/organization-fields': { action: 'organization_field.create', target: 'organization_field' },
  'PATCH /api/v1/organization-fields/:id': { action: 'organization_field.update', target: 'organization_field' },
  'POST /api/v1/ticket-forms': { action: 'ticket_form.create', target: 'ticket_form' },
  'PATCH /api/v1/ticket-forms/:id': { action: 'ticket_form.update', target: 'ticket_form' },
  'DELETE /api/v1/organizations/:id': { action: 'organization.delete', target: 'organization' },
  'POST /api/v1/triggers': { action: 'trigger.create', target: 'trigger' },
  'PATCH /api/v1/triggers/:id': { action: 'trigger.update', target: 'trigger' },
  'DELETE /api/v1/triggers/:id': { action: 'trigger.delete', target: 'trigger' },
  'POST /api/v1/triggers/:id/duplicate': { action: 'trigger.duplicate', target: 'trigger' },
  'PUT /api/v1/triggers/order': { action: 'trigger.reorder', target: 'trigger_order' },
  // Testing a rule against a ticket changes nothing: listed so the table stays complete, never recorded.
  'POST /api/v1/triggers/test': { action: 'trigger.test', target: 'trigger', when: () => false },
  'POST /api/v1/triggers/runs/:id/retry': { action: 'trigger_run.retry', target: 'trigger_run' },
  'POST /api/v1/automations': { action: 'automation.create', target: 'automation' },
  'PATCH /api/v1/automations/:id': { action: 'automation.update', target: 'automation' },
  'DELETE /api/v1/automations/:id': { action: 'automation.delete', target: 'automation' },
  'POST /api/v1/automations/:id/duplicate': { action: 'automation.duplicate', target: 'automation' },
  'PUT /api/v1/automations/order': { action: 'automation.reorder', target: 'automation_order' },
  'POST /api/v1/automations/test': { action: 'automation.test', target: 'automation', when: () => false },
  'PUT /api/v1/groups/:id/round-robin': { action: 'round_robin.update', target: 'round_robin' },
  'POST /api/v1/webhooks': { action: 'webhook.create', target: 'webhook' },
  'PATCH /api/v1/webhooks/:id': { action: 'webhook.update', target: 'webhook' },
  'DELETE /api/v1/webhooks/:id': { action: 'webhook.delete', target: 'webhook' },
  'POST /api/v1/webhooks/:id/ping': { action: 'webhook.ping', target: 'webhook' },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': { action: 'webhook.delivery_retry', target: 'webhook' },
};
