import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import type { CreateSsoProviderDto } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('sso-providers');

/**
 * A single sign-on provider as the form edits it. The client secret is write-only: the API only
 * says whether one is stored (`clientSecretSet`). `clientSecret` typed here replaces it; left
 * empty it stays as it is, unless `removeSecret` (then the provider becomes a public client).
 */
export type SsoProviderDraft = Required<Omit<CreateSsoProviderDto, 'clientSecret'>> & {
  id?: number;
  clientSecret: string;
  clientSecretSet: boolean;
  removeSecret: boolean;
};

/** What a new provider's form starts with (the API's own defaults). */
export const blankSsoProvider: SsoProviderDraft = {
  name: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  clientSecretSet: false,
  removeSecret: false,
  emailClaim: 'email',
  allowedDomains: [],
  autoCreateAgents: false,
  enforced: false,
};

/** GET /auth/providers: every provider, with the redirect URI to register at each. */
export const useSsoProviders = () =>
  useQuery({ queryKey: KEY, queryFn: async () => (await api.GET('/api/v1/auth/providers')).items });

/** The draft's secret as the API takes it: absent keeps the stored one, null removes it, text replaces it. */
const secretOf = ({ clientSecret, removeSecret }: SsoProviderDraft) =>
  clientSecret ? { clientSecret } : removeSecret ? { clientSecret: null } : {};

/**
 * POST /auth/providers for a new provider, PATCH /auth/providers/:id otherwise. The API checks the
 * issuer is https (http only on loopback) and the domains are domain names (400 naming the field).
 */
export const useSaveSsoProvider = (onDone: () => void) =>
  useAdminMutation(
    (draft: SsoProviderDraft) => {
      const { id, name, issuer, clientId, emailClaim, allowedDomains, autoCreateAgents, enforced } = draft;
      const body = {
        name,
        issuer,
        clientId,
        emailClaim,
        allowedDomains,
        autoCreateAgents,
        enforced,
        ...secretOf(draft),
      };
      return id
        ? api.PATCH('/api/v1/auth/providers/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/auth/providers', { body });
    },
    KEY,
    onDone,
  );

/** DELETE /auth/providers/:id: nobody signs in through it any more; the accounts it created stay. */
export const useDeleteSsoProvider = (onDone: () => void) =>
  useAdminMutation(
    (id: number) => api.DELETE('/api/v1/auth/providers/{id}', { params: { path: { id } } }),
    KEY,
    onDone,
  );
