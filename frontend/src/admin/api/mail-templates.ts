import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { MailTemplateTextDto, UpdateMailTemplateDto } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('mail-templates');

/** The automatic mails (acknowledgement, notifications), each with the placeholders it may use. */
export const useMailTemplates = () =>
  useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/mail-templates'), retry: false });

/** PUT /mail-templates/:key. */
export const useSaveMailTemplate = (key: string) =>
  useAdminMutation(
    (body: UpdateMailTemplateDto) => api.PUT('/api/v1/mail-templates/{key}', { params: { path: { key } }, body }),
    KEY,
  );

/** POST /mail-templates/:key/preview: the mail a wording would give, with sample values (nothing saved). */
export const usePreviewMailTemplate = (key: string) =>
  useMutation({
    mutationFn: (body: MailTemplateTextDto) =>
      api.POST('/api/v1/mail-templates/{key}/preview', { params: { path: { key } }, body }),
  });
