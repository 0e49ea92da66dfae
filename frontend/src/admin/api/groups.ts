import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { CreateGroupDto } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

/** A group as edited, with its round-robin cap (undefined: leave it as it is). */
export type GroupDraft = Required<CreateGroupDto> & { id?: number; maxOpenPerAgent?: number | null };

const roundRobinKey = (id: number) => [...keys.groups, id, 'round-robin'] as const;

/** The group's round-robin settings (the cap on new and open tickets per agent). */
export const useRoundRobin = (id: number | undefined) =>
  useQuery({
    queryKey: roundRobinKey(id ?? 0),
    queryFn: () => api.GET('/api/v1/groups/{id}/round-robin', { params: { path: { id: id! } } }),
    enabled: id !== undefined,
  });

/** POST /groups for a new group, PATCH /groups/:id otherwise; then PUT its round-robin cap if it was edited. */
export const useSaveGroup = (onDone: () => void) =>
  useAdminMutation(
    async ({ id, name, description, memberIds, maxOpenPerAgent }: GroupDraft) => {
      const body = { name, description, memberIds };
      const group = id
        ? await api.PATCH('/api/v1/groups/{id}', { params: { path: { id } }, body })
        : await api.POST('/api/v1/groups', { body });
      if (maxOpenPerAgent !== undefined)
        await api.PUT('/api/v1/groups/{id}/round-robin', {
          params: { path: { id: group.id } },
          body: { maxOpenPerAgent },
        });
      return group;
    },
    keys.groups,
    onDone,
  );

export const useDeleteGroup = () =>
  useAdminMutation((id: number) => api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } }), keys.groups);
