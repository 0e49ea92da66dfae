import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { CreateCannedResponseDto } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

export type CannedResponseDraft = CreateCannedResponseDto & { id?: number };

/** POST /canned-responses for a new one, PATCH /canned-responses/:id otherwise. */
export const useSaveCannedResponse = (onDone: () => void) =>
  useAdminMutation(
    ({ id, title, body }: CannedResponseDraft) =>
      id
        ? api.PATCH('/api/v1/canned-responses/{id}', { params: { path: { id } }, body: { title, body } })
        : api.POST('/api/v1/canned-responses', { body: { title, body } }),
    keys.canned,
    onDone,
  );

export const useDeleteCannedResponse = () =>
  useAdminMutation(
    (id: number) => api.DELETE('/api/v1/canned-responses/{id}', { params: { path: { id } } }),
    keys.canned,
  );
