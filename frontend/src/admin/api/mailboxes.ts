import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('mailboxes');

export const useMailboxes = () =>
  useQuery({ queryKey: KEY, queryFn: async () => (await api.GET('/api/v1/mailboxes')).items });

/** A mailbox as the form edits it: no id for a new one; an empty "from" means the mailbox's own address. */
export type MailboxDraft = {
  id?: number;
  address: string;
  displayName: string;
  defaultGroupId: number | null;
  outboundFrom: string;
  active: boolean;
  /** Plain text with placeholders, added to replies; empty for none. */
  signature: string;
};

/** POST /mailboxes for a new mailbox, PATCH /mailboxes/:id otherwise (the address is set once). */
export const useSaveMailbox = (onDone: () => void) =>
  useAdminMutation(
    ({ id, address, displayName, defaultGroupId, outboundFrom, active, signature }: MailboxDraft) => {
      const body = { displayName, defaultGroupId, outboundFrom: outboundFrom.trim() || null, active, signature };
      return id
        ? api.PATCH('/api/v1/mailboxes/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/mailboxes', { body: { address, ...body } });
    },
    KEY,
    onDone,
  );

export const useDeleteMailbox = () =>
  useAdminMutation((id: number) => api.DELETE('/api/v1/mailboxes/{id}', { params: { path: { id } } }), KEY);
