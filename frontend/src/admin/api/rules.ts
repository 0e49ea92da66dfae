import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  ActionView,
  ConditionsView,
  CreateMacroDto,
  CreateRuleDto,
  CreateWebhookDto,
} from '../../api/openapi.gen';
import { macroKeys } from '../../tickets/macros.api';
import { notifyError } from '../../ui/notify';
import { useAdminMutation } from './admin-mutation';

export type RuleKind = 'triggers' | 'automations';
export const ruleKeys = {
  list: (kind: RuleKind) => ['admin', kind] as const,
  definitions: ['admin', 'rule-definitions'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  deliveries: (id: number) => ['admin', 'webhooks', id, 'deliveries'] as const,
  failedRuns: ['admin', 'triggers', 'runs'] as const,
};

export type RuleDraft = CreateRuleDto & { id?: number };
export type MacroDraft = CreateMacroDto & { id?: number };
export type WebhookDraft = Omit<CreateWebhookDto, 'secret'> & { id?: number; secret?: string; active?: boolean };

export const useRuleDefinitions = () =>
  useQuery({ queryKey: ruleKeys.definitions, queryFn: () => api.GET('/api/v1/rules/definitions'), staleTime: 300_000 });

export const useRules = (kind: RuleKind) =>
  useQuery({
    queryKey: ruleKeys.list(kind),
    queryFn: () => (kind === 'triggers' ? api.GET('/api/v1/triggers') : api.GET('/api/v1/automations')),
  });

/** POST a new rule, PATCH an existing one. */
export const useSaveRule = (kind: RuleKind, onDone: () => void) =>
  useAdminMutation(
    ({ id, ...body }: RuleDraft) =>
      kind === 'triggers'
        ? id
          ? api.PATCH('/api/v1/triggers/{id}', { params: { path: { id } }, body })
          : api.POST('/api/v1/triggers', { body })
        : id
          ? api.PATCH('/api/v1/automations/{id}', { params: { path: { id } }, body })
          : api.POST('/api/v1/automations', { body }),
    ruleKeys.list(kind),
    onDone,
  );

export const useDeleteRule = (kind: RuleKind) =>
  useAdminMutation(
    (id: number) =>
      kind === 'triggers'
        ? api.DELETE('/api/v1/triggers/{id}', { params: { path: { id } } })
        : api.DELETE('/api/v1/automations/{id}', { params: { path: { id } } }),
    ruleKeys.list(kind),
  );

export const useDuplicateRule = (kind: RuleKind) =>
  useAdminMutation(
    (id: number) =>
      kind === 'triggers'
        ? api.POST('/api/v1/triggers/{id}/duplicate', { params: { path: { id } } })
        : api.POST('/api/v1/automations/{id}/duplicate', { params: { path: { id } } }),
    ruleKeys.list(kind),
  );

export const useReorderRules = (kind: RuleKind) =>
  useAdminMutation(
    (ids: number[]) =>
      kind === 'triggers'
        ? api.PUT('/api/v1/triggers/order', { body: { ids } })
        : api.PUT('/api/v1/automations/order', { body: { ids } }),
    ruleKeys.list(kind),
  );

/** What conditions and actions would do to a ticket, by number (nothing changes). */
export const useTestRule = (kind: RuleKind) =>
  useMutation({
    mutationFn: (body: { ticketNumber: number; conditions: ConditionsView; actions: ActionView[] }) =>
      kind === 'triggers'
        ? api.POST('/api/v1/triggers/test', { body })
        : api.POST('/api/v1/automations/test', { body }),
    onError: notifyError,
  });

export const useSaveMacro = (onDone: () => void) =>
  useAdminMutation(
    ({ id, ...body }: MacroDraft) =>
      id ? api.PATCH('/api/v1/macros/{id}', { params: { path: { id } }, body }) : api.POST('/api/v1/macros', { body }),
    macroKeys.all,
    onDone,
  );

export const useDeleteMacro = () =>
  useAdminMutation((id: number) => api.DELETE('/api/v1/macros/{id}', { params: { path: { id } } }), macroKeys.all);

export const useWebhooks = () => useQuery({ queryKey: ruleKeys.webhooks, queryFn: () => api.GET('/api/v1/webhooks') });

export const useSaveWebhook = (onDone: () => void) =>
  useAdminMutation(
    ({ id, secret, ...rest }: WebhookDraft) =>
      id
        ? api.PATCH('/api/v1/webhooks/{id}', {
            params: { path: { id } },
            body: { ...rest, ...(secret ? { secret } : {}) },
          })
        : api.POST('/api/v1/webhooks', { body: { ...rest, secret: secret ?? '' } }),
    ruleKeys.webhooks,
    onDone,
  );

export const useDeleteWebhook = () =>
  useAdminMutation(
    (id: number) => api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }),
    ruleKeys.webhooks,
  );

export const useDeliveries = (id: number | null) =>
  useQuery({
    queryKey: ruleKeys.deliveries(id ?? 0),
    queryFn: () => api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: id! }, query: { limit: 50 } } }),
    enabled: id !== null,
    refetchInterval: 5000,
  });

export const usePingWebhook = () =>
  useAdminMutation(
    (id: number) => api.POST('/api/v1/webhooks/{id}/ping', { params: { path: { id } } }),
    ['admin', 'webhooks'],
  );

/** Trigger runs that failed for good (GET /triggers/runs), newest first; refreshed while shown. */
export const useFailedRuns = () =>
  useQuery({
    queryKey: ruleKeys.failedRuns,
    queryFn: () => api.GET('/api/v1/triggers/runs', { params: { query: { limit: 50 } } }),
    refetchInterval: 10_000,
  });

/** Puts a failed run back in the worker's queue. */
export const useRetryRun = () =>
  useAdminMutation(
    (id: number) => api.POST('/api/v1/triggers/runs/{id}/retry', { params: { path: { id } } }),
    ruleKeys.failedRuns,
  );
