import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { TicketScope, UserRole } from '../../api/types';
import { useAdminMutation } from './admin-mutation';

/** A user as the form edits it: no id for a new one; an empty password leaves an existing one's as it is. */
export type UserDraft = {
  id?: number;
  email: string;
  name: string;
  role: UserRole;
  ticketScope: TicketScope;
  active: boolean;
  password: string;
  /** A new user without a password: the API mails them a set-password link. */
  invite?: boolean;
};

/** POST /users for a new user, PATCH /users/:id otherwise (past the licence's seats the API answers 409). */
export const useSaveUser = (onDone: () => void) =>
  useAdminMutation(
    ({ id, email, name, role, ticketScope, active, password, invite }: UserDraft) =>
      id
        ? api.PATCH('/api/v1/users/{id}', {
            params: { path: { id } },
            body: { name, role, ticketScope, active, ...(password ? { password } : {}) },
          })
        : api.POST('/api/v1/users', { body: { email, name, role, ticketScope, ...(invite ? {} : { password }) } }),
    keys.users,
    onDone,
  );

/** POST /users/:id/invite: a new set-password link by mail (the older one stops working); 409 for a deactivated user or an agent under enforced single sign-on. */
export const useInviteUser = (onDone: (email: string) => void) =>
  useAdminMutation(
    async (user: { id: number; email: string }) => {
      await api.POST('/api/v1/users/{id}/invite', { params: { path: { id: user.id } } });
      return user.email;
    },
    keys.users,
    onDone,
  );
