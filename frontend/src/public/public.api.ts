import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/keys';
import type { ContactFormDto } from '../api/openapi.gen';

/** The customer's side, without a session: the contact form and the magic-link portal. */

/** POST /public/contact: resolves to the new ticket's number and portal link (an ApiError 429 when rate-limited). */
export const useContactRequest = () =>
  useMutation({ mutationFn: (form: ContactFormDto) => api.POST('/api/v1/public/contact', { body: form }) });

/** GET /public/forms: the ticket forms offered here, each with its fields visible to customers. */
export const usePublicForms = () =>
  useQuery({ queryKey: keys.publicForms, queryFn: () => api.GET('/api/v1/public/forms'), staleTime: 60_000 });

/** GET /public/tickets/:token: the ticket's public conversation (an ApiError 404 for a bad or expired link). */
export const usePortalConversation = (token: string) =>
  useQuery({
    queryKey: keys.portal(token),
    queryFn: () => api.GET('/api/v1/public/tickets/{token}', { params: { path: { token } } }),
  });

/** POST /public/tickets/:token/messages: the customer's reply; refreshes the conversation. */
export function usePortalReply(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api.POST('/api/v1/public/tickets/{token}/messages', { params: { path: { token } }, body: { body } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.portal(token) }),
  });
}
