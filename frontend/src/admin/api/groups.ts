import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { CreateGroupDto } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

export type GroupDraft = Required<CreateGroupDto> & { id?: number };

/** POST /groups for a new group, PATCH /groups/:id otherwise. */
export const useSaveGroup = (onDone: () => void) =>
  useAdminMutation(
    ({ id, name, description, memberIds }: GroupDraft) => {
      const body = { name, description, memberIds };
      return id
        ? api.PATCH('/api/v1/groups/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/groups', { body });
    },
    keys.groups,
    onDone,
  );

export const useDeleteGroup = () =>
  useAdminMutation((id: number) => api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } }), keys.groups);
