import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { UserRole } from '../../api/types';
import { useAdminMutation } from './admin-mutation';

/** A user as the form edits it: no id for a new one; an empty password leaves an existing one's as it is. */
export type UserDraft = { id?: number; email: string; name: string; role: UserRole; active: boolean; password: string };

/** POST /users for a new user, PATCH /users/:id otherwise (past the licence's seats the API answers 409). */
export const useSaveUser = (onDone: () => void) =>
  useAdminMutation(
    ({ id, email, name, role, active, password }: UserDraft) =>
      id
        ? api.PATCH('/api/v1/users/{id}', {
            params: { path: { id } },
            body: { name, role, active, ...(password ? { password } : {}) },
          })
        : api.POST('/api/v1/users', { body: { email, name, role, password } }),
    keys.users,
    onDone,
  );
